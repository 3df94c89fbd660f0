"""Work an ingestion run does once, and work it does outside its write transactions (SQLite has one writer:
two workers must not wait for each other's CPU work)."""

from typing import Any

from django.db import connection

from livsmiljo.documents.models import Document
from livsmiljo.documents.services import Upload, ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.factories import paragraph
from livsmiljo.search import backends, services
from livsmiljo.search.models import IndexSnapshot, IndexState


def _three_files() -> list[tuple[str, Upload]]:
    return [
        ("a.txt", paragraph(80).encode()),
        ("b.md", f"# Kultur\n\n{paragraph(70, 'Kulturen bär orten. ')}".encode()),
        ("c.md", f"# Trafik\n\n{paragraph(60, 'Bussarna går oftare. ')}".encode()),
    ]


def test_a_run_of_three_files_saves_the_keyword_index_after_each_and_leaves_it_current(
    region, owner, monkeypatch
):
    saved: list[str] = []
    refresh = services.keyword_index_refresh

    def counted() -> None:
        saved.append(IndexState.objects.get(key="keyword").token)
        refresh()

    monkeypatch.setattr(services, "keyword_index_refresh", counted)
    run = ingestion_run_create(files=_three_files(), organisation=region, user=owner, kind="plan")

    results = ingestion_run_process(run_id=run.pk)

    assert [r.status for r in results] == ["done", "done", "done"]
    # after each file (the next one's compounds split with its words), the last one's token in force now
    assert len(saved) == 3 and len(set(saved)) == 3
    assert saved[-1] == IndexState.objects.get(key="keyword").token
    if connection.vendor == "sqlite":  # the snapshot the other processes load
        assert IndexSnapshot.objects.get(key="keyword").token == saved[-1]
    assert services.search_passages(query="bussarna", user=None, mode="keyword")[0].document_id == (
        Document.objects.get(file_name="c.md").pk
    )


def test_the_vocabulary_for_indexing_is_loaded_before_the_documents_write_transaction(
    region, owner, monkeypatch
):
    outside = len(connection.atomic_blocks)  # the test's own transaction
    seen: list[tuple[int, int]] = []
    real = backends.get_backend

    class Watched:
        def __init__(self, backend: Any) -> None:
            self.backend = backend

        def vocabulary(self, *, current: bool = True) -> Any:
            seen.append((len(connection.atomic_blocks), Document.objects.count()))
            return self.backend.vocabulary(current=current)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.backend, name)

    monkeypatch.setattr(backends, "get_backend", lambda: Watched(real()))
    run = ingestion_run_create(files=_three_files()[:2], organisation=region, user=owner, kind="plan")

    ingestion_run_process(run_id=run.pk)

    # one per file, each before its document was saved and outside any transaction of the run
    assert seen == [(outside, 0), (outside, 1)]
