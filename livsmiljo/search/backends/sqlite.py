"""SQLite backend: an FTS5 table stores each passage's analysed tokens; they are scored by an in-memory BM25
index (engine.bm25) built from that table, next to the in-process vector matrix.

The FTS5 table is created by the search migration (sqlite only). The evaluation runs the very same code
on an in-memory sqlite3 connection (`RawSql`), so its figures are the product's figures.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from livsmiljo.engine.bm25 import Bm25Index, Bm25Row
from livsmiljo.engine.text import AnalysedQuery
from livsmiljo.search.backends import IndexRow, KeywordResult

TABLE = "search_fts"
CREATE_SQL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    'body, heading, parts, document_id UNINDEXED, tokenize="unicode61 remove_diacritics 0")',
]


class Sql(Protocol):
    def run(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...

    def run_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    def version_key(self) -> str: ...

    def cache_slot(self) -> object: ...

    def load_snapshot(self, token: str) -> bytes | None:
        """A saved keyword index built at `token`, if any."""
        ...

    def save_snapshot(self, token: str, data: bytes) -> None: ...

    def snapshot_folder(self) -> Path | None:
        """Where this machine keeps saved indexes as files to map into memory; None: keep them in memory."""
        ...


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

    def load_snapshot(self, token: str) -> bytes | None:
        from livsmiljo.search.models import IndexSnapshot

        data = IndexSnapshot.objects.filter(key="keyword", token=token).values_list("data", flat=True).first()
        return None if data is None else bytes(data)

    def save_snapshot(self, token: str, data: bytes) -> None:
        from django.db import DatabaseError, transaction

        from livsmiljo.search.models import IndexSnapshot

        try:
            with transaction.atomic():
                IndexSnapshot.objects.update_or_create(key="keyword", defaults={"token": token, "data": data})
        except DatabaseError:
            pass  # only a cache: another process saving at the same moment, or a locked database

    def snapshot_folder(self) -> Path | None:
        from django.conf import settings

        return Path(settings.INDEX_DIR) / "keyword"


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

    def load_snapshot(self, token: str) -> bytes | None:
        return None  # an in-memory index is built in this process only

    def save_snapshot(self, token: str, data: bytes) -> None:
        pass

    def snapshot_folder(self) -> Path | None:
        return None

    @classmethod
    def in_memory(cls) -> RawSql:
        connection = sqlite3.connect(":memory:")
        for statement in CREATE_SQL:
            connection.execute(statement)
        return cls(connection)


class Vectors(Protocol):
    def current(self) -> Any: ...


_index_lock = threading.Lock()
_index_cache: dict[object, tuple[str, Bm25Index]] = {}
# A phrase is checked word by word only in the passages with the best keyword scores among those that
# contain all of its words (a passage that quotes a long phrase scores high on its words).
PHRASE_CANDIDATES = 200


def forget_cache() -> None:
    """Drop the in-memory keyword indexes (the next search rebuilds them)."""
    with _index_lock:
        _index_cache.clear()


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

    def store_vectors(self, rows: Sequence[tuple[int, int, bytes | memoryview]]) -> None:
        """Nothing to do: vectors are read from Passage.embedding (`vectors.DatabaseVectors`)."""

    def unindex_vectors(self, *, document_id: int) -> None:
        """Nothing to do: the vectors leave with the passages."""

    def keyword_index(self, *, current: bool = True) -> Bm25Index:
        """The FTS5 table's tokens as an in-memory BM25 index for the index token now in force.

        Cached per process. On a change it is opened from this machine's files for the new token (postings
        memory-mapped: only the pages of searched terms are read, shared by the machine's processes), or
        loaded from the snapshot another process saved in the database and written to those files first
        (45–75 ms at 50,000 passages, plus writing); else the cached index is brought up to date with the
        passages added and removed since (0.1–0.3 s for a document at 50,000 passages); else it is built
        (about 4 s).
        A merged or built index is saved as the snapshot for the others (about 1 s at 50,000 passages).
        `current=False` accepts the index cached before the last change, if any: indexing splits compounds
        with it, and a slightly old vocabulary does no harm there.
        """
        key = self.sql.version_key()
        slot = self.sql.cache_slot()
        with _index_lock:
            cached = _index_cache.get(slot)
            if cached is not None and ((cached[0] == key and key) or not current):
                return cached[1]
            index = self._open_file(key)
            if index is None:
                data = self.sql.load_snapshot(key) if key else None
                if data is not None:
                    index = Bm25Index.from_bytes(data)
                    del data
                else:
                    index = self._up_to_date(cached[1] if cached is not None else None)
                    if key:
                        self.sql.save_snapshot(key, index.to_bytes())
                index = self._to_file(key, index)
            _index_cache[slot] = (key, index)
            return index

    def _open_file(self, key: str) -> Bm25Index | None:
        folder = self.sql.snapshot_folder()
        if not key or folder is None or not (folder / key).is_dir():
            return None
        try:
            return Bm25Index.open(folder / key)
        except (OSError, ValueError):
            return None  # removed meanwhile by a process that saved a newer one: load from the database

    def _to_file(self, key: str, index: Bm25Index) -> Bm25Index:
        """The index saved as this machine's files for `key` and opened from them (the in-memory copy is
        dropped); older tokens' files are removed (a process that has them open keeps reading them: the
        system frees mapped files when the last process lets go). On any failure, the in-memory index."""
        folder = self.sql.snapshot_folder()
        if not key or folder is None:
            return index
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if not (folder / key).is_dir():
                partial = folder / f".{key}-{os.getpid()}-{threading.get_ident()}"
                index.save(partial)
                try:
                    partial.rename(folder / key)
                except OSError:  # another process was quicker
                    shutil.rmtree(partial, ignore_errors=True)
            for old in folder.iterdir():
                # other tokens' files; a partial folder left by a process that stopped while writing
                stale = time.time() - old.stat().st_mtime > 600
                if old.name != key and (not old.name.startswith(".") or stale):
                    shutil.rmtree(old, ignore_errors=True)
            return Bm25Index.open(folder / key)
        except (OSError, ValueError):
            return index

    def _up_to_date(self, previous: Bm25Index | None) -> Bm25Index:
        def rows(where: str = "", params: Sequence[Any] = ()) -> list[Bm25Row]:
            found = self.sql.run(
                f"SELECT rowid, document_id, body, heading, parts FROM {TABLE}{where}", params
            )
            return [
                Bm25Row(id=int(r[0]), group=int(r[1]), fields=(r[2].split(), r[3].split(), r[4].split()))
                for r in found
            ]

        if previous is None:
            return Bm25Index.build(rows())
        current = np.asarray(self.sql.run(f"SELECT rowid, document_id FROM {TABLE} ORDER BY rowid"), np.int64)
        if not len(current):
            return Bm25Index.build([])
        now = current[:, 0]
        added = np.setdiff1d(now, previous.ids)
        removed = np.setdiff1d(previous.ids, now)
        # A kept passage must still belong to its document (ids are not re-used, but check: it is cheap).
        kept = np.isin(now, previous.ids)
        order = np.argsort(previous.ids)
        before = previous.groups[order][np.searchsorted(previous.ids[order], now[kept])]
        if len(added) > len(now) // 2 or not np.array_equal(before, current[kept, 1]):
            return Bm25Index.build(rows())
        new_rows = rows(" WHERE rowid IN (SELECT value FROM json_each(%s))", [json.dumps(added.tolist())])
        return previous.merge(removed=removed.tolist(), added=new_rows)

    def vocabulary(self, *, current: bool = True) -> Mapping[str, int]:
        """Every stem and compound part in the index, with the number of passages that have it."""
        return self.keyword_index(current=current).vocabulary()

    def keyword_search(
        self, query: AnalysedQuery, *, document_ids: Collection[int] | None, limit: int
    ) -> KeywordResult:
        index = self.keyword_index()
        if not len(index) or (document_ids is not None and not document_ids):
            return KeywordResult(scores={}, phrase_ids=set())
        mask = index.allowed_rows(document_ids)
        scores = index.scores(query.terms)
        phrase_ids: set[int] = set()
        for phrase in query.phrases:
            phrase_ids.update(self._phrase_matches(index, phrase, scores, mask))
        return KeywordResult(scores=dict(index.top(scores, limit, mask)), phrase_ids=phrase_ids)

    def _phrase_matches(
        self, index: Bm25Index, phrase: Sequence[str], scores: np.ndarray, mask: np.ndarray | None
    ) -> set[int]:
        """Passages whose own words contain the phrase's stems in order."""
        rows = index.rows_with_all(phrase)
        if mask is not None:
            rows = rows[mask[rows]]
        if len(rows) > PHRASE_CANDIDATES:
            rows = rows[np.argpartition(-scores[rows], PHRASE_CANDIDATES - 1)[:PHRASE_CANDIDATES]]
        if not len(rows):
            return set()
        found = self.sql.run(
            f"SELECT rowid, body FROM {TABLE} WHERE rowid IN (SELECT value FROM json_each(%s))",
            [json.dumps([int(i) for i in index.ids[rows]])],
        )
        wanted = f" {' '.join(phrase)} "
        return {int(r[0]) for r in found if wanted in f" {r[1]} "}

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
