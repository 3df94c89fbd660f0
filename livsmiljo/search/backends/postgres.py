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

Still one row per document a term occurs in (10,000 for a common word at 250,000 passages), so the rows are
merged: a compaction (`compact`, after an ingestion's commit once `COMPACT_FROM` passages are new) writes the
merged segment, one row per term with every document's packed postings concatenated and each document's id,
passage count, first id and byte size beside them. A search reads, in one statement (one snapshot), the
segment rows of its terms, the per-document rows of the documents indexed since ("fresh", a few thousand
passages at most: looked up per document and term) and the documents whose part of the segment no longer
counts ("stale": unindexed or indexed again since); the visibility filter then drops the hidden documents'
postings in numpy before any score is computed (document frequencies stay those of the whole library). The
per-document rows stay the truth the segment is rebuilt from, so writes are what they were (plus the fresh
and stale marks) and two ingesting workers never wait for each other; the compaction waits for the writers in
progress (SHARE lock) and takes about 2 s at 50,000 passages.

Vector side. `search_pg_vector` holds a `vector(384)` per passage (copied from `Passage.embedding` when it is
stored). Small libraries are searched exactly (ORDER BY embedding <#> q); once the table passes
`HNSW_FROM` vectors an HNSW index is built and searched with `hnsw.ef_search` = `EF_SEARCH` and
`hnsw.iterative_scan = relaxed_order`, so a visibility filter in SQL still returns `limit` rows; the rows are
re-sorted exactly afterwards. The build takes minutes at 250,000 vectors, so it never runs in the write that
crosses the size: that write queues a worker task (`search.vector_index`), which builds the index with
`CREATE INDEX CONCURRENTLY` outside any transaction (ingestion and searches go on meanwhile), one process at a
time under an advisory lock, and drops and rebuilds an invalid index a killed build left behind. Searches stay
exact until the index is valid (the planner uses valid indexes only).

Every write goes through Django's connection, so it joins the caller's transaction; the evaluation runs the
same code on temporary tables (`create_sql(temporary=True)`), which shadow the real ones.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from contextlib import suppress
from itertools import chain
from typing import Any, Literal, Protocol

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
# The session-level advisory lock held by the one process building the index ("hnsw" in ASCII).
HNSW_LOCK = 0x686E_7377
# The merged keyword segment is rebuilt once this many passages were indexed since the last time (their rows
# are read one per (term, document) until then), or this many documents were unindexed or indexed again.
COMPACT_FROM = 5_000
COMPACT_STALE = 500
# The transaction-level advisory lock of the one process compacting ("kwcp" in ASCII).
COMPACT_LOCK = 0x6B77_6370
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
        # The merged segment: one row per term with the postings of every document (as of the last
        # compaction), the documents' stored rows concatenated in document order; `documents`, `runs`
        # (passages), `firsts` and `sizes` (bytes) hold each document's part as big-endian numbers.
        f'{table} search_pg_segment (term text COLLATE "C" PRIMARY KEY, documents bytea NOT NULL, '
        "runs bytea NOT NULL, firsts bytea NOT NULL, sizes bytea NOT NULL, postings bytea NOT NULL)",
        *(
            f"ALTER TABLE search_pg_segment ALTER COLUMN {column} SET STORAGE EXTERNAL"
            for column in ("documents", "runs", "firsts", "sizes", "postings")
        ),
        # Documents indexed since the compaction (read from search_pg_posting) and documents whose part of
        # the segment no longer counts (unindexed or indexed again since).
        f"{table} search_pg_fresh (document_id bigint PRIMARY KEY)",
        f"{table} search_pg_stale (document_id bigint PRIMARY KEY)",
        f"{table} search_pg_vector (passage_id bigint PRIMARY KEY, document_id bigint NOT NULL, "
        f"embedding vector({DIM}) NOT NULL)",
        "CREATE INDEX IF NOT EXISTS search_pg_vector_document ON search_pg_vector (document_id)",
    ]


TABLES = (
    "search_pg_stale",
    "search_pg_fresh",
    "search_pg_segment",
    "search_pg_vector",
    "search_pg_document",
    "search_pg_term",
    "search_pg_posting",
    "search_pg_passage",
)
DROP_SQL = [f"DROP TABLE IF EXISTS {name}" for name in TABLES]


def hnsw_sql(*, concurrently: bool) -> str:
    """The HNSW index; CONCURRENTLY (outside a transaction) lets writes and searches go on meanwhile."""
    how = "CONCURRENTLY " if concurrently else ""
    return (
        f"CREATE INDEX {how}IF NOT EXISTS {HNSW_INDEX} ON search_pg_vector "
        "USING hnsw (embedding vector_ip_ops) WITH (m = 16, ef_construction = 64)"
    )


class Sql(Protocol):
    def run(self, sql: str, params: Sequence[Any] = (), *, binary: bool = False) -> list[tuple[Any, ...]]:
        """`binary`: results in binary format (packed postings arrive as they are, not as hex text)."""
        ...

    def copy(self, table: str, columns: Sequence[tuple[str, str]], rows: Iterator[Sequence[Any]]) -> None:
        """COPY rows of (column, type) values into the table, in binary."""
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

    def copy(self, table: str, columns: Sequence[tuple[str, str]], rows: Iterator[Sequence[Any]]) -> None:
        """On Django's connection (the caller's transaction); inserting from arrays cost 10 times more."""
        import psycopg
        from django.db import connection

        connection.ensure_connection()
        names = ", ".join(name for name, _ in columns)
        with (
            psycopg.Cursor(connection.connection) as raw,
            raw.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types([kind for _, kind in columns])
            for row in rows:
                copy.write_row(row)


def pack_many(
    ids: np.ndarray, counts: np.ndarray, lengths: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, list[bytes]]:
    """Many rows' packed postings at once: the postings of row r are [starts[r], starts[r + 1]) of the flat
    arrays (ids, field-weighted counts, lengths). Returns each row's first id and bytes: COMPACT for a row
    where every value fits, else POSTING."""
    if not len(starts):
        return np.zeros(0, np.int64), []
    ids = np.asarray(ids, np.int64)
    exact = np.asarray(counts, np.float64) * 10
    tenths = np.rint(exact)
    wide_lengths = np.asarray(lengths, np.float32)
    firsts = np.minimum.reduceat(ids, starts)
    first_of = np.repeat(firsts, np.diff(np.append(starts, len(ids))))
    ok = (
        (ids - first_of <= 0xFFFF)
        & (np.abs(tenths - exact) <= 1e-6)
        & (tenths <= 0xFFFF)
        & (wide_lengths <= 0xFFFF)
    )
    fits = np.logical_and.reduceat(ok, starts)
    compact = np.empty(len(ids), COMPACT)
    compact["offset"] = np.where(ok, ids - first_of, 0)
    compact["tenths"] = np.where(ok, tenths, 0)
    compact["length"] = np.where(ok, wide_lengths, 0)
    wide = np.empty(len(ids), POSTING)
    wide["id"], wide["count"], wide["length"] = ids, counts, wide_lengths
    compact_bytes, wide_bytes = compact.tobytes(), wide.tobytes()
    ends = np.append(starts[1:], len(ids)).tolist()
    out = []
    for start, end, fit in zip(starts.tolist(), ends, fits.tolist(), strict=True):
        if fit:
            out.append(compact_bytes[start * COMPACT.itemsize : end * COMPACT.itemsize])
        else:
            out.append(wide_bytes[start * POSTING.itemsize : end * POSTING.itemsize])
    return firsts, out


def pack(postings: Sequence[tuple[int, float, float]]) -> tuple[int, bytes]:
    """(first passage id, bytes) for one term's (passage id, count, length) in one document: COMPACT where
    every value fits, else POSTING (the row's byte count tells them apart). `pack_many` for one row."""
    flat = np.asarray(postings, np.float64).reshape(-1, 3)
    firsts, packed = pack_many(flat[:, 0].astype(np.int64), flat[:, 1], flat[:, 2], np.zeros(1, np.int64))
    return int(firsts[0]), packed[0]


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


def _numbers(chunks: Sequence[tuple[Any, ...]], column: int, dtype: str) -> np.ndarray:
    """One column of big-endian numbers (int8send / int4send) over the chunks, as int64."""
    return np.concatenate([np.frombuffer(c[column], dtype) for c in chunks]).astype(np.int64)


def unpack_runs(
    runs: np.ndarray, firsts: np.ndarray, sizes: np.ndarray, chunks: Sequence[tuple[Any, ...]]
) -> np.ndarray:
    """POSTING records from stored rows concatenated: passages, first id and byte size per row; the bytes
    are the last column of the chunks."""
    data = b"".join(c[-1] for c in chunks)
    total = int(runs.sum())
    if len(data) != COMPACT.itemsize * total:  # some rows did not fit COMPACT
        ends = np.cumsum(sizes).tolist()
        starts = [0, *ends[:-1]]
        rows = zip(runs.tolist(), firsts.tolist(), starts, ends, strict=True)
        return np.concatenate([_unpack_row(n, f, data[s:e]) for n, f, s, e in rows])
    compact = np.frombuffer(data, COMPACT)
    out = np.empty(total, POSTING)
    out["id"] = np.repeat(firsts, runs) + compact["offset"]
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
        # (passage id, count, length) after one another: flattened at once below
        postings: dict[tuple[str, int], list[float]] = defaultdict(list)
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
                postings[(term, document_id)] += (passage_id, count, length)
            sizes[document_id][0] += 1
            sizes[document_id][1] += length
        keys = sorted(postings)  # one order for every writer: concurrent ingestions wait, never deadlock
        self.sql.run("DELETE FROM search_pg_posting WHERE document_id = ANY(%s)", [documents])
        passages = np.fromiter((len(postings[k]) // 3 for k in keys), np.int64, len(keys))
        flat = np.fromiter(chain.from_iterable(postings[k] for k in keys), np.float64).reshape(-1, 3)
        starts = np.concatenate(([0], np.cumsum(passages)[:-1])).astype(np.int64)
        firsts, packed = pack_many(flat[:, 0].astype(np.int64), flat[:, 1], flat[:, 2], starts)
        self.sql.copy(
            "search_pg_posting",
            [("term", "text"), ("document_id", "int8"), ("passages", "int4"), ("first_id", "int8"),
             ("postings", "bytea")],
            zip([t for t, _ in keys], [d for _, d in keys], passages.tolist(), firsts.tolist(), packed,
                strict=True),
        )  # fmt: skip
        # Until the next compaction these documents' postings are read from the rows above, and their part
        # of the merged segment (if any) no longer counts.
        for table in ("search_pg_fresh", "search_pg_stale"):
            self.sql.run(
                f"INSERT INTO {table} (document_id) SELECT unnest(%s::bigint[]) ON CONFLICT DO NOTHING",
                [documents],
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
        self.sql.run("DELETE FROM search_pg_fresh WHERE document_id = %s", [document_id])
        self.sql.run(
            "INSERT INTO search_pg_stale (document_id) VALUES (%s) ON CONFLICT DO NOTHING", [document_id]
        )
        if terms:
            # Terms no passage has any more leave the vocabulary, as in the SQLite backend.
            self.sql.run(
                "DELETE FROM search_pg_term t WHERE t.term = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM search_pg_posting p WHERE p.term = t.term)",
                [sorted({t for (t,) in terms})],
            )

    def delta(self) -> tuple[int, int]:
        """Passages indexed since the last compaction (read row by row from search_pg_posting) and documents
        whose part of the merged segment no longer counts."""
        fresh, stale = self.sql.run(
            "SELECT (SELECT coalesce(sum(d.passages), 0) FROM search_pg_fresh f "
            "JOIN search_pg_document d USING (document_id)), (SELECT count(*) FROM search_pg_stale)"
        )[0]
        return int(fresh), int(stale)

    def compact(self, *, force: bool = False) -> bool:
        """Rebuild the merged segment from every document's rows, once `COMPACT_FROM` passages were indexed
        (or `COMPACT_STALE` documents changed) since the last time, or when `force`d; returns whether it did.

        Run it in a transaction of its own (after the ingestion's commit): it waits for the writers in
        progress and holds new ones off until it commits (SHARE lock on the rows); searches go on, reading
        the previous segment. One process at a time (an advisory lock; another one skips)."""
        if not self.sql.run("SELECT pg_try_advisory_xact_lock(%s)", [COMPACT_LOCK])[0][0]:
            return False
        self.sql.run("LOCK TABLE search_pg_posting IN SHARE MODE")
        fresh, stale = self.delta()
        if not force and fresh < COMPACT_FROM and stale < COMPACT_STALE:
            return False
        self.sql.run("DELETE FROM search_pg_segment")
        self.sql.run(
            "INSERT INTO search_pg_segment (term, documents, runs, firsts, sizes, postings) "
            "SELECT term, string_agg(int8send(document_id), ''::bytea ORDER BY document_id), "
            "string_agg(int4send(passages), ''::bytea ORDER BY document_id), "
            "string_agg(int8send(first_id), ''::bytea ORDER BY document_id), "
            "string_agg(int4send(octet_length(postings)), ''::bytea ORDER BY document_id), "
            "string_agg(postings, ''::bytea ORDER BY document_id) "
            "FROM search_pg_posting GROUP BY term"
        )
        self.sql.run("DELETE FROM search_pg_fresh")
        self.sql.run("DELETE FROM search_pg_stale")
        return True

    def store_vectors(self, rows: Sequence[tuple[int, int, bytes | memoryview]]) -> None:
        """Store (passage id, document id, float32 bytes) vectors. Once the table passes `hnsw_from`
        vectors without a valid HNSW index, its build (`hnsw_build`) is queued for after the commit."""
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
        if self.hnsw_due():
            if self._temporary():  # the evaluation's own table: no other session can see it, build it here
                self.sql.run(hnsw_sql(concurrently=False))
            else:
                from livsmiljo.search.vector_index import vector_index_queue

                vector_index_queue()

    def hnsw_due(self) -> bool:
        """Past `hnsw_from` vectors without a valid HNSW index."""
        return not self.has_hnsw() and self._vector_count() >= self.hnsw_from

    def hnsw_build(self) -> Literal["built", "valid", "busy"]:
        """Build the HNSW index, outside any transaction (CREATE INDEX CONCURRENTLY refuses to run in one).

        One process at a time: "busy" when another holds the advisory lock (it is building). "valid" when the
        index was there already. An invalid index (a build killed half-way leaves one, which the planner
        ignores and CONCURRENTLY's IF NOT EXISTS would keep) is dropped and built again."""
        if not self.sql.run("SELECT pg_try_advisory_lock(%s)", [HNSW_LOCK])[0][0]:
            return "busy"
        unlock = "SELECT pg_advisory_unlock(%s)"
        try:
            state = self._hnsw_state()
            if state == "invalid":
                self.sql.run(f"DROP INDEX CONCURRENTLY IF EXISTS {HNSW_INDEX}")
            if state != "valid":
                self.sql.run(hnsw_sql(concurrently=True))
        except BaseException:
            with suppress(Exception):  # a session that was cut took its lock with it: keep the first error
                self.sql.run(unlock, [HNSW_LOCK])
            raise
        self.sql.run(unlock, [HNSW_LOCK])
        return "valid" if state == "valid" else "built"

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
        """Each term's postings (filtered) and its passage count in the whole library: its row of the merged
        segment without the parts of stale documents, and the rows of the documents indexed since (one
        statement, so one snapshot even while a compaction commits)."""
        rows = self.sql.run(
            "SELECT 0, term, documents, runs, firsts, sizes, postings FROM search_pg_segment "
            "WHERE term = ANY(%s) "
            "UNION ALL SELECT 1, p.term, int8send(p.document_id), int4send(p.passages), "
            "int8send(p.first_id), int4send(octet_length(p.postings)), p.postings FROM search_pg_fresh f "
            "JOIN LATERAL (SELECT * FROM search_pg_posting "
            "WHERE document_id = f.document_id AND term = ANY(%s)) p ON true "
            "UNION ALL SELECT 2, NULL, coalesce(string_agg(int8send(document_id), ''::bytea), ''::bytea), "
            "NULL, NULL, NULL, NULL FROM search_pg_stale",
            [terms, terms],
            binary=True,
        )
        stale = np.concatenate(
            [np.frombuffer(r[2], ">i8") for r in rows if r[0] == 2] or [np.zeros(0, ">i8")]
        )
        parts: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
        for kind, term, *part in rows:
            if kind != 2:
                parts[term].append((kind, *part))
        allowed = None if document_ids is None else np.fromiter(document_ids, np.int64, len(document_ids))
        found: dict[str, np.ndarray] = {}
        frequencies: dict[str, int] = {}
        for term, chunks in parts.items():
            documents = _numbers(chunks, 1, ">i8")
            runs = _numbers(chunks, 2, ">i4")
            postings = unpack_runs(runs, _numbers(chunks, 3, ">i8"), _numbers(chunks, 4, ">i4"), chunks)
            keep = np.ones(len(documents), bool)
            segment = np.concatenate([np.full(len(c[1]) // 8, c[0] == 0) for c in chunks])
            if len(stale) and segment.any():
                keep &= ~(segment & np.isin(documents, stale))
            frequencies[term] = int(runs[keep].sum())
            if allowed is not None:
                keep &= np.isin(documents, allowed)
            if not keep.all():
                postings = postings[np.repeat(keep, runs)]
            if len(postings):
                found[term] = postings
        return found, frequencies

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
        """Whether the vector table in use (a temporary one in the evaluation) has a valid HNSW index."""
        return self._hnsw_state() == "valid"

    def _hnsw_state(self) -> Literal["valid", "invalid", "absent"]:
        """An invalid index is being built, or was left by a killed build (or is not HNSW)."""
        found = self.sql.run(
            "SELECT i.indisvalid AND a.amname = 'hnsw' FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
            "WHERE i.indrelid = 'search_pg_vector'::regclass AND c.relname = %s",
            [HNSW_INDEX],
        )
        if not found:
            return "absent"
        return "valid" if found[0][0] else "invalid"

    def _temporary(self) -> bool:
        found = self.sql.run("SELECT relpersistence FROM pg_class WHERE oid = 'search_pg_vector'::regclass")
        return bool(found[0][0] == "t")

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
