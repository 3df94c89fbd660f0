"""The PostgreSQL backend's merged keyword segment and its compaction (PostgreSQL pass only)."""

import threading

import numpy as np
import pytest
from django.db import connection, connections, transaction

from livsmiljo.engine.text import analyse_query, stems
from livsmiljo.search.backends import IndexRow
from livsmiljo.search.backends.postgres import (
    COMPACT_FROM,
    POSTING,
    DjangoSql,
    PostgresBackend,
    pack,
    pack_many,
)
from livsmiljo.search.backends.sqlite import RawSql, SqliteBackend
from livsmiljo.search.backends.vectors import StaticVectors, VectorMatrix
from livsmiljo.search.services import keyword_index_refresh, passages_index, search_passages
from livsmiljo.search.tests.test_postgres_backend import QUERIES, TEXTS
from livsmiljo.search.tests.test_services import FOREST, HEALTH, TRAFFIC

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the PostgreSQL backend needs a PostgreSQL database"
)

CHANGED = {7: (20, "Hälsa", "psykisk hälsa och bussar till vårdcentralen på landsbygden")}


def _rows(texts: dict[int, tuple[int, str, str]]) -> list[IndexRow]:
    return [
        IndexRow(passage_id=i, document_id=d, body=stems(text), heading=stems(heading))
        for i, (d, heading, text) in texts.items()
    ]


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return int(cursor.fetchone()[0])


def _sqlite() -> SqliteBackend:
    ids = np.array(sorted(TEXTS))
    return SqliteBackend(
        sql=RawSql.in_memory(),
        vectors=StaticVectors(VectorMatrix.build(ids, ids, np.zeros((len(ids), 384), np.float32))),
    )


def _same_keyword_results(postgres: PostgresBackend, sqlite: SqliteBackend) -> None:
    for text in [*QUERIES, "psykisk hälsa bussar", "skogen"]:
        query = analyse_query(text, sqlite.vocabulary())
        for allowed in (None, [10, 30], [20]):
            expected = sqlite.keyword_search(query, document_ids=allowed, limit=5)
            found = postgres.keyword_search(query, document_ids=allowed, limit=5)
            assert list(found.scores) == list(expected.scores), (text, allowed)
            assert np.allclose(list(found.scores.values()), list(expected.scores.values()), rtol=1e-5)
            assert found.phrase_ids == expected.phrase_ids


def _compact(backend: PostgresBackend, *, force: bool = True) -> bool:
    with transaction.atomic():
        return backend.compact(force=force)


@pytest.mark.django_db
def test_postings_packed_many_at_once_are_the_bytes_each_row_gets_alone():
    rows = [
        [(1000, 1.4, 12.0), (1003, 0.5, 7.0)],
        [(5, 1.0, 3.0), (5 + 70_000, 2.4, 9.0)],  # ids too far apart for an offset: wide
        [(7, 1 / 3, 4.0)],  # not in tenths: wide
        [(9, 2.5, 70_000.0)],  # too long: wide
        [(11, 0.5, 1.0), (12, 1.5, 2.0), (13, 3.0, 3.0)],
    ]
    flat = np.array([p for row in rows for p in row], np.float64)
    starts = np.cumsum([0, *[len(r) for r in rows[:-1]]])
    firsts, packed = pack_many(flat[:, 0].astype(np.int64), flat[:, 1], flat[:, 2], starts)
    assert [(int(f), b) for f, b in zip(firsts, packed, strict=True)] == [pack(r) for r in rows]
    assert len(packed[1]) == POSTING.itemsize * 2 and len(packed[4]) == 6 * 3
    assert len(packed[2]) == POSTING.itemsize and len(packed[3]) == POSTING.itemsize
    assert len(packed[0]) == 6 * 2


@pytest.mark.django_db
def test_search_ranks_as_sqlite_before_and_after_compaction_and_after_documents_change():
    sqlite, postgres = _sqlite(), PostgresBackend(sql=DjangoSql())
    for backend in (sqlite, postgres):
        backend.index(_rows(TEXTS))
    assert postgres.delta() == (len(TEXTS), 3)  # every document fresh: read row by row
    _same_keyword_results(postgres, sqlite)
    assert _compact(postgres)
    assert postgres.delta() == (0, 0) and _count("search_pg_segment") == _count("search_pg_term")
    _same_keyword_results(postgres, sqlite)  # from the merged segment
    for backend in (sqlite, postgres):  # a document indexed again, one removed: segment and delta together
        backend.unindex(document_id=20)
        backend.index(_rows(CHANGED))
        backend.unindex(document_id=30)
    assert postgres.delta() == (1, 2)
    _same_keyword_results(postgres, sqlite)
    assert _compact(postgres)
    _same_keyword_results(postgres, sqlite)
    with connection.cursor() as cursor:  # the removed document left the segment
        cursor.execute("SELECT count(*) FROM search_pg_segment WHERE term = %s", ["kompetensförsörjning"])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_document_indexed_again_without_unindex_counts_once():
    sqlite, postgres = _sqlite(), PostgresBackend(sql=DjangoSql())
    for backend in (sqlite, postgres):
        backend.index(_rows(TEXTS))
    _compact(postgres)
    postgres.index(_rows({3: TEXTS[3], 4: TEXTS[4]}))  # as the evaluation does: index() alone
    _same_keyword_results(postgres, sqlite)


@pytest.mark.django_db
def test_postings_that_do_not_fit_six_bytes_are_read_back_from_the_segment():
    far = {1: (10, "", "bussar på landsbygden"), 90_001: (10, "", "bussar i staden och bussar i länet")}
    sqlite, postgres = _sqlite(), PostgresBackend(sql=DjangoSql())
    for backend in (sqlite, postgres):
        backend.index(_rows({**TEXTS, **far}))
    _compact(postgres)
    _same_keyword_results(postgres, sqlite)
    found = postgres.keyword_search(analyse_query("bussar"), document_ids=[10], limit=10)
    assert {1, 90_001} <= set(found.scores)


@pytest.mark.django_db
def test_compaction_waits_for_enough_new_passages_unless_forced():
    backend = PostgresBackend(sql=DjangoSql())
    backend.index(_rows(TEXTS))
    assert not _compact(backend, force=False)  # 6 passages < COMPACT_FROM
    assert backend.delta()[0] == len(TEXTS) < COMPACT_FROM
    assert _compact(backend, force=True) and backend.delta() == (0, 0)


@pytest.mark.django_db
def test_ingestion_compacts_after_its_commit_once_enough_passages_are_new(
    make_document, region, owner, monkeypatch
):
    from livsmiljo.search.backends import postgres

    monkeypatch.setattr(postgres, "COMPACT_FROM", 3)
    traffic = make_document(region, [(1, "Trafik", TRAFFIC), (2, "Hälsa", HEALTH)])
    keyword_index_refresh()  # as ingestion does after its commit
    assert _count("search_pg_fresh") == 1  # two passages: not yet
    forest = make_document(region, [(1, "", FOREST), (2, "", TRAFFIC)])
    keyword_index_refresh()
    assert _count("search_pg_fresh") == 0 and _count("search_pg_segment") > 0  # merged
    hits = search_passages(query="busslinjer på landsbygden", user=owner)
    assert {h.document_id for h in hits} == {traffic.pk, forest.pk}
    before = search_passages(query="busslinjer på landsbygden", user=owner, mode="keyword")
    passages_index(document=traffic)
    keyword_index_refresh()
    assert _count("search_pg_stale") == 1  # one document changed, below both thresholds
    after = search_passages(query="busslinjer på landsbygden", user=owner, mode="keyword")
    assert [(h.passage_id, h.score) for h in after] == [(h.passage_id, h.score) for h in before]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_compaction_waits_for_an_ingestion_in_progress_and_keeps_its_postings():
    """Two workers: one indexes a document (not committed yet) while the other compacts."""
    backend = PostgresBackend(sql=DjangoSql())
    backend.index(_rows({i: t for i, t in TEXTS.items() if t[0] == 10}))
    indexed, finish = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def ingest() -> None:
        try:
            with transaction.atomic():
                backend.index(_rows({i: t for i, t in TEXTS.items() if t[0] == 20}))
                indexed.set()
                finish.wait(30)
                backend.index(_rows({i: t for i, t in TEXTS.items() if t[0] == 30}))
        finally:
            connections.close_all()

    def compact() -> None:
        try:
            outcome["compacted"] = _compact(backend)
        finally:
            connections.close_all()

    writer = threading.Thread(target=ingest)
    writer.start()
    assert indexed.wait(30)
    compactor = threading.Thread(target=compact)
    compactor.start()
    waiting = 0
    while not waiting and compactor.is_alive():  # until the compaction waits for the writer's lock
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND query LIKE 'LOCK TABLE search_pg_posting%%'"
            )
            waiting = cursor.fetchone()[0]
    finish.set()
    writer.join(30)
    compactor.join(30)
    assert waiting and outcome["compacted"] is True
    assert backend.delta() == (0, 0)
    sqlite = _sqlite()
    sqlite.index(_rows(TEXTS))
    _same_keyword_results(backend, sqlite)
