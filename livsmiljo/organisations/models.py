from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        AGENCY = "myndighet", _("Myndighet")
        PARTNER = "partner", _("Samarbetspartner")
        OTHER = "annan", _("Annan")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.REGION)
    # The organisation's own choice: its strategy profile may go on the project's public website.
    publish_profile = models.BooleanField(_("publicera strategiprofilen"), default=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person in the learning project. Staff are facilitators and see everything."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )

    @property
    def is_facilitator(self) -> bool:
        return self.is_staff


class AuditEntry(models.Model):
    """What a service did, who did it, and to what (pretix's log_action)."""

    created_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("loggpost")
        verbose_name_plural = _("loggposter")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
