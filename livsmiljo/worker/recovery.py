"""Resuming runs whose process died: the worker sweeps for stale heartbeats at start and every few seconds.

A run is stale when it is `running` with a heartbeat older than LIVSMILJO_RUN_STALE_SECONDS (or none:
interrupted on purpose), or `queued` that long with no task waiting for it. It is queued again, and its
work resumes where it stopped (each run's processing skips what is finished). A run resumed
LIVSMILJO_RUN_MAX_RESUMES times (a file that kills its process every time) is failed with a reason.
"""

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.worker.heartbeat import stale_before

logger = logging.getLogger(__name__)
QUEUED, RUNNING, FAILED = "queued", "running", "failed"


@dataclass(frozen=True)
class Resumable:
    """A kind of run: its model (with status, message, heartbeat_at, resumes), its task, and the reason
    given when it is failed after too many resumes."""

    model: Any
    task: Any
    gave_up: str


def stale_runs_resume() -> int:
    """Queue every stale run again, or fail it when it was resumed too often; returns how many changed."""
    return sum(_resume_stale(kind) for kind in _resumables())


def _resumables() -> list[Resumable]:
    from livsmiljo.analysis.models import RetagRun
    from livsmiljo.analysis.tasks import retag_task
    from livsmiljo.documents.models import IngestionRun, ReextractionRun
    from livsmiljo.documents.tasks import ingestion_run_task, reextraction_run_task

    return [
        Resumable(
            IngestionRun,
            ingestion_run_task,
            _(
                "Bearbetningen avbröts gång på gång och har stoppats. Försök igen med färre filer; "
                "hör av dig till en administratör om det upprepas."
            ),
        ),
        Resumable(
            ReextractionRun,
            reextraction_run_task,
            _(
                "Dokumentet är oförändrat. Omläsningen avbröts gång på gång och har stoppats; "
                "hör av dig till en administratör."
            ),
        ),
        Resumable(
            RetagRun,
            retag_task,
            _(
                "Omtaggningen avbröts gång på gång och har stoppats. Starta den igen; "
                "hör av dig till en administratör om det upprepas."
            ),
        ),
    ]


def _resume_stale(kind: Resumable) -> int:
    cutoff = stale_before()
    stale = kind.model.objects.filter(
        Q(status=RUNNING, heartbeat_at__isnull=True)
        | Q(status__in=[QUEUED, RUNNING], heartbeat_at__lt=cutoff)
        | Q(status=QUEUED, heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    waiting = _waiting_run_ids(kind.task)
    return sum(_resume(kind, run) for run in stale if not (run.status == QUEUED and run.pk in waiting))


def _waiting_run_ids(task: Any) -> set[int]:
    """Runs with a task in the queue that no worker has taken yet: they are waiting their turn."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    pending = DBTaskResult.objects.filter(status=TaskResultStatus.READY, task_path=task.module_path)
    return {
        args[0]
        for args in (row.get("args") or [] for row in pending.values_list("args_kwargs", flat=True))
        if args and isinstance(args[0], int)
    }


def _resume(kind: Resumable, run: Any) -> int:
    # Only if nobody changed the run since it was read: two sweeping workers resume it once.
    unchanged = kind.model.objects.filter(pk=run.pk, status=run.status, heartbeat_at=run.heartbeat_at)
    name = f"{kind.model.__name__} {run.pk}"
    if run.resumes >= settings.LIVSMILJO_RUN_MAX_RESUMES:
        logger.error("%s was interrupted %d times; failing it", name, run.resumes + 1)
        return int(unchanged.update(status=FAILED, finished_at=timezone.now(), message=kind.gave_up[:500]))
    changed = unchanged.update(
        status=QUEUED,
        heartbeat_at=timezone.now(),
        resumes=F("resumes") + 1,
        message=_("Arbetet avbröts och återupptas automatiskt; det som redan är klart görs inte om."),
    )
    if changed:
        logger.warning("%s lost its process (last heartbeat %s); queued again", name, run.heartbeat_at)
        transaction.on_commit(lambda: kind.task.enqueue(run.pk))
    return int(changed)
