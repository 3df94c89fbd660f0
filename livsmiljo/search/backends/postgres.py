"""PostgreSQL backend: keyword postings and pgvector vectors in tables, scored per query by the shared engine.

Keyword side. Each document's postings are stored per term as one row, (term, document, postings), where
`postings` packs (passage id, field-weighted count, passage length) for the passages of that document that
have the term; the corpus figures BM25 needs (passages, total length) are one row per document. A search reads
the rows of the query's terms only, so no process loads the whole index, and any web process can search.
A visibility filter is a `document_id = ANY(...)` in the same query; document frequencies and the passage
count stay those of the whole library, as in the SQLite backend. Scores are computed in numpy with
`engine.bm25.term_weights` (the formula and parameters of `Bm25Index.scores`), so both backends rank alike.

Measured at 250,000 generated passages (bench/postgres_keyword_bench.py: 2,500 documents of 100 passages, Zipf
words, 16 million postings; 40 queries with words in 14-100 % of the passages; the shared 2-core machine at
load 9-16), p50 / p95 of the keyword search for the 30 best, whole library and a tenth of the documents:

- BM25 summed in SQL with a GROUP BY over one row per (term, passage): 1,714 / 2,123 ms, 13,961 / 16,185 ms;
- the same rows fetched and scored in numpy: 708 / 1,852 ms, 246 / 427 ms;
- packed rows, 16 bytes a posting, read as text, ids merged with np.unique: 479 / 1,206 ms, 34 / 51 ms;
- packed rows, 6 bytes a posting, read in binary, a score slot per passage id (this code): 57 / 101 ms,
  11 / 21 ms.

Packed rows it is: PostgreSQL is slow at per-row work, and a common word has 100,000+ postings.

Vector side. `search_pg_vector` holds a `vector(384)` per passage (copied from `Passage.embedding` when it is
stored). Small libraries are searched exactly (ORDER BY embedding <#> q); once the table passes
`HNSW_FROM` vectors an HNSW index is built (in the transaction that crosses the size, once) and searched with
`hnsw.ef_search` = `EF_SEARCH` and `hnsw.iterative_scan = relaxed_order`, so a visibility filter in SQL still
returns `limit` rows; the rows are re-sorted exactly afterwards.

Every write goes through Django's connection, so it joins the caller's transaction; the evaluation runs the
same code on temporary tables (`create_sql(temporary=True)`), which shadow the real ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from typing import Any, Protocol

import numpy as np

from livsmiljo.engine.bm25 import FIELD_WEIGHTS, best_scores, term_weights
from livsmiljo.engine.embeddings import DIM
from livsmiljo.engine.text import AnalysedQuery
from livsmiljo.search.backends import IndexRow, KeywordResult

# Measured with bench/postgres_vector_bench.py (2 shared cores, load 10-20): exact search over all vectors
# takes p50/p95 12/21 ms at 10,000, 26/33 ms at 20,000, 78/158 ms at 50,000 and 180-276 ms at 250,000.
# HNSW at 250,000 (build 190-210 s): ef_search 100 gives recall@10 0.93 against exact at 5/17 ms, 200 gives
# 0.99 at 24/44 ms (queries near the library's passages; for random directions far from every document,
# the hard case, 0.31 and 0.42). A filtered search over a tenth of the documents is planned as an exact scan
# of those rows (recall 1.0, 47-60 ms at 250,000).
HNSW_FROM = 10_000
EF_SEARCH = 200
HNSW_INDEX = "search_pg_vector_hnsw"
# As the SQLite backend: a phrase is checked word by word in the best-scoring passages that have its words.
PHRASE_CANDIDATES = 200
POSTING = np.dtype([("id", "<i8"), ("count", "<f4"), ("length", "<f4")])
# Six bytes a posting where they fit (nearly always): passage id as an offset from the row's first id,
# the field-weighted count in tenths (FIELD_WEIGHTS are tenths) and the passage length.
COMPACT = np.dtype([("offset", "<u2"), ("tenths", "<u2"), ("length", "<u2")])


def create_sql(*, temporary: bool = False) -> list[str]:
    """The tables (temporary ones for the evaluation). `CREATE EXTENSION vector` is the caller's."""
    table = "CREATE TEMPORARY TABLE IF NOT EXISTS" if temporary else "CREATE TABLE IF NOT EXISTS"
    return [
        f"{table} search_pg_passage (passage_id bigint PRIMARY KEY, document_id bigint NOT NULL, "
        "length real NOT NULL, body text NOT NULL, heading text NOT NULL, parts text NOT NULL)",
        "CREATE INDEX IF NOT EXISTS search_pg_passage_document ON search_pg_passage (document_id)",
        f'{table} search_pg_posting (term text COLLATE "C" NOT NULL, document_id bigint NOT NULL, '
        "passages integer NOT NULL, first_id bigint NOT NULL, postings bytea NOT NULL, "
        "PRIMARY KEY (term, document_id) INCLUDE (passages))",
        # Packed numbers do not compress: store them without trying.
        "ALTER TABLE search_pg_posting ALTER COLUMN postings SET STORAGE EXTERNAL",
        "CREATE INDEX IF NOT EXISTS search_pg_posting_document ON search_pg_posting (document_id)",
        f'{table} search_pg_term (term text COLLATE "C" PRIMARY KEY)',
        f"{table} search_pg_document (document_id bigint PRIMARY KEY, passages integer NOT NULL, "
        "length double precision NOT NULL)",
        f"{table} search_pg_vector (passage_id bigint PRIMARY KEY, document_id bigint NOT NULL, "
        f"embedding vector({DIM}) NOT NULL)",
        "CREATE INDEX IF NOT EXISTS search_pg_vector_document ON search_pg_vector (document_id)",
    ]


TABLES = (
    "search_pg_vector",
    "search_pg_document",
    "search_pg_term",
    "search_pg_posting",
    "search_pg_passage",
)
DROP_SQL = [f"DROP TABLE IF EXISTS {name}" for name in TABLES]


class Sql(Protocol):
    def run(self, sql: str, params: Sequence[Any] = (), *, binary: bool = False) -> list[tuple[Any, ...]]:
        """`binary`: results in binary format (packed postings arrive as they are, not as hex text)."""
        ...


class DjangoSql:
    """Through Django's connection, so writes join the caller's transaction."""

    def run(self, sql: str, params: Sequence[Any] = (), *, binary: bool = False) -> list[tuple[Any, ...]]:
        from django.db import connection

        if (
            binary
        ):  # a psycopg cursor that binds on the server (Django's binds on the client), same connection
            import psycopg

            connection.ensure_connection()
            with psycopg.Cursor(connection.connection) as raw:
                raw.execute(sql, list(params), binary=True)
                return list(raw.fetchall())
        with connection.cursor() as cursor:
            cursor.execute(sql, list(params))
            return list(cursor.fetchall()) if cursor.description else []


def pack(postings: Sequence[tuple[int, float, float]]) -> tuple[int, bytes]:
    """(first passage id, bytes) for one term's (passage id, count, length) in one document: COMPACT where
    every value fits, else POSTING (the row's byte count tells them apart)."""
    wide = np.array(postings, POSTING)
    first = int(wide["id"].min())
    exact = np.asarray([p[1] for p in postings], np.float64) * 10
    tenths = np.rint(exact)
    fits = (
        int(wide["id"].max()) - first <= 0xFFFF
        and bool(np.allclose(tenths, exact, rtol=0, atol=1e-6))
        and float(tenths.max()) <= 0xFFFF
        and float(wide["length"].max()) <= 0xFFFF
    )
    if not fits:
        return first, wide.tobytes()
    compact = np.empty(len(postings), COMPACT)
    compact["offset"], compact["tenths"], compact["length"] = wide["id"] - first, tenths, wide["length"]
    return first, compact.tobytes()


def unpack(rows: Sequence[tuple[int, int, bytes]]) -> np.ndarray:
    """POSTING records from one term's stored (passages, first id, bytes) rows."""
    counts = np.fromiter((r[0] for r in rows), np.int64, len(rows))
    data = b"".join(r[2] for r in rows)
    if len(data) != COMPACT.itemsize * int(counts.sum()):  # some rows did not fit COMPACT
        return np.concatenate([_unpack_row(*r) for r in rows])
    compact = np.frombuffer(data, COMPACT)
    out = np.empty(len(compact), POSTING)
    out["id"] = np.repeat(np.fromiter((r[1] for r in rows), np.int64, len(rows)), counts) + compact["offset"]
    out["count"] = compact["tenths"].astype(np.float32) / np.float32(10)
    out["length"] = compact["length"]
    return out


def _unpack_row(passages: int, first_id: int, data: bytes) -> np.ndarray:
    if len(data) == POSTING.itemsize * passages:
        return np.frombuffer(data, POSTING)
    return unpack([(passages, first_id, data)])


def vector_text(vector: np.ndarray | bytes | memoryview) -> str:
    """pgvector's text form of a float32 vector (given as an array or as Passage.embedding's bytes)."""
    if not isinstance(vector, np.ndarray):
        vector = np.frombuffer(bytes(vector), np.float32)
    return "[" + ",".join(map(repr, np.asarray(vector, np.float32).tolist())) + "]"


class PostgresBackend:
    def __init__(self, *, sql: Sql, hnsw_from: int = HNSW_FROM) -> None:
        self.sql = sql
        self.hnsw_from = hnsw_from

    # Writes ---------------------------------------------------------------------------------------------

    def index(self, rows: Sequence[IndexRow]) -> None:
        """Store the passages' tokens and rebuild the postings of their documents."""
        if not rows:
            return
        self.sql.run(
            "INSERT INTO search_pg_passage (passage_id, document_id, length, body, heading, parts) "
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::real[], %s::text[], %s::text[], "
            "%s::text[]) ON CONFLICT (passage_id) DO UPDATE SET document_id = excluded.document_id, "
            "length = excluded.length, body = excluded.body, heading = excluded.heading, "
            "parts = excluded.parts",
            [
                [r.passage_id for r in rows],
                [r.document_id for r in rows],
                [float(len(r.body) + len(r.heading) + len(r.parts)) for r in rows],
                [" ".join(r.body) for r in rows],
                [" ".join(r.heading) for r in rows],
                [" ".join(r.parts) for r in rows],
            ],
        )
        documents = sorted({r.document_id for r in rows})
        stored = self.sql.run(
            "SELECT passage_id, document_id, body, heading, parts FROM search_pg_passage "
            "WHERE document_id = ANY(%s) ORDER BY passage_id",
            [documents],
        )
        self._write_postings(documents, stored)

    def _write_postings(self, documents: list[int], stored: list[tuple[Any, ...]]) -> None:
        postings: dict[tuple[str, int], list[tuple[int, float, float]]] = defaultdict(list)
        sizes: dict[int, list[float]] = {d: [0, 0.0] for d in documents}
        for passage_id, document_id, *fields in stored:
            counts: dict[str, float] = defaultdict(float)
            length = 0
            for text, weight in zip(fields, FIELD_WEIGHTS, strict=True):
                tokens = text.split()
                length += len(tokens)
                for token in tokens:
                    counts[token] += weight
            for term, count in counts.items():
                postings[(term, document_id)].append((passage_id, count, float(length)))
            sizes[document_id][0] += 1
            sizes[document_id][1] += length
        keys = sorted(postings)  # one order for every writer: concurrent ingestions wait, never deadlock
        self.sql.run("DELETE FROM search_pg_posting WHERE document_id = ANY(%s)", [documents])
        self.sql.run(
            "INSERT INTO search_pg_posting (term, document_id, passages, first_id, postings) "
            "SELECT * FROM unnest(%s::text[], %s::bigint[], %s::integer[], %s::bigint[], %s::bytea[])",
            [
                [t for t, _ in keys],
                [d for _, d in keys],
                [len(postings[k]) for k in keys],
                *map(list, zip(*(pack(postings[k]) for k in keys), strict=True)),
            ],
        )
        self.sql.run(
            "INSERT INTO search_pg_term (term) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
            [sorted({t for t, _ in keys})],
        )
        self.sql.run(
            "INSERT INTO search_pg_document (document_id, passages, length) "
            "SELECT * FROM unnest(%s::bigint[], %s::integer[], %s::double precision[]) "
            "ON CONFLICT (document_id) DO UPDATE SET passages = excluded.passages, length = excluded.length",
            [documents, [int(sizes[d][0]) for d in documents], [float(sizes[d][1]) for d in documents]],
        )

    def unindex(self, *, document_id: int) -> None:
        """Remove the document from the keyword index (its vectors stay: `unindex_vectors`)."""
        terms = self.sql.run(
            "DELETE FROM search_pg_posting WHERE document_id = %s RETURNING term", [document_id]
        )
        self.sql.run("DELETE FROM search_pg_passage WHERE document_id = %s", [document_id])
        self.sql.run("DELETE FROM search_pg_document WHERE document_id = %s", [document_id])
        if terms:
            # Terms no passage has any more leave the vocabulary, as in the SQLite backend.
            self.sql.run(
                "DELETE FROM search_pg_term t WHERE t.term = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM search_pg_posting p WHERE p.term = t.term)",
                [sorted({t for (t,) in terms})],
            )

    def store_vectors(self, rows: Sequence[tuple[int, int, bytes | memoryview]]) -> None:
        """Store (passage id, document id, float32 bytes) vectors; builds the HNSW index once the table
        passes `hnsw_from` vectors."""
        rows = [r for r in rows if r[2] is not None and len(r[2]) == DIM * 4]
        if not rows:
            return
        self.sql.run(
            "INSERT INTO search_pg_vector (passage_id, document_id, embedding) "
            "SELECT i, d, v::vector FROM unnest(%s::bigint[], %s::bigint[], %s::text[]) AS r(i, d, v) "
            "ON CONFLICT (passage_id) DO UPDATE SET document_id = excluded.document_id, "
            "embedding = excluded.embedding",
            [[r[0] for r in rows], [r[1] for r in rows], [vector_text(r[2]) for r in rows]],
        )
        if not self.has_hnsw() and self._vector_count() >= self.hnsw_from:
            self.sql.run(
                f"CREATE INDEX IF NOT EXISTS {HNSW_INDEX} ON search_pg_vector "
                "USING hnsw (embedding vector_ip_ops) WITH (m = 16, ef_construction = 64)"
            )

    def unindex_vectors(self, *, document_id: int) -> None:
        self.sql.run("DELETE FROM search_pg_vector WHERE document_id = %s", [document_id])

    # Reads ----------------------------------------------------------------------------------------------

    def vocabulary(self, *, current: bool = True) -> Mapping[str, int]:
        """Every indexed term, looked up in the database as asked (a query asks about 10-40 words)."""
        return PgVocabulary(self.sql)

    def _corpus(self) -> tuple[int, float]:
        """Passages in the whole library and their mean length (as `Bm25Index.average_length`)."""
        n, total = self.sql.run(
            "SELECT coalesce(sum(passages), 0), coalesce(sum(length), 0) FROM search_pg_document"
        )[0]
        n = int(n)
        return n, (float(total) / n if n and total > 0 else 1.0)

    def _postings(
        self, terms: list[str], document_ids: Collection[int] | None
    ) -> tuple[dict[str, np.ndarray], dict[str, int]]:
        """Each term's postings (filtered) and its passage count in the whole library."""
        where, params = "term = ANY(%s)", list[Any]([terms])
        if document_ids is not None:
            where, params = where + " AND document_id = ANY(%s)", [terms, list(document_ids)]
        parts: dict[str, list[tuple[int, int, bytes]]] = defaultdict(list)
        query = f"SELECT term, passages, first_id, postings FROM search_pg_posting WHERE {where}"
        for term, passages, first_id, data in self.sql.run(query, params, binary=True):
            parts[term].append((passages, first_id, data))
        found = {t: unpack(p) for t, p in parts.items()}
        if document_ids is None:
            return found, {t: len(p) for t, p in found.items()}
        counted = self.sql.run(
            "SELECT term, sum(passages) FROM search_pg_posting WHERE term = ANY(%s) GROUP BY term", [terms]
        )
        return found, {t: int(n) for t, n in counted}

    def keyword_search(
        self, query: AnalysedQuery, *, document_ids: Collection[int] | None, limit: int
    ) -> KeywordResult:
        if document_ids is not None and not document_ids:
            return KeywordResult(scores={}, phrase_ids=set())
        terms = query.terms
        wanted = list(dict.fromkeys([*terms, *(s for phrase in query.phrases for s in phrase)]))
        if not wanted:
            return KeywordResult(scores={}, phrase_ids=set())
        postings, frequencies = self._postings(wanted, document_ids)
        n, average_length = self._corpus()
        slots = _Slots([p["id"] for p in postings.values()])
        scores = np.zeros(len(slots.ids), np.float32)
        for term in terms:
            found = postings.get(term)
            if found is None or not len(found):
                continue
            scores[slots.of(found["id"])] += term_weights(
                found["count"], found["length"], frequencies[term], n, average_length
            )
        phrase_ids: set[int] = set()
        for phrase in query.phrases:
            phrase_ids.update(self._phrase_matches(phrase, postings, slots, scores))
        return KeywordResult(scores=dict(best_scores(slots.ids, scores, limit)), phrase_ids=phrase_ids)

    def _phrase_matches(
        self, phrase: Sequence[str], postings: dict[str, np.ndarray], slots: _Slots, scores: np.ndarray
    ) -> set[int]:
        """Passages whose own words contain the phrase's stems in order (checked in the best candidates)."""
        words = list(dict.fromkeys(phrase))
        if any(postings.get(term) is None for term in words):
            return set()
        hits = np.zeros(len(slots.ids), np.uint8)
        for term in words:
            hits[slots.of(postings[term]["id"])] += 1
        rows = np.flatnonzero(hits == len(words))
        if not len(rows):
            return set()
        if len(rows) > PHRASE_CANDIDATES:
            rows = rows[np.argpartition(-scores[rows], PHRASE_CANDIDATES - 1)[:PHRASE_CANDIDATES]]
        found_rows = self.sql.run(
            "SELECT passage_id, body FROM search_pg_passage WHERE passage_id = ANY(%s)",
            [[int(i) for i in slots.ids[rows]]],
        )
        text = f" {' '.join(phrase)} "
        return {int(i) for i, body in found_rows if text in f" {body} "}

    def has_hnsw(self) -> bool:
        """Whether the vector table in use (a temporary one in the evaluation) has its HNSW index."""
        found = self.sql.run(
            "SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = 'search_pg_vector'::regclass AND c.relname = %s)",
            [HNSW_INDEX],
        )
        return bool(found[0][0])

    def _vector_count(self) -> int:
        return int(self.sql.run("SELECT count(*) FROM search_pg_vector")[0][0])

    def vector_search(
        self, vector: np.ndarray, *, document_ids: Collection[int] | None, limit: int
    ) -> dict[int, float]:
        if document_ids is not None and not document_ids:
            return {}
        where, params = "", list[Any]([vector_text(vector)])
        if document_ids is not None:
            where, params = "WHERE document_id = ANY(%s)", [*params, list(document_ids)]
        # For this connection's HNSW scans (an exact scan ignores them): checking for the index would cost
        # as much as setting them.
        self.sql.run(
            "SELECT set_config('hnsw.ef_search', %s, false), "
            "set_config('hnsw.iterative_scan', 'relaxed_order', false)",
            [str(max(EF_SEARCH, limit))],
        )
        # The inner ORDER BY is on the distance alone, so that the HNSW index can serve it; relaxed order
        # may return rows slightly out of order, hence the outer sort.
        found = self.sql.run(
            "WITH nearest AS MATERIALIZED (SELECT passage_id, embedding <#> %s::vector AS distance "
            f"FROM search_pg_vector {where} ORDER BY distance LIMIT %s) "
            "SELECT passage_id, distance FROM nearest ORDER BY distance, passage_id",
            [*params, limit],
        )
        return {int(i): -float(d) for i, d in found}

    def vector_scores(self, vector: np.ndarray, passage_ids: Collection[int]) -> dict[int, float]:
        if not passage_ids:
            return {}
        found = self.sql.run(
            "SELECT passage_id, embedding <#> %s::vector FROM search_pg_vector WHERE passage_id = ANY(%s)",
            [vector_text(vector), [int(i) for i in passage_ids]],
        )
        return {int(i): -float(d) for i, d in found}


class _Slots:
    """A score slot per passage id found. Passage ids come from one sequence, so the ids between the smallest
    and the largest found are usually few enough to give each its slot (an array index: no sorting or
    hashing of hundreds of thousands of ids); else the distinct ids, sorted."""

    def __init__(self, arrays: Sequence[np.ndarray]) -> None:
        found = sum(len(a) for a in arrays)
        self.low = min((int(a.min()) for a in arrays if len(a)), default=0)
        high = max((int(a.max()) for a in arrays if len(a)), default=-1)
        self.dense = high - self.low + 1 <= max(4 * found, 1 << 20)
        if self.dense:
            self.ids = np.arange(self.low, high + 1, dtype=np.int64)
        else:
            every = np.sort(np.concatenate(arrays))
            self.ids = every[np.concatenate(([True], every[1:] != every[:-1]))]

    def of(self, ids: np.ndarray) -> np.ndarray:
        return ids - self.low if self.dense else np.searchsorted(self.ids, ids)


class PgVocabulary(Mapping[str, int]):
    """The index's terms, read from the database when asked; answers are remembered for this object's life
    (one query, or one document's indexing)."""

    def __init__(self, sql: Sql) -> None:
        self._sql = sql
        self._known: dict[str, bool] = {}

    def __contains__(self, term: object) -> bool:
        if not isinstance(term, str):
            return False
        if term not in self._known:
            found = self._sql.run("SELECT EXISTS (SELECT 1 FROM search_pg_posting WHERE term = %s)", [term])
            self._known[term] = bool(found[0][0])
        return self._known[term]

    def __getitem__(self, term: str) -> int:
        found = self._sql.run("SELECT sum(passages) FROM search_pg_posting WHERE term = %s", [term])[0][0]
        if not found:
            raise KeyError(term)
        return int(found)

    def __iter__(self) -> Iterator[str]:
        return (t for (t,) in self._sql.run("SELECT term FROM search_pg_term"))

    def __len__(self) -> int:
        return int(self._sql.run("SELECT count(*) FROM search_pg_term")[0][0])

    def __bool__(self) -> bool:
        return bool(self._sql.run("SELECT EXISTS (SELECT 1 FROM search_pg_term)")[0][0])
