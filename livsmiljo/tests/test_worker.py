"""The background worker survives a locked database and being killed; `serve` restarts it and stops it."""

import signal
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from livsmiljo.documents.models import Document, IngestionRun
from livsmiljo.documents.services import Upload, ingestion_run_create
from livsmiljo.documents.tasks import ingestion_run_task
from livsmiljo.documents.tests.factories import paragraph
from livsmiljo.organisations.models import Organisation
from livsmiljo.tests.processes import (
    answers,
    children,
    database_url_of_the_tests,
    environment,
    free_port,
    livsmiljo,
    migrated_data_dir,
    rows,
    wait_for,
)
from livsmiljo.worker.runner import ResilientWorker

LOCK_HELD = 2.5  # seconds, well over the busy timeout set below
BUSY_TIMEOUT = 0.2
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}


@pytest.fixture
def organisation(transactional_db: None, django_db_serialized_rollback: None) -> Organisation:
    """Committed for real, so that the worker and the lock see it."""
    return Organisation.objects.create(name="Region Låsby", slug="lasby")


@pytest.fixture
def short_busy_timeout(settings) -> Iterator[None]:
    """SQLite gives up on a write lock after BUSY_TIMEOUT instead of 30 s, so a short lock outlasts it; on
    PostgreSQL the same through lock_timeout, which fails the statement with lock_not_available (55P03)."""
    settings.TASKS = DATABASE_QUEUE
    settings.LIVSMILJO_LOCK_RETRY_SECONDS = 60
    options = connection.settings_dict["OPTIONS"]
    key, value = (
        ("timeout", BUSY_TIMEOUT)
        if connection.vendor == "sqlite"
        else ("options", f"-c lock_timeout={int(BUSY_TIMEOUT * 1000)}")
    )
    before = options.get(key)
    options[key] = value
    connection.close()
    try:
        yield
    finally:
        if before is None:
            options.pop(key)
        else:
            options[key] = before
        connection.close()


def _hold_write_lock(seconds: float) -> threading.Timer:
    """Take the database's write lock from another connection, as another process would, for `seconds`.

    SQLite's BEGIN EXCLUSIVE (in WAL mode) stops every writer and no reader; on PostgreSQL, EXCLUSIVE mode on
    every table does the same."""
    other: Any
    if connection.vendor == "sqlite":
        other = sqlite3.connect(
            connection.settings_dict["NAME"], isolation_level=None, check_same_thread=False
        )
        other.execute("BEGIN EXCLUSIVE")
    else:
        import psycopg

        other = psycopg.connect(database_url_of_the_tests())
        tables = other.execute(b"SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
        other.execute(f"LOCK TABLE {', '.join(t for (t,) in tables)} IN EXCLUSIVE MODE".encode())

    def release_it() -> None:
        other.rollback()
        other.close()

    release = threading.Timer(seconds, release_it)
    release.start()
    return release


def _queued_run(organisation: Organisation) -> IngestionRun:
    text = "\n\n".join(paragraph(80, f"Del {i}. ") for i in range(3))
    files: list[tuple[str, Upload]] = [("plan.txt", text.encode())]
    return ingestion_run_create(files=files, organisation=organisation, user=None, kind="plan")


def _complete(run: IngestionRun) -> bool:
    run.refresh_from_db()
    document = Document.objects.get()
    missing = document.passages.filter(embedding__isnull=True).exists()
    return run.status == IngestionRun.Status.DONE and not missing and not document.passages.filter(tag=None)


def test_a_task_that_meets_a_write_lock_longer_than_the_busy_timeout_finishes_after_it(
    organisation, short_busy_timeout
):
    run = _queued_run(organisation)
    release = _hold_write_lock(LOCK_HELD)

    ingestion_run_task.call(run.pk)

    release.join()
    assert _complete(run)


def test_the_worker_polls_through_a_locked_database_and_runs_the_task_once_it_is_released(
    organisation, short_busy_timeout
):
    run = _queued_run(organisation)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 1
    release = _hold_write_lock(LOCK_HELD)
    worker = ResilientWorker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )

    worker.run()  # batch: returns once the queue is empty

    release.join()
    assert worker._run_tasks == 1
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert _complete(run)


# --- `livsmiljo serve` as a real process ------------------------------------------------------------


def test_serve_restarts_a_killed_worker_which_then_works_the_queue_and_sigterm_stops_both(tmp_path: Path):
    data_dir = migrated_data_dir(tmp_path / "data")
    env, port, log = environment(data_dir), free_port(), tmp_path / "serve.log"
    with log.open("wb") as output:
        serve = subprocess.Popen(
            livsmiljo("serve", "--port", str(port)), env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        first = wait_for(lambda: children(serve.pid), 30, "the worker")[0]
        wait_for(lambda: answers(f"http://127.0.0.1:{port}/"), 30, "the site")

        subprocess.run(["kill", "-KILL", str(first)], check=True)
        second = wait_for(lambda: [p for p in children(serve.pid) if p != first], 15, "a new worker")[0]
        assert "stopped with exit code -9; restarting it" in log.read_text()

        text = paragraph(80).replace("'", " ")
        create = (
            "from livsmiljo.documents.services import ingestion_run_create as c;"
            "from livsmiljo.organisations.models import Organisation as O;"
            f"c(files=[('a.txt', '{text}'.encode())], organisation=O.objects.get(slug='skane'),"
            " user=None, kind='rus')"
        )
        subprocess.run(livsmiljo("shell", "-c", create), env=env, check=True, capture_output=True)
        database = data_dir / "livsmiljo.sqlite3"
        status = "SELECT status FROM documents_ingestionrun"
        wait_for(lambda: rows(database, status) == [("done",)], 60, "the restarted worker to ingest")

        stopping = time.monotonic()
        serve.send_signal(signal.SIGTERM)
        serve.wait(timeout=15)
        assert time.monotonic() - stopping < 10
        assert second not in children(1) and not Path(f"/proc/{second}/stat").exists()
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()


def test_postgresql_deadlocks_serialization_failures_and_lock_timeouts_are_waited_out_and_nothing_else():
    from django.db import OperationalError
    from psycopg import errors

    from livsmiljo.worker.locks import database_locked

    def wrapped(cause: Exception) -> OperationalError:
        error = OperationalError(str(cause))  # as Django raises it: the driver's error is the cause
        error.__cause__ = cause
        return error

    retried = [errors.DeadlockDetected("d"), errors.SerializationFailure("s"), errors.LockNotAvailable("l")]
    assert all(database_locked(wrapped(cause)) for cause in retried)
    assert not database_locked(wrapped(errors.AdminShutdown("terminating connection")))
    assert not database_locked(wrapped(errors.DiskFull("could not extend file")))
