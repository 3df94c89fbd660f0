from django.db import models


class IndexState(models.Model):
    """A changing token per index ("keyword", "vectors"): processes compare it to reload their caches."""

    key = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=64)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"


class IndexSnapshot(models.Model):
    """A built in-memory index, saved for the index token it was built at, so that other processes (the web
    server, the command line) load it instead of building it again."""

    key = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=64)
    data = models.BinaryField()
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.token}"
