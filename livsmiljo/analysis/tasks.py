"""Background work: a task takes a run's id and calls the service (which records progress on the row)."""

from django_tasks import task

from livsmiljo.analysis.models import RetagRun
from livsmiljo.analysis.services import retag_execute


@task()
def retag_task(run_id: int) -> None:
    run = RetagRun.objects.filter(pk=run_id).first()
    if run is not None:
        retag_execute(run=run)
