"""One task at a time per function and arguments, across every worker.

Claiming makes sure that one *task* row is run by one worker. The same work can still be queued twice (a
user retries a run just as a worker resumes it): two tasks, one run. Without this, two workers would read,
index and tag the same files at the same moment; the unique content hash keeps the document single, but the
run's files could end up marked as duplicates of themselves. So a worker first takes a lease in the shared
cache (an atomic add: Redis SET NX, or an insert into the cache table); a worker that finds the lease taken
puts its task back for a little later, when it finds the work done and finishes at once.

A lease lasts LIVSMILJO_RUN_STALE_SECONDS and is renewed from a thread while the task runs, so a killed
worker's lease runs out when its run is resumed anyway (`recovery`).
"""

import hashlib
import json
import logging
import threading
from datetime import timedelta
from types import TracebackType

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
POSTPONE_SECONDS = 10.0


def lease_key(db_task_result: DBTaskResult) -> str:
    arguments = json.dumps(db_task_result.args_kwargs, sort_keys=True, default=str)
    digest = hashlib.sha256(f"{db_task_result.task_path}:{arguments}".encode()).hexdigest()[:32]
    return f"task-lease:{digest}"


class Lease:
    def __init__(self, key: str, owner: str, seconds: int | None = None) -> None:
        self.key, self.owner = key, owner
        self.seconds = seconds or max(int(settings.LIVSMILJO_RUN_STALE_SECONDS), 1)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._renew, name="task-lease", daemon=True)

    def __enter__(self) -> "Lease":
        if not connection.in_atomic_block:  # as in Pulse: no second connection inside a test's transaction
            self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
        try:
            if caches["default"].get(self.key) == self.owner:
                caches["default"].delete(self.key)
        except Exception:  # it runs out by itself
            logger.info("lease %s: could not release it", self.key)

    def _renew(self) -> None:
        try:
            while not self._stop.wait(max(self.seconds / 4, 0.2)):
                try:
                    caches["default"].set(self.key, self.owner, timeout=self.seconds)
                except Exception as error:
                    logger.warning("lease %s: could not renew it: %s", self.key, error)
        finally:
            connections.close_all()


def take(db_task_result: DBTaskResult, owner: str) -> Lease | None:
    """The lease for this task's work, or None when another worker holds it."""
    key = lease_key(db_task_result)
    seconds = max(int(settings.LIVSMILJO_RUN_STALE_SECONDS), 1)
    if caches["default"].add(key, owner, timeout=seconds):
        return Lease(key, owner)
    logger.info("task %s: the same work is running in another worker; later", db_task_result.pk)
    return None


def postpone(db_task_result: DBTaskResult) -> None:
    """Back in the queue, ready again in a few seconds (no worker counts it as run)."""
    DBTaskResult.objects.filter(pk=db_task_result.pk).update(
        status=TaskResultStatus.READY,
        started_at=None,
        run_after=timezone.now() + timedelta(seconds=POSTPONE_SECONDS),
    )


class Busy(Exception):
    """Another worker held the work's lease for longer than we were willing to wait."""


HELD_SECONDS = 15  # a held lease lives this long unless renewed (every HELD_SECONDS / 4 while its work runs)


def held(key: str, *, wait: float | None = None, poll: float = 1.0) -> Lease:
    """The lease `key`, waiting while another process holds it (at most `wait` seconds, by default
    LIVSMILJO_RUN_STALE_SECONDS); raises Busy after that.

    For work inside a task that two different tasks may reach at once: two runs that got the same file
    each come to its document's embedding and tagging, and only one must do them. The lease is short and
    renewed while the work runs, so a killed holder blocks the document for HELD_SECONDS at most."""
    import os
    import time
    import uuid

    owner = f"{os.getpid()}:{uuid.uuid4().hex}"
    patience = max(float(settings.LIVSMILJO_RUN_STALE_SECONDS), 1.0) if wait is None else wait
    deadline = time.monotonic() + patience
    while not caches["default"].add(key, owner, timeout=HELD_SECONDS):
        if time.monotonic() >= deadline:
            raise Busy(key)
        time.sleep(poll)
    return Lease(key, owner, seconds=HELD_SECONDS)
