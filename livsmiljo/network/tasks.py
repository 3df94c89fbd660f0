"""Background work for the network: a task takes a page's id and calls the service."""

from django_tasks import task

from livsmiljo.network.matching import page_vectors_compute


@task()
def page_vectors_task(page_id: int) -> None:
    """Embed a person page's sentences and tag its themes (nothing to do if they are current)."""
    page_vectors_compute(page_id=page_id)
