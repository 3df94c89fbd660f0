"""An in-memory BM25 index over pre-analysed passages, pure numpy.

Postings are kept per term as (passage row, field-weighted term count); a query's BM25 weights are computed
from them on the fly, a few numpy operations per query term: about a millisecond at 50,000 passages, whatever
the terms. SQLite's FTS5 had to score every passage that contained a query term, which made queries of common
words the slowest (tens of ms).

Nothing global is baked into the postings (passage count, average length, document frequencies), so a
changed library is merged in (`merge`: drop the removed passages, add the new ones) instead of rebuilt.

An index saved to a folder (`save`) is opened with its postings left in the files (`open`): a query reads the
postings of its own terms (from the operating system's file cache, shared by every process of the machine)
and lets go of them afterwards, so a web process does not hold the index. At 250,000 passages the postings
are about 200 MB; the passage arrays kept in memory 5 MB. (Memory-mapping them instead made every page a
query had touched count in the process's resident memory: +110 MB after 100 searches at 250,000.)

BM25 is Lucene's variant (k1 1.2, b 0.75, idf = ln(1 + (N - n + 0.5) / (n + 0.5))). A passage has three
fields with their own weights: its own words, its heading and the parts of its compounds.
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

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
        rows: np.ndarray | PostingsFile,
        counts: np.ndarray | PostingsFile,
    ) -> None:
        self.ids = ids  # int64 passage ids, one per row
        self.groups = groups  # int64 document ids, one per row
        self.lengths = lengths  # float32 tokens per row (all fields)
        self.terms = terms  # term -> term number
        self.indptr = indptr  # postings of term t: rows[indptr[t]:indptr[t + 1]], counts likewise
        self.rows: np.ndarray | PostingsFile = rows  # int32, ascending within a term
        self.counts: np.ndarray | PostingsFile = counts  # float32 field-weighted count of the term in the row
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
        rows, counts = _whole(self.rows), _whole(self.counts)
        terms = dict(self.terms)
        new_numbers = np.fromiter(
            (terms.setdefault(t, len(terms)) for t in new.terms), np.int64, len(new.terms)
        )
        renumber = np.cumsum(keep) - 1  # old row -> row in the merged index
        old_terms = np.repeat(np.arange(len(self.terms)), self.frequencies)
        alive = keep[rows]
        term_all = np.concatenate(
            [old_terms[alive], new_numbers[np.repeat(np.arange(len(new.terms)), new.frequencies)]]
        )
        row_all = np.concatenate([renumber[rows[alive]], _whole(new.rows).astype(np.int64) + int(keep.sum())])
        count_all = np.concatenate([counts[alive], _whole(new.counts)])
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
            indptr=self.indptr, rows=_whole(self.rows), counts=_whole(self.counts),
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

    def save(self, directory: Path) -> None:
        """The index as .npy files (and the terms as text) in `directory`, which is created."""
        directory.mkdir(parents=True, exist_ok=True)
        for name in _ARRAYS:
            np.save(directory / f"{name}.npy", _whole(getattr(self, name)), allow_pickle=False)
        (directory / "terms.txt").write_text("\n".join(self.terms), encoding="utf-8")

    @classmethod
    def open(cls, directory: Path) -> Bm25Index:
        """An index saved by `save`: the per-passage arrays read into memory (every query uses them whole),
        the postings (rows, counts) read from the files a term at a time."""

        def load(name: str) -> np.ndarray:
            return np.load(directory / f"{name}.npy", allow_pickle=False)

        text = (directory / "terms.txt").read_text(encoding="utf-8")
        names = text.split("\n") if text else []
        return cls(
            ids=load("ids"), groups=load("groups"), lengths=load("lengths"),
            terms={t: n for n, t in enumerate(names)}, indptr=load("indptr"),
            rows=PostingsFile(directory / "rows.npy"), counts=PostingsFile(directory / "counts.npy"),
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
        """Rows that contain every one of the terms (in any field), ascending.

        Counted in one byte per row rather than intersected: np.intersect1d sorts, which took 11 ms for a
        two-word phrase of common words at 250,000 passages."""
        found_spans = [self._postings(term) for term in dict.fromkeys(terms)]
        spans = [span for span in found_spans if span is not None]
        if not spans or len(spans) < len(found_spans):
            return np.zeros(0, np.int64)
        if len(spans) == 1:
            return np.asarray(self.rows[spans[0]], np.int64)
        hits = np.zeros(len(self.ids), np.uint8)
        for span in spans:
            hits[self.rows[span]] += 1  # a term's rows are distinct
        found: np.ndarray = np.flatnonzero(hits == len(spans))
        return found

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


_ARRAYS = ("ids", "groups", "lengths", "indptr", "rows", "counts")


class PostingsFile:
    """A one-dimensional .npy array left in its file: a slice is read when asked for (not mapped or kept).

    The file stays open, so it can still be read after another process has removed it (a newer index)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd = os.open(path, os.O_RDONLY)
        with path.open("rb") as file:
            version = np.lib.format.read_magic(file)
            read_header = (
                np.lib.format.read_array_header_1_0
                if version == (1, 0)
                else np.lib.format.read_array_header_2_0
            )
            shape, fortran, dtype = read_header(file)
            self.offset = file.tell()
        if len(shape) != 1 or fortran or dtype.hasobject:
            raise ValueError(f"{path}: not a flat array")
        self.dtype = np.dtype(dtype)
        self.size = int(shape[0])

    def __len__(self) -> int:
        return self.size

    def __getitem__(self, span: slice) -> np.ndarray:
        start, stop, step = span.indices(self.size)
        if step != 1:
            raise IndexError("postings are read in runs")
        if stop <= start:
            return np.zeros(0, self.dtype)
        size = (stop - start) * self.dtype.itemsize
        data = os.pread(self._fd, size, self.offset + start * self.dtype.itemsize)
        if len(data) != size:
            raise OSError(f"{self.path}: cut short")
        return np.frombuffer(data, self.dtype)

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)


def _whole(array: np.ndarray | PostingsFile) -> np.ndarray:
    return array[0 : len(array)] if isinstance(array, PostingsFile) else array


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


def term_weights(
    counts: np.ndarray, lengths: np.ndarray, frequency: int, n: int, average_length: float
) -> np.ndarray:
    """One query term's BM25 weight in each passage that has it, as `Bm25Index.scores` adds them up: for
    postings kept elsewhere (the PostgreSQL backend's tables). `counts` and `lengths` are float32, one per
    passage; `frequency` is the number of passages with the term among the `n` of the whole library."""
    idf = np.log1p((n - frequency + 0.5) / (frequency + 0.5))
    norm = K1 * (1 - B + B * np.asarray(lengths, np.float32) / average_length)
    counts = np.asarray(counts, np.float32)
    return (idf * counts * (K1 + 1) / (counts + norm)).astype(np.float32)


def best_scores(ids: np.ndarray, scores: np.ndarray, limit: int) -> list[tuple[int, float]]:
    """The best `limit` (passage id, score) pairs with a positive score, best first, ties by passage id:
    `Bm25Index.top` for scores given with their ids."""
    positive = np.flatnonzero(scores > 0)
    if not len(positive) or limit <= 0:
        return []
    if len(positive) > limit:
        positive = positive[np.argpartition(-scores[positive], limit - 1)[:limit]]
    order = np.lexsort((ids[positive], -scores[positive]))
    return [(int(ids[r]), float(scores[r])) for r in positive[order]]
