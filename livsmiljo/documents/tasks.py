"""Background work: a task takes a run's id and calls the service (which records progress on the row)."""

from django_tasks import task

from livsmiljo.documents.services import ingestion_run_process


@task()
def ingestion_run_task(run_id: int) -> None:
    ingestion_run_process(run_id=run_id)


@task()
def reextraction_run_task(run_id: int) -> None:
    from livsmiljo.documents.reextraction import reextraction_run_process

    reextraction_run_process(run_id=run_id)
