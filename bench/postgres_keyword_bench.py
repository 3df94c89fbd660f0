"""Keyword search on PostgreSQL: packed postings scored in numpy (the backend) against BM25 in SQL.

Builds a library of generated passages in a scratch PostgreSQL database (run `livsmiljo migrate` on it first;
DATABASE_URL points at it): documents of 100 passages whose content words follow Zipf's law over the words
and two-word compounds of bench/search_bench.py (about 50 content words a passage; compound parts as the
analyser gives them), indexed through `PostgresBackend.index` one document at a time. Next to it, the same
postings one row per (term, passage) in `bench_posting`, for the two alternatives:

- sql: BM25 summed in SQL with a GROUP BY over the query terms' posting rows;
- rows: those rows fetched and scored in numpy;
- packed: the backend (`keyword_search`), one row per (term, document) with the postings packed.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/postgres_keyword_bench.py [--passages 250000]
        [--queries 40] [--slow-queries 12] [--keep] [--json]

`--keep` reuses a library built before. Each is measured without and with a visibility filter (a tenth of
the documents, as for a member).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))
sys.path.insert(0, str(ROOT))

PER_DOCUMENT = 100
SQL_SCORE = """
WITH stats AS (SELECT sum(passages)::float8 AS n, sum(length) / sum(passages) AS average
               FROM search_pg_document),
q AS (SELECT term, ln(1 + ((SELECT n FROM stats) - df + 0.5) / (df + 0.5)) AS idf
      FROM (SELECT term, sum(passages) AS df FROM search_pg_posting WHERE term = ANY(%s) GROUP BY term) t)
SELECT p.passage_id,
       sum(q.idf * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * p.length / (SELECT average FROM stats))))
       AS score
FROM bench_posting p JOIN q USING (term) {where}
GROUP BY p.passage_id ORDER BY score DESC, p.passage_id LIMIT 30
"""


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    import django

    django.setup()


def vocabulary() -> tuple[list[str], list[list[str]], np.ndarray]:
    """The generator's words as the index stores them (stems), their compound parts and Zipf weights."""
    from search_bench import VOCABULARY, WORDS

    from livsmiljo.engine.text import stems

    stem = [(stems(w) or [w])[0] for w in VOCABULARY]
    words = set(WORDS)
    parts: list[list[str]] = []
    for w in VOCABULARY:
        found = next(([a, w[len(a) :]] for a in WORDS if w.startswith(a) and w[len(a) :] in words), [])
        parts.append([(stems(p) or [p])[0] for p in found] if w not in words else [])
    weights = 1 / (np.arange(len(VOCABULARY)) + 1)
    return stem, parts, weights / weights.sum()


def build(total: int, *, alternatives: bool = True) -> float:
    from django.db import connection, transaction

    from livsmiljo.search.backends import IndexRow
    from livsmiljo.search.backends.postgres import DjangoSql, PostgresBackend

    stem, parts, weights = vocabulary()
    rng = np.random.default_rng(7)
    backend = PostgresBackend(sql=DjangoSql())
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE UNLOGGED TABLE bench_posting (term text COLLATE "C", passage_id bigint, '
            "document_id bigint, tf real, length real)"
        )
    started = time.perf_counter()
    for document in range(1, total // PER_DOCUMENT + 1):
        rows = []
        for k in range(PER_DOCUMENT):
            drawn = rng.choice(len(stem), size=int(rng.integers(30, 70)), p=weights)
            rows.append(
                IndexRow(
                    passage_id=(document - 1) * PER_DOCUMENT + k + 1,
                    document_id=document,
                    body=[stem[i] for i in drawn],
                    heading=["avsnit", str(1 + k // 10)],
                    parts=[p for i in drawn for p in parts[i]],
                )
            )
        with transaction.atomic():
            backend.index(rows)
            if alternatives:
                _bench_rows(rows)
        if document % 250 == 0:
            print(f"{document * PER_DOCUMENT} passages, {time.perf_counter() - started:.0f} s", flush=True)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        if alternatives:
            cursor.execute(
                "CREATE INDEX bench_posting_term ON bench_posting (term) "
                "INCLUDE (passage_id, document_id, tf, length)"
            )
        cursor.execute("VACUUM ANALYZE")
    return seconds


def _bench_rows(rows: list[Any]) -> None:
    from collections import defaultdict

    from django.db import connection

    from livsmiljo.engine.bm25 import FIELD_WEIGHTS

    out: list[tuple[str, int, int, float, float]] = []
    for r in rows:
        counts: dict[str, float] = defaultdict(float)
        for tokens, weight in zip((r.body, r.heading, r.parts), FIELD_WEIGHTS, strict=True):
            for t in tokens:
                counts[t] += weight
        length = float(len(r.body) + len(r.heading) + len(r.parts))
        out += [(t, r.passage_id, r.document_id, c, length) for t, c in counts.items()]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bench_posting SELECT * FROM "
            "unnest(%s::text[], %s::bigint[], %s::bigint[], %s::real[], %s::real[])",
            [list(c) for c in zip(*out, strict=True)],
        )


def queries(count: int) -> list[str]:
    from search_bench import QUERIES, WORDS

    return [
        QUERIES[i % len(QUERIES)] + ("" if i < len(QUERIES) else f" {WORDS[(3 * i) % len(WORDS)]}")
        for i in range(count)
    ]


def summary(times: list[float]) -> dict[str, float]:
    times = sorted(t * 1000 for t in times)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
    }


def measure(texts: list[str], slow: int, allowed: list[int]) -> dict[str, Any]:
    from django.db import connection

    from livsmiljo.engine.bm25 import best_scores, term_weights
    from livsmiljo.engine.text import analyse_query
    from livsmiljo.search.backends.postgres import DjangoSql, PostgresBackend

    backend = PostgresBackend(sql=DjangoSql())
    analysed = [analyse_query(t, backend.vocabulary()) for t in texts]
    report: dict[str, Any] = {}
    for name, filter_ in (("all", None), ("filtered", allowed)):
        times = []
        for q in analysed:
            started = time.perf_counter()
            backend.keyword_search(q, document_ids=filter_, limit=30)
            times.append(time.perf_counter() - started)
        report[f"packed_{name}"] = summary(times)
        where = "" if filter_ is None else "WHERE p.document_id = ANY(%s)"
        sql_times, row_times = [], []
        for q in analysed[:slow]:
            params: list[Any] = [q.terms] + ([] if filter_ is None else [filter_])
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(SQL_SCORE.format(where=where), params)
                cursor.fetchall()
            sql_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT term, passage_id, tf, length FROM bench_posting p WHERE term = ANY(%s)"
                    + ("" if filter_ is None else " AND p.document_id = ANY(%s)"),
                    params,
                )
                rows = cursor.fetchall()
                cursor.execute(
                    "SELECT term, sum(passages) FROM search_pg_posting WHERE term = ANY(%s) GROUP BY term",
                    [q.terms],
                )
                df = dict(cursor.fetchall())
                cursor.execute("SELECT sum(passages), sum(length) FROM search_pg_document")
                n, total = cursor.fetchone()
            if rows:
                terms = np.array([r[0] for r in rows])
                ids = np.array([r[1] for r in rows], np.int64)
                tf = np.array([r[2] for r in rows], np.float32)
                length = np.array([r[3] for r in rows], np.float32)
                unique = np.unique(ids)
                scores = np.zeros(len(unique), np.float32)
                for term in q.terms:
                    mask = terms == term
                    if mask.any():
                        scores[np.searchsorted(unique, ids[mask])] += term_weights(
                            tf[mask], length[mask], int(df[term]), int(n), float(total) / int(n)
                        )
                best_scores(unique, scores, 30)
            row_times.append(time.perf_counter() - started)
        if slow:
            report[f"sql_{name}"] = summary(sql_times)
            report[f"rows_{name}"] = summary(row_times)
        print(name, {k: v for k, v in report.items() if k.endswith(name)}, flush=True)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passages", type=int, default=250_000)
    parser.add_argument("--queries", type=int, default=40)
    parser.add_argument("--slow-queries", type=int, default=12)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--packed-only", action="store_true", help="build and measure the backend's way only")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    setup()
    from django.db import connection

    report: dict[str, Any] = {"passages": args.passages}
    if not args.keep:
        with connection.cursor() as cursor:
            for table in ("search_pg_posting", "search_pg_passage", "search_pg_term", "search_pg_document"):
                cursor.execute(f"TRUNCATE {table}")
            cursor.execute("DROP TABLE IF EXISTS bench_posting")
        report["index_seconds"] = round(build(args.passages, alternatives=not args.packed_only), 1)
        print("indexed in", report["index_seconds"], "s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), sum(passages) FROM search_pg_posting")
        report["packed_rows"], report["postings"] = cursor.fetchone()
    allowed = list(range(1, args.passages // PER_DOCUMENT + 1, 10))
    report.update(measure(queries(args.queries), 0 if args.packed_only else args.slow_queries, allowed))
    print(json.dumps(report, indent=2) if args.json else report)


if __name__ == "__main__":
    main()
