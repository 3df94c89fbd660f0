"""SQLite backend: an FTS5 table of pre-stemmed tokens (BM25) and the in-process vector matrix.

The FTS5 table is created by the search migration (sqlite only). The evaluation runs the very same code
on an in-memory sqlite3 connection (`RawSql`), so its figures are the product's figures.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Collection, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from livsmiljo.engine.text import AnalysedQuery
from livsmiljo.search.backends import IndexRow, KeywordResult

TABLE = "search_fts"
CREATE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    'body, heading, parts, document_id UNINDEXED, tokenize="unicode61 remove_diacritics 0")',
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE}_vocab USING fts5vocab({TABLE}, 'row')",
]
DROP_SQL = [f"DROP TABLE IF EXISTS {TABLE}_vocab", f"DROP TABLE IF EXISTS {TABLE}"]
# BM25 column weights: the passage's own words count most; heading and compound parts are weaker evidence.
WEIGHTS = (1.0, 0.4, 0.5)
# Terms in a larger share of the passages are left out of the keyword query (see keyword_search).
COMMON_SHARE = 0.25
# A user who may read only some documents: rank this many times the wanted passages, then filter.
OVERFETCH = 10


class Sql(Protocol):
    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def version_key(self) -> str: ...

    def cache_slot(self) -> object: ...


class DjangoSql:
    """Through Django's connection, so index writes join the caller's transaction."""

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return list(cursor.fetchall()) if cursor.description else []

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.executemany(sql, [list(r) for r in rows])

    def version_key(self) -> str:
        from livsmiljo.search.models import IndexState

        return IndexState.objects.filter(key="keyword").values_list("token", flat=True).first() or ""

    def cache_slot(self) -> object:
        return "django"


class RawSql:
    """A plain sqlite3 connection (the evaluation's in-memory index)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection
        self.version = 0

    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        if not sql.lstrip().upper().startswith("SELECT"):
            self.version += 1
        return list(self.connection.execute(sql.replace("%s", "?"), tuple(params)).fetchall())

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.connection.executemany(sql.replace("%s", "?"), [tuple(r) for r in rows])
        self.version += 1

    def version_key(self) -> str:
        return str(self.version)

    def cache_slot(self) -> object:
        return id(self)

    @classmethod
    def in_memory(cls) -> RawSql:
        connection = sqlite3.connect(":memory:")
        for statement in CREATE_SQL:
            connection.execute(statement)
        return cls(connection)


class Vectors(Protocol):
    def current(self) -> Any: ...


_vocab_lock = threading.Lock()
_vocab_cache: dict[object, tuple[str, dict[str, int], int]] = {}


def _match_any(terms: Sequence[str]) -> str:
    return " OR ".join(f'"{t}"' for t in terms)


class SqliteBackend:
    def __init__(self, *, sql: Sql, vectors: Vectors) -> None:
        self.sql = sql
        self.vectors = vectors

    def index(self, rows: Sequence[IndexRow]) -> None:
        self.sql.run_many(
            f"INSERT OR REPLACE INTO {TABLE}(rowid, body, heading, parts, document_id) "
            "VALUES (%s, %s, %s, %s, %s)",
            [
                (r.passage_id, " ".join(r.body), " ".join(r.heading), " ".join(r.parts), r.document_id)
                for r in rows
            ],
        )

    def unindex(self, *, document_id: int) -> None:
        self.sql.run(f"DELETE FROM {TABLE} WHERE document_id = %s", [document_id])

    def vocabulary(self) -> Mapping[str, int]:
        """Every stem and compound part in the index, with the number of passages that have it."""
        return self._vocabulary()[0]

    def _vocabulary(self) -> tuple[dict[str, int], int]:
        # fts5vocab reads every posting list (0.2 s at 50,000 passages): cached until the index changes.
        key = self.sql.version_key()
        with _vocab_lock:
            cached = _vocab_cache.get(self.sql.cache_slot())
            if cached is not None and cached[0] == key and key:
                return cached[1], cached[2]
        words = {t: int(n) for t, n in self.sql.run(f"SELECT term, doc FROM {TABLE}_vocab") if len(t) >= 3}
        total = int(self.sql.run(f"SELECT count(*) FROM {TABLE}")[0][0])
        with _vocab_lock:
            _vocab_cache[self.sql.cache_slot()] = (key, words, total)
        return words, total

    def _where_documents(self, document_ids: Collection[int] | None) -> tuple[str, list[Any]]:
        if document_ids is None:
            return "", []
        return " AND document_id IN (SELECT value FROM json_each(%s))", [json.dumps(sorted(document_ids))]

    def keyword_search(
        self, query: AnalysedQuery, *, document_ids: Collection[int] | None, limit: int
    ) -> KeywordResult:
        # A term in more than a quarter of the passages weighs little in BM25 (IDF ≤ ln 3 ≈ 1.1, against 3–8
        # for topical words; above half FTS5 clamps it to ~0) but makes SQLite score every passage that has
        # it, which is most of the time of a search in a large library: leave it out; when every term is
        # that common, keep those under half, else the rarest. (Shared set: hybrid nDCG@10 0.779 with the
        # cut at a half, 0.78–0.79 at a fifth to a third.)
        frequencies, total = self._vocabulary()
        present = [t for t in query.terms if frequencies.get(t, 0) > 0]
        terms = (
            [t for t in present if frequencies[t] <= total * COMMON_SHARE]
            or [t for t in present if frequencies[t] <= total / 2]
            or sorted(present, key=frequencies.__getitem__)[:1]
        )
        if not terms or (document_ids is not None and not document_ids):
            return KeywordResult(scores={}, phrase_ids=set())
        where, params = self._where_documents(document_ids)
        if document_ids is None:
            rows = self._bm25(terms, "", [], limit)
        else:
            rows = self._bm25_visible(terms, set(document_ids), where, params, limit)
        phrase_ids: set[int] = set()
        for phrase in query.phrases:
            match = 'body : "' + " ".join(phrase) + '"'
            found = self.sql.run(
                f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s{where} LIMIT %s", [match, *params, limit]
            )
            phrase_ids.update(int(r[0]) for r in found)
        # FTS5's bm25() is negative, lower is better: flip it so that higher is better everywhere.
        return KeywordResult(scores={int(r[0]): -float(r[1]) for r in rows}, phrase_ids=phrase_ids)

    def _bm25(self, terms: Sequence[str], where: str, params: list[Any], limit: int) -> list[tuple[Any, ...]]:
        weights = ", ".join(str(w) for w in WEIGHTS)
        return self.sql.run(
            f"SELECT rowid, bm25({TABLE}, {weights}) AS score FROM {TABLE} "
            f"WHERE {TABLE} MATCH %s{where} ORDER BY score LIMIT %s",
            [_match_any(terms), *params, limit],
        )

    def _bm25_visible(
        self, terms: Sequence[str], allowed: set[int], where: str, params: list[Any], limit: int
    ) -> list[tuple[Any, ...]]:
        """Filtering on the UNINDEXED document column makes SQLite read it for every match, so rank
        without the filter, keep the visible ones, and filter in SQL only when too few are left."""
        wide = self._bm25(terms, "", [], limit * OVERFETCH)
        owners = dict(
            self.sql.run(
                f"SELECT rowid, document_id FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(%s))",
                [json.dumps([r[0] for r in wide])],
            )
        )
        kept = [r for r in wide if owners.get(r[0]) in allowed][:limit]
        if len(kept) < limit and len(wide) == limit * OVERFETCH:
            return self._bm25(terms, where, params, limit)
        return kept

    def vector_search(
        self, vector: np.ndarray, *, document_ids: Collection[int] | None, limit: int
    ) -> dict[int, float]:
        result: dict[int, float] = self.vectors.current().search(
            vector, document_ids=document_ids, limit=limit
        )
        return result

    def vector_scores(self, vector: np.ndarray, passage_ids: Collection[int]) -> dict[int, float]:
        result: dict[int, float] = self.vectors.current().scores_for(vector, passage_ids)
        return result
