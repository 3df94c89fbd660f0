"""pgvector on the PostgreSQL search backend: exact search time by library size, and HNSW against exact.

Generated vectors: one centre per document of 100 passages (random unit vectors), each passage its centre
plus noise of the same size, normalised, so that passages of a document are alike, as with real embeddings.
Two sets of queries: "near" ones made as a passage of a library document is (its centre plus fresh noise),
and "unrelated" ones around centres no document has (random directions: the hard case for HNSW).
Loads them straight into `search_pg_vector` of a scratch database (it must have the search tables: run
`livsmiljo migrate` on it first) and removes them afterwards.

    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/postgres_vector_bench.py [--sizes …] [--json]

For each size: exact search p50/p95 (all documents, and a filter to a tenth of the documents). At the last
size: HNSW build time, p50/p95 and recall@10 against exact for several `hnsw.ef_search`, with and without the
filter (iterative scan, relaxed order).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from typing import Any

import numpy as np
import psycopg
from pgvector.psycopg import register_vector

DIM = 384
PER_DOCUMENT = 100


def vectors(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    documents = np.arange(count) // PER_DOCUMENT + 1
    centres = rng.standard_normal((int(documents.max()) + 1, DIM)).astype(np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    noise = rng.standard_normal((count, DIM)).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    matrix = centres[documents] + noise
    return documents, matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def load(connection: psycopg.Connection, start: int, documents: np.ndarray, matrix: np.ndarray) -> None:
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY search_pg_vector (passage_id, document_id, embedding) FROM STDIN WITH (FORMAT BINARY)"
        ) as copy,
    ):
        copy.set_types(["int8", "int8", "vector"])
        for i in range(len(documents)):
            copy.write_row((start + i, int(documents[i]), matrix[i]))
    connection.commit()


def timed(
    connection: psycopg.Connection, queries: np.ndarray, where: str, params: list[Any]
) -> tuple[list[float], list[list[int]]]:
    times, found = [], []
    with connection.cursor() as cursor:
        for q in queries:
            started = time.perf_counter()
            cursor.execute(
                "WITH nearest AS MATERIALIZED (SELECT passage_id, embedding <#> %s AS distance "
                f"FROM search_pg_vector {where} ORDER BY distance LIMIT 10) "
                "SELECT passage_id FROM nearest ORDER BY distance",
                [q, *params],
            )
            found.append([r[0] for r in cursor.fetchall()])
            times.append((time.perf_counter() - started) * 1000)
    return times, found


def summary(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
    }


def near_queries(count: int, documents: int, seed: int) -> np.ndarray:
    """Queries like a passage of a library document: its centre (the same generator) plus fresh noise."""
    rng = np.random.default_rng(1)
    centres = rng.standard_normal((documents + 1, DIM)).astype(np.float32)  # as `vectors(…, seed=1)`
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    other = np.random.default_rng(seed)
    picked = other.integers(1, documents + 1, count)
    noise = other.standard_normal((count, DIM)).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    matrix = centres[picked] + noise
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000, 20000, 50000, 100000, 250000])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--ef", type=int, nargs="+", default=[40, 100, 200])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    connection = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
    register_vector(connection)
    connection.execute("DELETE FROM search_pg_vector")
    connection.execute("DROP INDEX IF EXISTS search_pg_vector_hnsw")
    _, unrelated = vectors(args.queries * PER_DOCUMENT, seed=99)
    unrelated = unrelated[::PER_DOCUMENT]  # far from every document: the hard case for HNSW
    report: dict[str, Any] = {"exact": {}}
    have = 0
    documents = matrix = np.zeros(0)
    for size in args.sizes:
        documents, matrix = vectors(size, seed=1)
        load(connection, have + 1, documents[have:], matrix[have:])
        have = size
        connection.execute("VACUUM ANALYZE search_pg_vector")
        allowed = list(range(1, int(documents.max()) + 1, 10))
        near = near_queries(args.queries, int(documents.max()), seed=5)
        report["exact"][size] = {
            "all": summary(timed(connection, near, "", [])[0]),
            "filtered": summary(timed(connection, near, "WHERE document_id = ANY(%s)", [allowed])[0]),
        }
        print(size, report["exact"][size], flush=True)
    allowed = list(range(1, int(documents.max()) + 1, 10))
    sets = {"near": near_queries(args.queries, int(documents.max()), seed=5), "unrelated": unrelated}
    filters: dict[str, tuple[str, list[Any]]] = {
        "all": ("", []),
        "filtered": ("WHERE document_id = ANY(%s)", [allowed]),
    }
    exact = {
        (q, f): timed(connection, sets[q], where, params)[1]
        for q in sets
        for f, (where, params) in filters.items()
    }
    connection.execute("SET maintenance_work_mem = '1GB'")
    started = time.perf_counter()
    connection.execute(
        "CREATE INDEX search_pg_vector_hnsw ON search_pg_vector USING hnsw (embedding vector_ip_ops) "
        "WITH (m = 16, ef_construction = 64)"
    )
    report["hnsw_build_s"] = round(time.perf_counter() - started, 1)
    print("build", report["hnsw_build_s"], flush=True)
    connection.execute("SET hnsw.iterative_scan = relaxed_order")
    report["hnsw"] = {}
    for ef in args.ef:
        connection.execute(f"SET hnsw.ef_search = {ef}")
        row: dict[str, Any] = {}
        for (q, f), expected in exact.items():
            where, params = filters[f]
            times, found = timed(connection, sets[q], where, params)
            recall = statistics.mean(
                len(set(a) & set(e)) / len(e) for a, e in zip(found, expected, strict=True)
            )
            row[f"{q}_{f}"] = {**summary(times), "recall@10": round(recall, 3), "rows": min(map(len, found))}
        report["hnsw"][ef] = row
        print("ef", ef, row, flush=True)
    connection.execute("DROP INDEX search_pg_vector_hnsw")
    connection.execute("DELETE FROM search_pg_vector")
    print(json.dumps(report, indent=2) if args.json else "")


if __name__ == "__main__":
    main()
