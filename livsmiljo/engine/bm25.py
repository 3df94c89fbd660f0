"""An in-memory BM25 index over pre-analysed passages, pure numpy.

Postings are kept per term as (passage row, field-weighted term count); a query's BM25 weights are computed
from them on the fly, a few numpy operations per query term: about a millisecond at 50,000 passages, whatever
the terms. SQLite's FTS5 had to score every passage that contained a query term, which made queries of common
words the slowest (tens of ms).

Nothing global is baked into the postings (passage count, average length, document frequencies), so a
changed library is merged in (`merge`: drop the removed passages, add the new ones) instead of rebuilt.

BM25 is Lucene's variant (k1 1.2, b 0.75, idf = ln(1 + (N - n + 0.5) / (n + 0.5))). A passage has three
fields with their own weights: its own words, its heading and the parts of its compounds.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

K1 = 1.2
B = 0.75
# A term's count in a passage: its own words count fully; heading words and compound parts are weaker.
FIELD_WEIGHTS = (1.0, 0.4, 0.5)


@dataclass(frozen=True)
class Bm25Row:
    id: int
    group: int
    """The document the passage belongs to, for filtering."""
    fields: tuple[Sequence[str], ...]
    """Tokens per field, in the order of FIELD_WEIGHTS."""


class Bm25Index:
    def __init__(
        self,
        *,
        ids: np.ndarray,
        groups: np.ndarray,
        lengths: np.ndarray,
        terms: dict[str, int],
        indptr: np.ndarray,
        rows: np.ndarray,
        counts: np.ndarray,
    ) -> None:
        self.ids = ids  # int64 passage ids, one per row
        self.groups = groups  # int64 document ids, one per row
        self.lengths = lengths  # float32 tokens per row (all fields)
        self.terms = terms  # term -> term number
        self.indptr = indptr  # postings of term t: rows[indptr[t]:indptr[t + 1]], counts likewise
        self.rows = rows  # int32, ascending within a term
        self.counts = counts  # float32 field-weighted count of the term in the row
        self.frequencies = np.diff(indptr)  # passages per term number
        self.average_length = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, items: Iterable[Bm25Row]) -> Bm25Index:
        ids: list[int] = []
        groups: list[int] = []
        tokens: list[str] = []
        sizes: list[int] = []  # tokens per field, row by row
        for item in items:
            ids.append(item.id)
            groups.append(item.group)
            for field_tokens in item.fields:
                sizes.append(len(field_tokens))
                tokens.extend(field_tokens)
        n_rows, n_fields = len(ids), len(FIELD_WEIGHTS)
        # Term numbers in first-seen order, looked up in C (map over dict.__getitem__), not token by token.
        terms = {t: n for n, t in enumerate(dict.fromkeys(tokens))}
        term_all = np.fromiter(map(terms.__getitem__, tokens), np.int64, len(tokens))
        per_field = np.asarray(sizes, np.int64)
        row_all = np.repeat(np.repeat(np.arange(n_rows), n_fields), per_field)
        weight_all = np.repeat(np.tile(np.asarray(FIELD_WEIGHTS), n_rows), per_field)
        # One posting per (term, row), with the field-weighted count; sorted by term, then row.
        span = max(n_rows, 1)
        keys, inverse = np.unique(term_all * span + row_all, return_inverse=True)
        counts = np.bincount(inverse, weights=weight_all, minlength=len(keys))
        indptr = np.zeros(len(terms) + 1, np.int64)
        np.cumsum(np.bincount(keys // span, minlength=len(terms)), out=indptr[1:])
        return cls(
            ids=np.asarray(ids, np.int64),
            groups=np.asarray(groups, np.int64),
            lengths=per_field.reshape(n_rows, n_fields).sum(axis=1).astype(np.float32),
            terms=terms,
            indptr=indptr,
            rows=(keys % span).astype(np.int32),
            counts=counts.astype(np.float32),
        )

    def merge(self, *, removed: Collection[int], added: Iterable[Bm25Row]) -> Bm25Index:
        """A new index without the passages `removed` (ids) and with `added`, as if built from scratch."""
        keep = ~np.isin(self.ids, np.fromiter(removed, np.int64, len(removed)))
        new = Bm25Index.build(added)
        terms = dict(self.terms)
        new_numbers = np.fromiter(
            (terms.setdefault(t, len(terms)) for t in new.terms), np.int64, len(new.terms)
        )
        renumber = np.cumsum(keep) - 1  # old row -> row in the merged index
        old_terms = np.repeat(np.arange(len(self.terms)), self.frequencies)
        alive = keep[self.rows]
        term_all = np.concatenate(
            [old_terms[alive], new_numbers[np.repeat(np.arange(len(new.terms)), new.frequencies)]]
        )
        row_all = np.concatenate([renumber[self.rows[alive]], new.rows.astype(np.int64) + int(keep.sum())])
        count_all = np.concatenate([self.counts[alive], new.counts])
        # Stable: the old rows come first and stay ascending, the new ones follow, ascending too.
        order = np.argsort(term_all, kind="stable")
        indptr = np.zeros(len(terms) + 1, np.int64)
        np.cumsum(np.bincount(term_all, minlength=len(terms)), out=indptr[1:])
        return Bm25Index(
            ids=np.concatenate([self.ids[keep], new.ids]),
            groups=np.concatenate([self.groups[keep], new.groups]),
            lengths=np.concatenate([self.lengths[keep], new.lengths]),
            terms=terms,
            indptr=indptr,
            rows=row_all[order].astype(np.int32),
            counts=count_all[order],
        )

    def to_bytes(self) -> bytes:
        """The index as an .npz archive (numpy arrays only, no pickle)."""
        buffer = io.BytesIO()
        names = np.frombuffer("\n".join(self.terms).encode("utf-8"), np.uint8)
        np.savez(
            buffer, ids=self.ids, groups=self.groups, lengths=self.lengths, terms=names,
            indptr=self.indptr, rows=self.rows, counts=self.counts,
        )  # fmt: skip
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Bm25Index:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            text = archive["terms"].tobytes().decode("utf-8")
            names = text.split("\n") if text else []
            return cls(
                ids=archive["ids"], groups=archive["groups"], lengths=archive["lengths"],
                terms={t: n for n, t in enumerate(names)}, indptr=archive["indptr"],
                rows=archive["rows"], counts=archive["counts"],
            )  # fmt: skip

    def vocabulary(self) -> Mapping[str, int]:
        """Every term with the number of passages that have it (a view: nothing is copied)."""
        return _Vocabulary(self.terms, self.frequencies)

    def _postings(self, term: str) -> slice | None:
        number = self.terms.get(term)
        if number is None or not self.frequencies[number]:
            return None
        return slice(int(self.indptr[number]), int(self.indptr[number + 1]))

    def scores(self, terms: Iterable[str]) -> np.ndarray:
        """BM25 per row for a bag of query terms (each distinct term counted once)."""
        total = np.zeros(len(self.ids), np.float32)
        n = len(self.ids)
        for term in dict.fromkeys(terms):
            span = self._postings(term)
            if span is None:
                continue
            rows, counts = self.rows[span], self.counts[span]
            frequency = span.stop - span.start
            idf = np.log1p((n - frequency + 0.5) / (frequency + 0.5))
            norm = K1 * (1 - B + B * self.lengths[rows] / self.average_length)
            total[rows] += (idf * counts * (K1 + 1) / (counts + norm)).astype(np.float32)
        return total

    def rows_with_all(self, terms: Sequence[str]) -> np.ndarray:
        """Rows that contain every one of the terms (in any field)."""
        found: np.ndarray | None = None
        for term in dict.fromkeys(terms):
            span = self._postings(term)
            if span is None:
                return np.zeros(0, np.int64)
            rows = self.rows[span]
            found = rows if found is None else np.intersect1d(found, rows, assume_unique=True)
        return np.zeros(0, np.int64) if found is None else found

    def allowed_rows(self, groups: Collection[int] | None) -> np.ndarray | None:
        """A boolean mask of the rows whose group is in `groups`; None for no filter."""
        if groups is None:
            return None
        return np.isin(self.groups, np.fromiter(groups, np.int64, len(groups)))

    def top(self, scores: np.ndarray, limit: int, mask: np.ndarray | None = None) -> list[tuple[int, float]]:
        """The best `limit` rows with a positive score, as (passage id, score), best first."""
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        positive = np.flatnonzero(scores > 0)
        if not len(positive) or limit <= 0:
            return []
        if len(positive) > limit:
            positive = positive[np.argpartition(-scores[positive], limit - 1)[:limit]]
        # Best first; ties by passage id, so that results do not depend on build order.
        order = np.lexsort((self.ids[positive], -scores[positive]))
        return [(int(self.ids[r]), float(scores[r])) for r in positive[order]]


class _Vocabulary(Mapping[str, int]):
    """Terms that some passage has (a merge can leave numbers for terms no passage has any more)."""

    def __init__(self, terms: dict[str, int], frequencies: np.ndarray) -> None:
        self._terms = terms
        self._frequencies = frequencies

    def __getitem__(self, term: str) -> int:
        frequency = int(self._frequencies[self._terms[term]])
        if not frequency:
            raise KeyError(term)
        return frequency

    def __contains__(self, term: object) -> bool:
        number = self._terms.get(term) if isinstance(term, str) else None
        return number is not None and bool(self._frequencies[number])

    def __iter__(self) -> Iterator[str]:
        return (t for t, n in self._terms.items() if self._frequencies[n])

    def __len__(self) -> int:
        return int(np.count_nonzero(self._frequencies))
