"""The task worker: django-tasks-db's database worker, made to survive what used to end it.

Upstream, a "database is locked" while opening the claiming transaction, or while recording a task's
result, ended the worker process for good. Here every poll is retried with backoff, a poll that fails
for any other reason is logged and retried, stale runs are resumed, and a stop signal ends the worker
at once (the interrupted run is resumed by the next worker) instead of after the current task.

Several workers (on one machine or several) share the queue: a task is claimed by one of them in a locking
transaction (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL, an exclusive transaction on SQLite), and a
task whose function and arguments equal those of a task another worker is running (the same run queued
twice: a retry and a resume at once) waits its turn instead of working the same files at the same time
(`leases`). Each worker also writes a heartbeat of its own (`alive`) for the health endpoint.
"""

import logging
import sys
import time
from types import FrameType
from typing import Any

from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from livsmiljo.search.vector_index import vector_index_check
from livsmiljo.worker import leases
from livsmiljo.worker.alive import Pulse
from livsmiljo.worker.locks import backoff, database_locked, retry_when_locked
from livsmiljo.worker.recovery import stale_runs_resume

logger = logging.getLogger(__name__)
SWEEP_EVERY = 15.0


class ResilientWorker(Worker):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.failures = 0
        self.next_sweep = 0.0

    def run(self) -> None:
        logger.info("worker %s started", self.worker_id)
        self.start_checks()
        pulse = Pulse(self.worker_id)
        pulse.start()
        try:
            self._loop()
        finally:
            pulse.stop()

    def _loop(self) -> None:
        while self.running:
            try:
                self.sweep()
                ran = self.poll()
            except Exception as error:
                self.failures += 1
                delay = backoff(self.failures)
                if database_locked(error):
                    logger.warning("worker: the database is locked; polling again in %.1f s", delay)
                else:
                    logger.exception("worker: polling failed; trying again in %.1f s", delay)
                close_old_connections()
                time.sleep(delay)
                continue
            self.failures = 0
            if (self.batch and not ran) or (self.max_tasks and self._run_tasks >= self.max_tasks):
                return
            if self.running and not ran:
                time.sleep(self.interval)

    def start_checks(self) -> None:
        """Work that may have been lost with a killed worker: a search index build it did not finish."""
        try:
            vector_index_check()
        except Exception:  # the worker's own work matters more; the next write past the size queues it
            logger.exception("worker: the search index check failed")
            close_old_connections()

    def sweep(self) -> None:
        if time.monotonic() >= self.next_sweep:
            stale_runs_resume()
            self.next_sweep = time.monotonic() + SWEEP_EVERY

    def poll(self) -> bool:
        """Claim one ready task and run it; False when there was none."""
        close_old_connections()
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            task_result = tasks.get_locked()
            if task_result is not None:
                task_result.claim(self.worker_id)
        if task_result is None:
            return False
        self.run_task(task_result)
        close_old_connections()
        return True

    def run_task(self, db_task_result: DBTaskResult) -> None:
        # Recording the outcome must not fail on a lock either (upstream lets that end the worker).
        for name in ("set_successful", "set_failed"):
            record = getattr(db_task_result, name)
            setattr(db_task_result, name, _patient(record, what=f"task {db_task_result.pk}: {name}"))
        lease = leases.take(db_task_result, self.worker_id)
        if lease is None:
            leases.postpone(db_task_result)
            return
        with lease:
            super().run_task(db_task_result)

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        """Stop now, also in the middle of a task: its run is marked interrupted and resumed later."""
        logger.warning("worker %s: stopping on signal %d", self.worker_id, signum)
        self.running = False
        self.reset_signals()
        sys.exit(0)


def _patient(record: Any, *, what: str) -> Any:
    def call(*args: Any) -> None:
        retry_when_locked(lambda: record(*args), what=what)

    return call
