"""Passage vectors as one matrix, cached in the process and brought up to date when passages change.

The library's vectors are held as one-byte codes (int8, a scale per row: 96 MB at 250,000 passages instead of
366 MB of float32) and scanned with SIMD int8 dot products (simsimd; 4 ms at 250,000 against 33-49 ms for the
float32 matrix-vector product, which is bound by memory). The codes only choose candidates: the best
`RESCORE_FACTOR` × limit are scored again exactly from their stored float32 vectors, so the scores and the
order returned are those of exact search (bench/vector_codes_bench.py measures how often the exact top is
among the candidates). Vectors given in memory (the evaluation) stay float32 and are searched exactly.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

import numpy as np
import simsimd

from livsmiljo.engine.embeddings import DIM

# Candidates scored exactly: this many times the asked number, and at least RESCORE_MIN.
RESCORE_FACTOR = 8
RESCORE_MIN = 256
# (ids) -> (the ids found, their float32 vectors): the exact vectors of quantized rows.
ExactReader = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(int8 codes, float32 scales): a row's vector is about its codes divided by its scale."""
    vectors = np.asarray(vectors, np.float32)
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, np.float32)
    scales = np.where(peak > 0, 127.0 / np.where(peak > 0, peak, 1.0), 1.0).astype(np.float32)
    return np.rint(vectors * scales[:, None]).astype(np.int8), scales


@dataclass(frozen=True)
class VectorMatrix:
    ids: np.ndarray  # int64, ascending
    document_ids: np.ndarray  # int64, same order
    # (n, DIM) float32 rows, L2-normalised; or int8 codes when `scales` is set. May be the start of a larger
    # buffer.
    matrix: np.ndarray
    scales: np.ndarray | None = None  # float32 per row (quantized), the same length as ids
    exact: ExactReader | None = field(default=None, compare=False, repr=False)
    # Rows of the buffer in use, shared by the matrices made from one buffer: only the newest may append.
    used: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def quantized(self) -> bool:
        return self.scales is not None

    def appended(self, new: VectorMatrix) -> VectorMatrix:
        """This matrix with `new`'s rows (ids not in it yet; float32 rows, quantized here when this matrix
        is). Rows that come after the last id are written into spare room at the end of the buffer, so a batch
        of 16 does not copy 50,000 vectors; the rows this matrix shows are never written, so a search still
        using it is not disturbed."""
        if not len(new.ids):
            return self
        rows, scales = (new.matrix, None) if not self.quantized else quantize(new.matrix)
        n, k = len(self.ids), len(new.ids)
        ids = np.concatenate([self.ids, new.ids])
        document_ids = np.concatenate([self.document_ids, new.document_ids])
        if n and new.ids[0] <= self.ids[-1]:
            order = np.argsort(ids, kind="stable")
            both = np.concatenate([self.matrix, rows])[order]
            joined = None if scales is None or self.scales is None else np.concatenate([self.scales, scales])
            return VectorMatrix(
                ids[order],
                document_ids[order],
                np.ascontiguousarray(both),
                None if joined is None else joined[order],
                self.exact,
            )
        buffer, used = self.matrix.base, self.used
        scale_buffer = None if self.scales is None else self.scales.base
        if (
            used is None
            or int(used[0]) != n
            or buffer is None
            or buffer.shape[0] < n + k
            or (self.quantized and (scale_buffer is None or scale_buffer.shape[0] < n + k))
        ):
            size = int((n + k) * 1.25) + 64
            buffer = np.empty((size, DIM), self.matrix.dtype)
            buffer[:n] = self.matrix
            if self.scales is not None:
                scale_buffer = np.empty(size, np.float32)
                scale_buffer[:n] = self.scales
            used = np.zeros(1, np.int64)
        buffer[n : n + k] = rows
        if scales is not None and scale_buffer is not None:
            scale_buffer[n : n + k] = scales
        used[0] = n + k
        return VectorMatrix(
            ids,
            document_ids,
            buffer[: n + k],
            None if scale_buffer is None else scale_buffer[: n + k],
            self.exact,
            used,
        )

    @classmethod
    def empty(cls, *, exact: ExactReader | None = None) -> VectorMatrix:
        if exact is None:
            return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, DIM), np.float32))
        codes, scales = quantize(np.zeros((0, DIM), np.float32))
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), codes, scales, exact)

    @classmethod
    def build(
        cls,
        ids: np.ndarray,
        document_ids: np.ndarray,
        matrix: np.ndarray,
        *,
        exact: ExactReader | None = None,
    ) -> VectorMatrix:
        """Float32 rows searched exactly; with `exact` (a reader of the stored vectors), int8 codes."""
        order = np.argsort(ids, kind="stable")
        rows = np.ascontiguousarray(np.asarray(matrix, np.float32)[order])
        ids, document_ids = np.asarray(ids, np.int64)[order], np.asarray(document_ids, np.int64)[order]
        if exact is None:
            return cls(ids, document_ids, rows)
        codes, scales = quantize(rows)
        return cls(ids, document_ids, codes, scales, exact)

    def _similarities(self, vector: np.ndarray) -> np.ndarray:
        """Every row's dot product with the vector (for codes: its int8 estimate)."""
        if self.scales is None:
            scores: np.ndarray = self.matrix @ vector
            return scores
        peak = float(np.abs(vector).max()) or 1.0
        query = np.rint(vector * (127.0 / peak)).astype(np.int8)
        raw = np.asarray(simsimd.cdist(query[None], self.matrix, "dot", threads=1, out_dtype="float32"))
        estimate: np.ndarray = raw.reshape(-1) / self.scales * np.float32(peak / 127.0)
        return estimate

    def search(
        self, vector: np.ndarray, *, document_ids: Collection[int] | None, limit: int
    ) -> dict[int, float]:
        if not len(self.ids) or limit <= 0:
            return {}
        vector = np.asarray(vector, np.float32)
        scores = self._similarities(vector)
        if document_ids is not None:
            allowed = np.isin(self.document_ids, np.fromiter(document_ids, np.int64))
            scores = np.where(allowed, scores, -np.inf)
        wanted = limit if self.exact is None else max(limit * RESCORE_FACTOR, RESCORE_MIN)
        top = _best(scores, wanted)
        top = top[np.isfinite(scores[top])]
        if self.exact is None:
            return {int(self.ids[j]): float(scores[j]) for j in top}
        found = self.scores_for(vector, self.ids[top])
        best = sorted(found.items(), key=lambda item: -item[1])[:limit]
        return dict(best)

    def scores_for(self, vector: np.ndarray, passage_ids: Collection[int]) -> dict[int, float]:
        wanted = (
            np.fromiter(passage_ids, np.int64) if not isinstance(passage_ids, np.ndarray) else passage_ids
        )
        if not len(self.ids) or not len(wanted):
            return {}
        rows = np.clip(np.searchsorted(self.ids, wanted), 0, len(self.ids) - 1)
        found = self.ids[rows] == wanted
        vector = np.asarray(vector, np.float32)
        if self.exact is None:
            scores = self.matrix[rows[found]] @ vector
            return {int(i): float(s) for i, s in zip(wanted[found], scores, strict=True)}
        ids, stored = self.exact(np.sort(wanted[found]))
        return {int(i): float(s) for i, s in zip(ids, stored @ vector, strict=True)}


def _best(scores: np.ndarray, k: int) -> np.ndarray:
    """The indices of the k highest scores, highest first (ties in row order)."""
    k = min(k, len(scores))
    top = np.argpartition(-scores, k - 1)[:k] if k < len(scores) else np.arange(len(scores))
    ordered: np.ndarray = top[np.argsort(-scores[top], kind="stable")]
    return ordered


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
    """Every stored vector as int8 codes, read LOAD_CHUNK passages at a time straight into one buffer with
    room to grow.

    Reading all rows at once held every row's bytes as Python objects next to the matrix: at 50,000 passages
    the process kept 150 MB for a 73 MB matrix (freed memory stays with the process)."""
    from livsmiljo.documents.models import Passage

    size = Passage.objects.filter(embedding__isnull=False).count()
    buffer = np.empty((int(size * 1.25) + 64, DIM), np.int8)
    scales = np.empty(len(buffer), np.float32)
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
            buffer = np.concatenate([buffer[:n], np.empty((grown - n, DIM), np.int8)])
            scales = np.concatenate([scales[:n], np.empty(grown - n, np.float32)])
            ids = np.concatenate([ids[:n], np.empty(grown - n, np.int64)])
            document_ids = np.concatenate([document_ids[:n], np.empty(grown - n, np.int64)])
        k = len(chunk)
        ids[n : n + k] = [r[0] for r in chunk]
        document_ids[n : n + k] = [r[1] for r in chunk]
        joined = b"".join(bytes(r[2] or b"") for r in chunk)
        buffer[n : n + k], scales[n : n + k] = quantize(np.frombuffer(joined, np.float32).reshape(k, DIM))
        n += k
        del found, chunk, joined
    if not n:
        return VectorMatrix.empty(exact=_exact)
    return VectorMatrix(
        ids[:n].copy(), document_ids[:n].copy(), buffer[:n], scales[:n], _exact, np.array([n], np.int64)
    )


EXACT_CHUNK = 500


def _exact(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The stored float32 vectors of these passages (those that still have one), in the order of `ids`.

    Read with one plain query per EXACT_CHUNK ids: through the ORM, reading 256 vectors cost twice as much."""
    from django.db import connection

    from livsmiljo.documents.models import Passage

    wanted = [int(i) for i in ids]
    stored: dict[int, bytes] = {}
    table = connection.ops.quote_name(Passage._meta.db_table)
    with connection.cursor() as cursor:
        for at in range(0, len(wanted), EXACT_CHUNK):
            part = wanted[at : at + EXACT_CHUNK]
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(f"SELECT id, embedding FROM {table} WHERE id IN ({marks})", part)
            for passage_id, embedding in cursor.fetchall():
                if embedding is not None and len(embedding) == DIM * 4:
                    stored[int(passage_id)] = bytes(embedding)
    kept = [i for i in wanted if i in stored]
    if not kept:
        return np.zeros(0, np.int64), np.zeros((0, DIM), np.float32)
    matrix = np.frombuffer(b"".join(stored[i] for i in kept), np.float32).reshape(len(kept), DIM)
    return np.asarray(kept, np.int64), matrix


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
