"""Interrupted ingestion finishes: a real `livsmiljo ingest` killed mid-way, then run again."""

import json
import signal
import sqlite3
import subprocess
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from livsmiljo.analysis.models import PassageTag, RetagRun
from livsmiljo.documents.models import Document, IngestionFile, IngestionRun, ReextractionRun
from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.factories import paragraph
from livsmiljo.tests.processes import environment, livsmiljo, migrated_data_dir, rows
from livsmiljo.worker.recovery import stale_runs_resume

SEARCHABLE_WITHIN = 60.0


def _wait_until_searchable(process: subprocess.Popen[bytes], database: Path) -> None:
    deadline = time.monotonic() + SEARCHABLE_WITHIN
    while time.monotonic() < deadline:
        assert process.poll() is None, "ingest ended before the file became searchable"
        try:
            if rows(database, "SELECT 1 FROM documents_ingestionfile WHERE status = 'searchable'"):
                return
        except sqlite3.OperationalError:  # a write in progress; look again
            pass
        time.sleep(0.02)
    raise AssertionError("the file never became searchable")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return migrated_data_dir(tmp_path / "data")


def test_an_ingestion_killed_after_the_file_became_searchable_finishes_when_run_again(data_dir, tmp_path):
    text = "\n\n".join(paragraph(110, f"Avsnitt {i} om bostäder, tåg och skolor. ") for i in range(16))
    source = tmp_path / "strategi.txt"
    source.write_text(text, encoding="utf-8")
    database, env = data_dir / "livsmiljo.sqlite3", environment(data_dir)
    command = livsmiljo("ingest", str(source), "--organisation", "skane", "--json")

    first = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_until_searchable(first, database)
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    missing = "SELECT count(*) FROM documents_passage WHERE embedding IS NULL"
    assert rows(database, missing)[0][0] > 0, "killed too late: every passage already had its vector"

    second = subprocess.run(command, env=env, capture_output=True, timeout=120)
    line = json.loads(second.stdout.decode().splitlines()[-1])

    assert second.returncode == 0, second.stderr.decode()[-2000:]
    assert line["status"] == "duplicate" and line["passages"] > 0
    assert rows(database, missing)[0][0] == 0
    untagged = (
        "SELECT count(*) FROM documents_passage p "
        "LEFT JOIN analysis_passagetag t ON t.passage_id = p.id WHERE t.id IS NULL"
    )
    assert rows(database, untagged)[0][0] == 0
    runs = rows(database, "SELECT status, message FROM documents_ingestionrun ORDER BY id")
    assert len(runs) == 2
    assert all(status in ("done", "failed") and message for status, message in runs), runs
    files = rows(database, "SELECT status FROM documents_ingestionfile ORDER BY id")
    assert files == [("done",), ("duplicate",)]


# --- in one process: what the kill leaves behind, and what finishes it ---------------------------------


def _interrupted_run(region, user=None):
    """A run as a kill after the keyword phase leaves it: passages without vectors or tags, `running`."""
    run = ingestion_run_create(
        files=[("plan.txt", "\n\n".join(paragraph(90, f"Del {i}. ") for i in range(4)).encode())],
        organisation=region,
        user=user,
        kind="plan",
    )
    ingestion_run_process(run_id=run.pk)
    document = Document.objects.get()
    document.passages.update(embedding=None)
    PassageTag.objects.filter(document=document).delete()
    run.files.update(status=IngestionFile.Status.SEARCHABLE, progress=40)
    IngestionRun.objects.filter(pk=run.pk).update(
        status=IngestionRun.Status.RUNNING, finished_at=None, heartbeat_at=timezone.now()
    )
    return run, document


def _complete(document: Document) -> bool:
    passages = document.passages.all()
    return (
        not passages.filter(embedding__isnull=True).exists()
        and not passages.filter(tag__isnull=True).exists()
    )


def test_a_duplicate_of_an_unfinished_document_finishes_it_and_closes_the_interrupted_run(region, owner):
    old, document = _interrupted_run(region, owner)
    data = document.file.open("rb").read()
    new = ingestion_run_create(files=[("plan.txt", data)], organisation=region, user=owner, kind="plan")

    results = ingestion_run_process(run_id=new.pk)

    assert results[0].status == "duplicate" and _complete(document)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (IngestionRun.Status.DONE, IngestionRun.Status.DONE)
    assert f"Slutfördes av uppladdning {new.pk}." in old.message
    assert old.files.get().status == IngestionFile.Status.DONE


def test_a_run_stopped_by_a_signal_is_left_for_the_worker_which_resumes_it(
    region, owner, django_capture_on_commit_callbacks
):
    run = ingestion_run_create(
        files=[("a.txt", paragraph(80).encode())], organisation=region, user=owner, kind="rus"
    )

    def stop(percent: int, message: str) -> None:
        if percent >= 30:  # in the embedding phase
            raise SystemExit(143)

    with pytest.raises(SystemExit):
        ingestion_run_process(run_id=run.pk, on_progress=stop)
    run.refresh_from_db()
    assert (run.status, run.heartbeat_at) == (IngestionRun.Status.RUNNING, None)
    assert "återupptas automatiskt" in run.message

    with django_capture_on_commit_callbacks(execute=True):
        assert stale_runs_resume() == 1
    run.refresh_from_db()
    assert (run.status, run.resumes) == (IngestionRun.Status.DONE, 1)
    assert _complete(Document.objects.get())


def test_a_run_whose_heartbeat_went_stale_is_resumed_and_a_live_one_is_not(
    region, owner, settings, django_capture_on_commit_callbacks
):
    settings.LIVSMILJO_RUN_STALE_SECONDS = 60
    run, document = _interrupted_run(region, owner)
    with django_capture_on_commit_callbacks(execute=True):
        assert stale_runs_resume() == 0
    IngestionRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(seconds=61))

    with django_capture_on_commit_callbacks(execute=True):
        assert stale_runs_resume() == 1

    run.refresh_from_db()
    assert run.status == IngestionRun.Status.DONE and _complete(document)


def test_a_run_interrupted_again_and_again_ends_failed_with_a_reason(region, owner, settings):
    settings.LIVSMILJO_RUN_MAX_RESUMES = 3
    run, _document = _interrupted_run(region, owner)
    IngestionRun.objects.filter(pk=run.pk).update(heartbeat_at=None, resumes=3)

    assert stale_runs_resume() == 1

    run.refresh_from_db()
    assert run.status == IngestionRun.Status.FAILED and run.finished_at is not None
    assert "avbröts gång på gång" in run.message


def test_stale_reextraction_and_retag_runs_are_resumed_to_the_end(
    region, facilitator, django_capture_on_commit_callbacks
):
    _run, document = _interrupted_run(region)
    stale = timezone.now() - timedelta(hours=1)
    reextraction = ReextractionRun.objects.create(
        document=document, status=ReextractionRun.Status.RUNNING, heartbeat_at=stale
    )
    retag = RetagRun.objects.create(user=facilitator, status=RetagRun.Status.RUNNING, heartbeat_at=stale)
    IngestionRun.objects.update(status=IngestionRun.Status.DONE)

    with django_capture_on_commit_callbacks(execute=True):
        assert stale_runs_resume() == 2

    reextraction.refresh_from_db()
    retag.refresh_from_db()
    assert (reextraction.status, retag.status) == (ReextractionRun.Status.DONE, RetagRun.Status.DONE)
    assert _complete(document)


def test_the_organisation_may_retry_a_command_line_run_soon_after_its_heartbeat_stopped(
    region, owner_client, outsider_client, settings, django_capture_on_commit_callbacks
):
    settings.LIVSMILJO_RUN_STALE_SECONDS = 120
    run, document = _interrupted_run(region, user=None)
    retry = reverse("documents:run_retry", args=[run.pk])
    assert outsider_client.post(retry).status_code == 404
    owner_client.post(retry)
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.RUNNING  # still beating: nothing to retry yet

    IngestionRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=3))
    assert "Försök igen" in owner_client.get(reverse("documents:run", args=[run.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert owner_client.post(retry).status_code == 302

    run.refresh_from_db()
    assert run.status == IngestionRun.Status.DONE and _complete(document)


def test_a_second_run_that_reaches_a_document_already_tagged_leaves_its_tags_alone(region, owner):
    """Two runs that got the same file both decide to finish its document; the one that gets the
    document's lease second finds the work done and does not tag again (a tag changed since stays)."""
    from livsmiljo.documents import services

    run, document = _interrupted_run(region, owner)
    late = run.files.get()  # the second run's view of the file: decided before the first one finished
    ingestion_run_process(run_id=run.pk)
    assert _complete(document)
    marked = PassageTag.objects.filter(document=document).first()
    assert marked is not None
    PassageTag.objects.filter(pk=marked.pk).update(themes=["markerad"])

    services._embed_and_tag(late, services._Reporter(run, 1, None))

    marked.refresh_from_db()
    assert marked.themes == ["markerad"]


def test_a_document_whose_lease_another_worker_holds_is_waited_for_not_worked_twice(region, owner, settings):
    from django.core.cache import cache

    from livsmiljo.worker import leases

    _, document = _interrupted_run(region, owner)
    key = f"document-work:{document.pk}"
    assert cache.add(key, "another-worker", timeout=60)
    with pytest.raises(leases.Busy), leases.held(key, wait=0.3, poll=0.1):
        pass
    assert not _complete(document)  # nothing was done while the other worker held it
    cache.delete(key)
    with leases.held(key, wait=0.3, poll=0.1):
        assert cache.get(key) != "another-worker"
    assert cache.get(key) is None  # released
