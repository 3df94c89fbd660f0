"""The PostgreSQL backend's HNSW index, built by a task worker and never inside a write.

Building it takes minutes at 250,000 vectors (BENCHMARKS.md). Run in the ingestion transaction that crossed
`HNSW_FROM`, as it first was, the build held that ingestion and everything waiting on the vector table; two
ingestions crossing at once raced to build it. Now the write that crosses the size queues
`vector_index_build_task` once its transaction commits (once for however many batches cross before the
index is there), a worker builds the index with CREATE INDEX CONCURRENTLY, and the worker's start check
queues it again when the library is past the size without a valid index (a killed build leaves an invalid
one, which the build replaces). Searches are exact until then.
"""

import logging

from django.core.cache import caches
from django.db import DatabaseError, connection, transaction

logger = logging.getLogger(__name__)
# Queued at most once in this long (the build itself runs once at a time under an advisory lock anyway).
QUEUED_KEY, QUEUED_SECONDS = "search:vector-index-queued", 15 * 60


def vector_index_queue() -> None:
    """Queue the build for when the current transaction commits (at once outside one)."""
    transaction.on_commit(_enqueue_once)


def vector_index_check() -> bool:
    """At a worker's start: queue the build if the library is past the size without a valid index;
    True if queued. Nothing on SQLite."""
    if connection.vendor != "postgresql":
        return False
    from livsmiljo.search.backends import postgres

    if not postgres.PostgresBackend(sql=postgres.DjangoSql(), hnsw_from=postgres.HNSW_FROM).hnsw_due():
        return False
    caches["default"].delete(QUEUED_KEY)  # perhaps set by the worker whose build was killed
    return _enqueue_once()


def vector_index_build() -> str:
    """Build the index unless it is there or another process is building it ("built", "valid", "busy")."""
    from livsmiljo.search.backends.postgres import DjangoSql, PostgresBackend

    if connection.in_atomic_block:
        raise RuntimeError("The HNSW index is built outside any transaction (CREATE INDEX CONCURRENTLY).")
    try:
        outcome = PostgresBackend(sql=DjangoSql()).hnsw_build()
    except Exception:
        caches["default"].delete(QUEUED_KEY)  # the next write past the size may queue it again
        raise
    logger.info("search: HNSW index %s", outcome)
    return outcome


def _enqueue_once() -> bool:
    from livsmiljo.search.tasks import vector_index_build_task

    if not caches["default"].add(QUEUED_KEY, 1, timeout=QUEUED_SECONDS):
        return False
    try:
        vector_index_build_task.enqueue()
    except DatabaseError:  # e.g. from a migration, before the task table exists
        caches["default"].delete(QUEUED_KEY)
        logger.warning(
            "search: could not queue the HNSW index build; the workers' start check will", exc_info=True
        )
        return False
    return True
