"""The search index behind a small interface. The backend is chosen by database vendor, here and only here."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from livsmiljo.engine.text import AnalysedQuery


@dataclass(frozen=True)
class IndexRow:
    """One passage as the keyword index stores it: stems in order, heading stems, compound parts."""

    passage_id: int
    document_id: int
    body: list[str]
    heading: list[str] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class KeywordResult:
    scores: dict[int, float]
    """passage id -> keyword score (higher is better)"""
    phrase_ids: set[int]
    """passages that contain one of the query's phrases verbatim (as stems in order)"""


class SearchBackend(Protocol):
    def index(self, rows: Sequence[IndexRow]) -> None: ...

    def unindex(self, *, document_id: int) -> None: ...

    def vocabulary(self, *, current: bool = True) -> Mapping[str, int]:
        """Every indexed term, with the number of passages that have it; `current=False` allows the
        vocabulary from before the latest change (cheaper, for splitting compounds while indexing)."""
        ...

    def keyword_search(
        self, query: AnalysedQuery, *, document_ids: Collection[int] | None, limit: int
    ) -> KeywordResult: ...

    def vector_search(
        self, vector: np.ndarray, *, document_ids: Collection[int] | None, limit: int
    ) -> dict[int, float]: ...

    def vector_scores(self, vector: np.ndarray, passage_ids: Collection[int]) -> dict[int, float]: ...

    def store_vectors(self, rows: Sequence[tuple[int, int, bytes | memoryview]]) -> None:
        """Take in (passage id, document id, vector as Passage.embedding stores it) when vectors are saved;
        a backend that reads Passage.embedding itself does nothing."""
        ...

    def unindex_vectors(self, *, document_id: int) -> None:
        """Forget the document's vectors (before it is deleted or its passages replaced)."""
        ...


def get_backend() -> SearchBackend:
    from django.db import connection

    if connection.vendor == "sqlite":
        from livsmiljo.search.backends.sqlite import DjangoSql, SqliteBackend
        from livsmiljo.search.backends.vectors import DatabaseVectors

        return SqliteBackend(sql=DjangoSql(), vectors=DatabaseVectors())
    if connection.vendor == "postgresql":
        from livsmiljo.search.backends import postgres

        return postgres.PostgresBackend(sql=postgres.DjangoSql())
    raise NotImplementedError(f"No search backend for the database '{connection.vendor}' yet.")
