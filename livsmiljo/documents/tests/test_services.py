import os

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from livsmiljo.documents.models import Document, IngestionFile, IngestionRun, Page, Passage
from livsmiljo.documents.services import (
    document_delete,
    document_update,
    ingestion_run_create,
    ingestion_run_process,
)
from livsmiljo.documents.tests.factories import (
    broken_pdf_bytes,
    docx_bytes,
    page_lines,
    paragraph,
    pdf_bytes,
    zip_bomb_docx_bytes,
)
from livsmiljo.organisations.models import AuditEntry


def _strategy_pdf() -> bytes:
    return pdf_bytes(
        [
            page_lines("1 Inledning", paragraph(90), paragraph(70)),
            page_lines("2 Kollektivtrafik", paragraph(120, "Tåg och bussar ska gå oftare mellan orterna. ")),
        ],
        title="Regional utvecklingsstrategi för Exempelregionen",
    )


def _ingest(files, organisation, user, **kwargs):
    run = ingestion_run_create(files=files, organisation=organisation, user=user, kind="rus", **kwargs)
    return run, ingestion_run_process(run_id=run.pk)


def test_a_pdf_becomes_a_document_with_pages_and_cited_passages(region, owner):
    run, results = _ingest([("strategi.pdf", _strategy_pdf())], region, owner, year=2022)
    document = Document.objects.get()
    assert results[0].status == "done" and results[0].document_id == document.pk
    assert document.title == "Regional utvecklingsstrategi för Exempelregionen"
    assert (document.file_name, document.file_format, document.year, document.page_count) == (
        "strategi.pdf",
        "pdf",
        2022,
        2,
    )
    assert list(document.pages.values_list("number", flat=True)) == [1, 2]
    passage = document.passages.get(page=2)
    assert passage.heading == "2 Kollektivtrafik"
    assert passage.embedding is not None
    run.refresh_from_db()
    assert (run.status, run.progress) == (IngestionRun.Status.DONE, 100)
    assert AuditEntry.objects.filter(action="document.create", object_id=str(document.pk)).exists()


def test_the_same_file_twice_is_one_document(region, owner):
    data = _strategy_pdf()
    _ingest([("a.pdf", data)], region, owner)
    _run, results = _ingest([("kopia.pdf", data)], region, owner)
    assert Document.objects.count() == 1
    assert results[0].status == "duplicate"
    assert results[0].document_id == Document.objects.get().pk


def test_a_failed_file_leaves_nothing_behind_and_the_others_still_succeed(region, owner):
    files = [
        ("trasig.pdf", broken_pdf_bytes()),
        ("bomb.docx", zip_bomb_docx_bytes()),
        ("plan.docx", docx_bytes([("h1", "Bostadsplan"), ("p", paragraph(80))])),
    ]
    run, results = _ingest(files, region, owner)
    assert [r.status for r in results] == ["failed", "failed", "done"]
    assert "trasig" in results[0].error and "säkerhetsskäl" in results[1].error
    assert Document.objects.count() == 1 and Document.objects.get().title == "Bostadsplan"
    assert Page.objects.count() == 1
    assert Passage.objects.exclude(document__title="Bostadsplan").count() == 0
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.DONE
    assert "1 misslyckades" not in run.message and "2 misslyckades" in run.message


def test_a_file_over_the_limit_is_refused_without_being_stored(region, owner, settings):
    settings.LIVSMILJO_MAX_UPLOAD_MB = 1
    run, results = _ingest([("stor.txt", b"ord " * 400_000)], region, owner)
    item = run.files.get()
    assert results[0].status == "failed" and "gränsen är 1 MB" in results[0].error
    assert not item.upload
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.FAILED
    assert not Document.objects.exists()


def test_a_crashed_run_can_be_processed_again_without_duplicates(region, owner):
    run = ingestion_run_create(
        files=[("a.txt", paragraph(80).encode()), ("b.md", f"# Kultur\n\n{paragraph(70)}".encode())],
        organisation=region,
        user=owner,
        kind="plan",
    )
    ingestion_run_process(run_id=run.pk)
    IngestionRun.objects.filter(pk=run.pk).update(status=IngestionRun.Status.RUNNING, progress=40)
    results = ingestion_run_process(run_id=run.pk)
    assert [r.status for r in results] == ["done", "done"]
    assert Document.objects.count() == 2


def test_the_title_falls_back_to_the_first_heading_and_then_the_file_name(region, owner):
    _ingest(
        [
            ("p001.txt", paragraph(70).encode()),
            ("k.md", f"# Klimatplan\n\n{paragraph(70, 'Vind. ')}".encode()),
        ],
        region,
        owner,
    )
    assert set(Document.objects.values_list("title", "file_name")) == {
        ("p001", "p001.txt"),
        ("Klimatplan", "k.md"),
    }


def test_processing_reports_progress_to_the_caller(region, owner):
    seen = []
    run = ingestion_run_create(
        files=[("a.txt", paragraph(90).encode())], organisation=region, user=owner, kind="rus"
    )
    ingestion_run_process(run_id=run.pk, on_progress=lambda percent, message: seen.append(percent))
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)


def test_creating_a_run_queues_it_after_commit(region, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run = ingestion_run_create(
            files=[("a.txt", paragraph(70).encode())], organisation=region, user=owner, kind="rus"
        )
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.DONE
    assert run.files.get().status == IngestionFile.Status.DONE


def test_a_member_cannot_upload_for_another_organisation(other_region, owner):
    with pytest.raises(PermissionDenied):
        ingestion_run_create(files=[("a.txt", b"text")], organisation=other_region, user=owner, kind="rus")


def test_it_rejects_an_unknown_kind_and_an_impossible_year(region, owner):
    with pytest.raises(ValidationError):
        ingestion_run_create(files=[("a.txt", b"text")], organisation=region, user=owner, kind="roman")
    with pytest.raises(ValidationError):
        ingestion_run_create(files=[("a.txt", b"text")], organisation=region, user=owner, kind="rus", year=22)
    assert not IngestionRun.objects.exists()


def test_members_update_and_share_their_organisations_document(region, owner, member):
    _ingest([("a.txt", paragraph(70).encode())], region, owner)
    document = Document.objects.get()
    document_update(document=document, user=member, title="Ny titel", kind="plan", year=2030, shared=True)
    document.refresh_from_db()
    assert (document.title, document.kind, document.year, document.shared) == ("Ny titel", "plan", 2030, True)
    assert AuditEntry.objects.filter(action="document.update").exists()


def test_an_outsider_can_neither_update_nor_delete(region, owner, outsider):
    _ingest([("a.txt", paragraph(70).encode())], region, owner)
    document = Document.objects.get()
    with pytest.raises(PermissionDenied):
        document_update(document=document, user=outsider, title="Kapad", kind="rus", year=None, shared=True)
    with pytest.raises(PermissionDenied):
        document_delete(document=document, user=outsider)
    document.refresh_from_db()
    assert document.title == "a"


def test_deleting_removes_document_pages_passages_and_file(
    region, owner, facilitator, django_capture_on_commit_callbacks
):
    _ingest([("a.txt", paragraph(70).encode())], region, owner)
    document = Document.objects.get()
    stored = document.file.path
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(document=document, user=facilitator)
    assert not Document.objects.exists() and not Page.objects.exists() and not Passage.objects.exists()
    assert not os.path.exists(stored)


def test_a_failed_file_keeps_its_upload_and_a_stored_one_does_not(region, owner):
    run, _results = _ingest(
        [("ok.txt", paragraph(70).encode()), ("trasig.pdf", broken_pdf_bytes())], region, owner
    )
    ok, failed = run.files.order_by("pk")
    assert not ok.upload
    assert failed.upload and failed.upload.read() == broken_pdf_bytes()


class _Killed(BaseException):
    """Stands in for SIGKILL (an OOM kill): the process ends without running any cleanup."""


def test_a_run_killed_while_saving_leaves_no_orphan_file_once_it_is_run_again(
    region, owner, settings, monkeypatch
):
    from pathlib import Path

    from livsmiljo.documents import services
    from livsmiljo.search import services as search_services

    run = ingestion_run_create(
        files=[("plan.txt", paragraph(80).encode())], organisation=region, user=owner, kind="plan"
    )
    index = search_services.passages_index

    def killed(*, document: Document) -> None:
        raise _Killed

    monkeypatch.setattr(search_services, "passages_index", killed)
    monkeypatch.setattr(services.default_storage, "delete", lambda name: None)  # a kill runs no cleanup
    with pytest.raises(_Killed):
        ingestion_run_process(run_id=run.pk)
    assert not Document.objects.exists()
    monkeypatch.undo()
    assert search_services.passages_index is index

    results = ingestion_run_process(run_id=run.pk)
    assert [r.status for r in results] == ["done"]
    document = Document.objects.get()
    stored = {
        str(p.relative_to(settings.MEDIA_ROOT)) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()
    }
    assert stored == {document.file.name}
    assert document.file.read() == paragraph(80).encode()
