"""Passage vectors as one numpy matrix, cached in the process and brought up to date when passages change."""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass, field

import numpy as np

from livsmiljo.engine.embeddings import DIM


@dataclass(frozen=True)
class VectorMatrix:
    ids: np.ndarray  # int64, ascending
    document_ids: np.ndarray  # int64, same order
    matrix: np.ndarray  # (n, DIM) float32, rows L2-normalised; may be the start of a larger buffer
    # Rows of the buffer in use, shared by the matrices made from one buffer: only the newest may append.
    used: np.ndarray | None = field(default=None, compare=False, repr=False)

    def appended(self, new: VectorMatrix) -> VectorMatrix:
        """This matrix with `new`'s rows (ids not in it yet). Rows that come after the last id are written
        into spare room at the end of the buffer, so a batch of 16 does not copy 50,000 vectors; the rows
        this matrix shows are never written, so a search still using it is not disturbed."""
        if not len(new.ids):
            return self
        n, k = len(self.ids), len(new.ids)
        ids = np.concatenate([self.ids, new.ids])
        document_ids = np.concatenate([self.document_ids, new.document_ids])
        if n and new.ids[0] <= self.ids[-1]:
            return VectorMatrix.build(ids, document_ids, np.concatenate([self.matrix, new.matrix]))
        buffer, used = self.matrix.base, self.used
        if used is None or int(used[0]) != n or buffer is None or buffer.shape[0] < n + k:
            buffer = np.empty((int((n + k) * 1.25) + 64, DIM), np.float32)
            buffer[:n] = self.matrix
            used = np.zeros(1, np.int64)
        buffer[n : n + k] = new.matrix
        used[0] = n + k
        return VectorMatrix(ids, document_ids, buffer[: n + k], used)

    @classmethod
    def empty(cls) -> VectorMatrix:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, DIM), np.float32))

    @classmethod
    def build(cls, ids: np.ndarray, document_ids: np.ndarray, matrix: np.ndarray) -> VectorMatrix:
        order = np.argsort(ids, kind="stable")
        return cls(
            np.asarray(ids, np.int64)[order],
            np.asarray(document_ids, np.int64)[order],
            np.ascontiguousarray(np.asarray(matrix, np.float32)[order]),
        )

    def search(
        self, vector: np.ndarray, *, document_ids: Collection[int] | None, limit: int
    ) -> dict[int, float]:
        if not len(self.ids):
            return {}
        scores = self.matrix @ np.asarray(vector, np.float32)
        if document_ids is not None:
            allowed = np.isin(self.document_ids, np.fromiter(document_ids, np.int64))
            scores = np.where(allowed, scores, -np.inf)
        k = min(limit, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return {int(self.ids[j]): float(scores[j]) for j in top if np.isfinite(scores[j])}

    def scores_for(self, vector: np.ndarray, passage_ids: Collection[int]) -> dict[int, float]:
        wanted = np.fromiter(passage_ids, np.int64)
        if not len(self.ids) or not len(wanted):
            return {}
        rows = np.clip(np.searchsorted(self.ids, wanted), 0, len(self.ids) - 1)
        found = self.ids[rows] == wanted
        scores = self.matrix[rows[found]] @ np.asarray(vector, np.float32)
        return {int(i): float(s) for i, s in zip(wanted[found], scores, strict=True)}


class StaticVectors:
    """Vectors given up front (the evaluation builds its index in memory)."""

    def __init__(self, matrix: VectorMatrix) -> None:
        self._matrix = matrix

    def current(self) -> VectorMatrix:
        return self._matrix


@dataclass(frozen=True)
class _Cached:
    key: tuple[str, int]
    removed: str  # the "vectors-removed" token: a change means passages left, so load everything again
    frontier: int  # every passage below this id had its vector when the matrix was made
    matrix: VectorMatrix


_cache_lock = threading.Lock()
_cache: _Cached | None = None


class DatabaseVectors:
    """Passage.embedding as a matrix, cached in the process.

    When the "vectors" token or the newest passage changes, only passages from the frontier on are read:
    the first passage still without a vector when the matrix was made (a small partial index finds it).
    Ingestion bumps the token after every batch of 16 embedded passages, so this keeps searches fast while a
    document is being embedded; loading everything takes 0.2–0.5 s at 50,000 passages. When passages
    are removed ("vectors-removed" changes), everything is loaded again. A passage left without a vector
    (an interrupted ingestion) holds the frontier back: reads then cover more passages, never fewer."""

    def current(self) -> VectorMatrix:
        global _cache
        from django.db.models import Max

        from livsmiljo.documents.models import Passage
        from livsmiljo.search.models import IndexState

        tokens = dict(
            IndexState.objects.filter(key__in=["vectors", "vectors-removed"]).values_list("key", "token")
        )
        key = (tokens.get("vectors", ""), Passage.objects.aggregate(m=Max("id"))["m"] or 0)
        removed = tokens.get("vectors-removed", "")
        with _cache_lock:
            if _cache is not None and _cache.key == key and _cache.removed == removed:
                return _cache.matrix
            frontier = _frontier(key[1])
            if _cache is not None and _cache.removed == removed:
                matrix = _add(_cache.matrix, _rows(id__gte=_cache.frontier))
            else:
                matrix = _load_all()
            _cache = _Cached(key=key, removed=removed, frontier=frontier, matrix=matrix)
            return matrix


def _frontier(newest: int) -> int:
    """The smallest id of a passage without a vector, read before the vectors (so none is missed)."""
    from django.db.models import Min

    from livsmiljo.documents.models import Passage

    pending = Passage.objects.filter(embedding__isnull=True).aggregate(m=Min("id"))["m"]
    return int(pending) if pending is not None else newest + 1


def _rows(*, limit: int | None = None, **where: int) -> list[tuple[int, int, bytes | memoryview | None]]:
    from livsmiljo.documents.models import Passage

    found = (
        Passage.objects.filter(embedding__isnull=False, **where)
        .order_by("id")
        .values_list("id", "document_id", "embedding")
    )
    return list(found if limit is None else found[:limit])


LOAD_CHUNK = 5000


def _load_all() -> VectorMatrix:
    """Every stored vector, read LOAD_CHUNK passages at a time straight into one buffer with room to grow.

    Reading all rows at once held every row's bytes as Python objects next to the matrix: at 50,000 passages
    the process kept 150 MB for a 73 MB matrix (freed memory stays with the process)."""
    from livsmiljo.documents.models import Passage

    size = Passage.objects.filter(embedding__isnull=False).count()
    buffer = np.empty((int(size * 1.25) + 64, DIM), np.float32)
    ids = np.empty(len(buffer), np.int64)
    document_ids = np.empty(len(buffer), np.int64)
    n, after = 0, 0
    while True:
        found = _rows(id__gt=after, limit=LOAD_CHUNK)
        if not found:
            break
        after = int(found[-1][0])
        chunk = [r for r in found if r[2] is not None and len(r[2]) == DIM * 4]
        if n + len(chunk) > len(buffer):  # embedded while reading
            grown = int((n + len(chunk)) * 1.25) + 64
            buffer = np.concatenate([buffer[:n], np.empty((grown - n, DIM), np.float32)])
            ids = np.concatenate([ids[:n], np.empty(grown - n, np.int64)])
            document_ids = np.concatenate([document_ids[:n], np.empty(grown - n, np.int64)])
        k = len(chunk)
        ids[n : n + k] = [r[0] for r in chunk]
        document_ids[n : n + k] = [r[1] for r in chunk]
        joined = b"".join(bytes(r[2] or b"") for r in chunk)
        buffer[n : n + k] = np.frombuffer(joined, np.float32).reshape(k, DIM)
        n += k
        del found, chunk, joined
    if not n:
        return VectorMatrix.empty()
    return VectorMatrix(ids[:n].copy(), document_ids[:n].copy(), buffer[:n], np.array([n], np.int64))


def _add(matrix: VectorMatrix, rows: list[tuple[int, int, bytes | memoryview | None]]) -> VectorMatrix:
    """The matrix with the vectors of `rows` it does not have yet."""
    return matrix.appended(_from_rows([r for r in rows if not _has(matrix, r[0])]))


def _has(matrix: VectorMatrix, passage_id: int) -> bool:
    at = int(np.searchsorted(matrix.ids, passage_id))
    return at < len(matrix.ids) and int(matrix.ids[at]) == passage_id


def _from_rows(rows: list[tuple[int, int, bytes | memoryview | None]]) -> VectorMatrix:
    rows = [r for r in rows if r[2] is not None and len(r[2]) == DIM * 4]
    if not rows:
        return VectorMatrix.empty()
    ids = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    docs = np.fromiter((r[1] for r in rows), np.int64, len(rows))
    matrix = np.frombuffer(b"".join(bytes(r[2] or b"") for r in rows), dtype=np.float32).reshape(
        len(rows), DIM
    )
    return VectorMatrix.build(ids, docs, matrix)


def forget_cache() -> None:
    global _cache
    with _cache_lock:
        _cache = None
