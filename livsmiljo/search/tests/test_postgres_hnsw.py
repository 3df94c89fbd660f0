"""The HNSW index is built by a worker task with CREATE INDEX CONCURRENTLY, never inside a write; these run in
the PostgreSQL pass only. CONCURRENTLY refuses to run in a transaction, so these tests commit (and empty the
search tables themselves: they are not Django models, which the flush after each test empties)."""

import threading
from typing import Any
from unittest import mock

import numpy as np
import pytest
from django.core.cache import caches
from django.db import connection, connections, transaction

from livsmiljo.search import tasks, vector_index
from livsmiljo.search.backends import postgres
from livsmiljo.search.backends.postgres import HNSW_INDEX, HNSW_LOCK, DjangoSql, PostgresBackend

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the PostgreSQL backend needs a PostgreSQL database"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _run(sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return list(cursor.fetchall()) if cursor.description else []


@pytest.fixture(autouse=True)
def _empty_vector_table():
    def empty() -> None:
        _run(f"DROP INDEX IF EXISTS {HNSW_INDEX}")
        _run("DELETE FROM search_pg_vector")
        caches["default"].delete(vector_index.QUEUED_KEY)

    empty()
    yield
    empty()


def _indexes() -> list[tuple[str, str, bool]]:
    """(name, access method, valid) of every index on the vector table but its key and document index."""
    return [
        (name, method, valid)
        for name, method, valid in _run(
            "SELECT c.relname, a.amname, i.indisvalid FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE i.indrelid = 'search_pg_vector'::regclass ORDER BY 1"
        )
        if name not in ("search_pg_vector_pkey", "search_pg_vector_document")
    ]


def _rows(first: int, count: int) -> list[tuple[int, int, bytes]]:
    matrix = np.random.default_rng(first).standard_normal((count, 384)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return [(first + i, 1 + i % 3, v.tobytes()) for i, v in enumerate(matrix)]


def _fill(count: int) -> None:
    """Vectors stored below any threshold (nothing queued)."""
    PostgresBackend(sql=DjangoSql(), hnsw_from=10**9).store_vectors(_rows(1, count))


def test_crossing_the_threshold_builds_the_index_after_the_write_commits_and_only_once():
    backend = PostgresBackend(sql=DjangoSql(), hnsw_from=8)
    spy = mock.patch.object(
        PostgresBackend, "hnsw_build", autospec=True, side_effect=PostgresBackend.hnsw_build
    )
    with spy as build:
        backend.store_vectors(_rows(1, 5))
        assert _indexes() == [] and build.call_count == 0  # small: exact search
        with transaction.atomic():  # an embedding batch that crosses the size
            backend.store_vectors(_rows(6, 5))
            assert _indexes() == []  # not in the write's transaction
        assert _indexes() == [(HNSW_INDEX, "hnsw", True)] and backend.has_hnsw()
        for first in (20, 40):  # later batches find the index there
            with transaction.atomic():
                backend.store_vectors(_rows(first, 5))
        assert build.call_count == 1
    query = np.frombuffer(_rows(6, 1)[0][2], np.float32)
    assert next(iter(backend.vector_search(query, document_ids=None, limit=3))) == 6


def test_batches_crossing_before_the_index_is_built_queue_one_build():
    backend = PostgresBackend(sql=DjangoSql(), hnsw_from=8)
    with mock.patch.object(tasks, "vector_index_build", return_value="busy") as build:  # a worker is slow
        for first in (1, 10, 20):  # two ingestions' batches, all past the size, none built yet
            with transaction.atomic():
                backend.store_vectors(_rows(first, 9))
    assert build.call_count == 1
    assert _indexes() == []  # the searches stay exact meanwhile
    assert len(backend.vector_search(np.ones(384, np.float32), document_ids=[2], limit=5)) == 5


def test_an_invalid_index_left_by_a_killed_build_is_dropped_and_built_again_at_the_workers_start(monkeypatch):
    _fill(12)
    # A CONCURRENTLY build that fails half-way leaves its index behind, invalid (here: duplicate keys).
    with pytest.raises(Exception, match="could not create unique index"):
        _run(f"CREATE UNIQUE INDEX CONCURRENTLY {HNSW_INDEX} ON search_pg_vector (document_id)")
    assert _indexes() == [(HNSW_INDEX, "btree", False)]
    backend = PostgresBackend(sql=DjangoSql(), hnsw_from=10)
    assert not backend.has_hnsw() and backend.hnsw_due()
    monkeypatch.setattr(postgres, "HNSW_FROM", 10)
    caches["default"].add(vector_index.QUEUED_KEY, 1)  # left by the worker that was killed
    assert vector_index.vector_index_check()  # the worker's start check queues it; the task runs at once here
    assert _indexes() == [(HNSW_INDEX, "hnsw", True)]
    assert not vector_index.vector_index_check() and vector_index.vector_index_build() == "valid"


def test_a_second_builder_does_nothing_while_the_first_holds_the_lock():
    _fill(12)
    _run("SELECT pg_advisory_lock(%s)", [HNSW_LOCK])  # another process is building
    try:
        assert _in_threads(1) == ["busy"]
        assert _indexes() == []
    finally:
        _run("SELECT pg_advisory_unlock(%s)", [HNSW_LOCK])
    assert _in_threads(1) == ["built"]
    assert _indexes() == [(HNSW_INDEX, "hnsw", True)]


def test_two_builders_at_once_make_one_index():
    _fill(200)
    outcomes = _in_threads(2)
    assert "built" in outcomes and set(outcomes) <= {"built", "busy", "valid"}
    assert _indexes() == [(HNSW_INDEX, "hnsw", True)]


def test_the_evaluations_temporary_table_gets_its_index_at_once_and_the_real_one_none():
    from livsmiljo.search.evaluation import DROP_TEMPORARY_SQL, _temporary_postgres_backend

    _temporary_postgres_backend()
    try:
        backend = PostgresBackend(sql=DjangoSql(), hnsw_from=8)
        with transaction.atomic():  # no other session sees a temporary table: no worker can build its index
            backend.store_vectors(_rows(1, 10))
            assert backend.has_hnsw()
        assert caches["default"].get(vector_index.QUEUED_KEY) is None
    finally:
        for statement in DROP_TEMPORARY_SQL:
            _run(statement)
    assert _indexes() == [] and _run("SELECT count(*) FROM search_pg_vector") == [(0,)]


def test_the_build_refuses_to_run_inside_a_transaction():
    with pytest.raises(RuntimeError), transaction.atomic():
        vector_index.vector_index_build()


def _in_threads(count: int) -> list[str]:
    """`vector_index_build` in `count` threads (each its own connection) started together."""
    start, outcomes = threading.Barrier(count), list[str]()

    def build() -> None:
        try:
            start.wait()
            outcomes.append(vector_index.vector_index_build())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=build) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
