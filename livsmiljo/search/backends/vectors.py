"""Passage vectors as one numpy matrix, cached in the process and reloaded when the passage set changes."""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from livsmiljo.engine.embeddings import DIM


@dataclass(frozen=True)
class VectorMatrix:
    ids: np.ndarray  # int64, ascending
    document_ids: np.ndarray  # int64, same order
    matrix: np.ndarray  # (n, DIM) float32, rows L2-normalised

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


_cache_lock = threading.Lock()
_cache: tuple[tuple[str, int], VectorMatrix] | None = None


class DatabaseVectors:
    """Passage.embedding as a matrix; reloaded when the "vectors" token or the newest passage changes."""

    def current(self) -> VectorMatrix:
        global _cache
        from django.db.models import Max

        from livsmiljo.documents.models import Passage
        from livsmiljo.search.models import IndexState

        state = IndexState.objects.filter(key="vectors").values_list("token", flat=True).first()
        key = (state or "", Passage.objects.aggregate(m=Max("id"))["m"] or 0)
        with _cache_lock:
            if _cache is not None and _cache[0] == key:
                return _cache[1]
            rows = list(
                Passage.objects.filter(embedding__isnull=False)
                .order_by("id")
                .values_list("id", "document_id", "embedding")
            )
            matrix = _from_rows(rows)
            _cache = (key, matrix)
            return matrix


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
