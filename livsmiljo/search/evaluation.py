"""`livsmiljo evaluate search`: nDCG@10, recall@10 and MRR for keyword, dense and hybrid ranking.

The passages are indexed through the same `index_rows` and `rank` as the product, so the figures are the
product's: on SQLite in an in-memory FTS5 table and vector matrix, on PostgreSQL (DATABASE_URL) by the
PostgreSQL backend on temporary tables. The database's own tables are not touched. Each passage counts as its
own document.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from livsmiljo.engine.embeddings import embed_passages, passage_text
from livsmiljo.search.backends import SearchBackend
from livsmiljo.search.backends.postgres import TABLES, DjangoSql, PostgresBackend, create_sql
from livsmiljo.search.backends.sqlite import RawSql, SqliteBackend
from livsmiljo.search.backends.vectors import StaticVectors, VectorMatrix
from livsmiljo.search.retrieval import MODES, PassageText, index_rows, rank

K = 10
# Temporary tables left by an earlier evaluation on this connection (pg_temp first: never the real ones).
DROP_TEMPORARY_SQL = [f"DROP TABLE IF EXISTS pg_temp.{name}" for name in TABLES]


@dataclass(frozen=True)
class Query:
    id: str
    text: str
    relevant: set[str]
    lang: str = ""


def _read_jsonl(path: str) -> list[dict[str, Any]]:
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, ValueError) as error:
        message = _("Kunde inte läsa %(path)s (%(error)s). Kontrollera att filen finns och är JSONL.")
        raise CommandError(message % {"path": path, "error": error}) from error


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int = K) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int = K) -> float:
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: Sequence[str], relevant: set[str]) -> float:
    return next((1 / (i + 1) for i, item in enumerate(ranked) if item in relevant), 0.0)


def build_backend(passages: list[dict[str, Any]]) -> SearchBackend:
    """An index of the passages; passage i has id i + 1 and is its own document. On SQLite an in-memory
    FTS5 table and vector matrix; on PostgreSQL (DATABASE_URL) the PostgreSQL backend on temporary tables
    of this connection, which shadow the real ones and vanish with it."""
    items = [
        PassageText(passage_id=i + 1, document_id=i + 1, heading=str(p.get("heading", "")), text=p["text"])
        for i, p in enumerate(passages)
    ]
    backend: SearchBackend
    if connection.vendor == "postgresql":
        backend = _temporary_postgres_backend()
    else:
        backend = SqliteBackend(sql=RawSql.in_memory(), vectors=StaticVectors(VectorMatrix.empty()))
    for item in items:  # one document at a time, as ingestion does
        backend.index(index_rows([item], backend.vocabulary()))
    if isinstance(backend, PostgresBackend):  # searched from the merged segment, as a large library is
        with transaction.atomic():
            backend.compact(force=True)
    vectors = embed_passages([passage_text(p.text, p.heading) for p in items])
    ids = np.arange(1, len(items) + 1, dtype=np.int64)
    if isinstance(backend, SqliteBackend):
        backend.vectors = StaticVectors(VectorMatrix.build(ids, ids, vectors))
    else:
        matrix = np.asarray(vectors, np.float32)
        backend.store_vectors([(int(i), int(i), matrix[int(i) - 1].tobytes()) for i in ids])
    return backend


def _temporary_postgres_backend() -> PostgresBackend:
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS vector")
        for statement in DROP_TEMPORARY_SQL + create_sql(temporary=True):
            cursor.execute(statement)
    return PostgresBackend(sql=DjangoSql())


def evaluate(passages: list[dict[str, Any]], queries: list[Query]) -> dict[str, Any]:
    started = time.perf_counter()
    backend = build_backend(passages)
    index_seconds = time.perf_counter() - started
    names = [str(p["id"]) for p in passages]
    report: dict[str, Any] = {
        "passages": len(passages),
        "queries": len(queries),
        "index_seconds": index_seconds,
    }
    translations: dict[str, list[str]] = {}
    for mode in MODES:
        nd, rc, rr = [], [], []
        per_query = {}
        for q in queries:
            ranking = rank(backend, q.text, document_ids=None, limit=K, mode=mode)
            ranked = [names[r.id - 1] for r in ranking.results]
            nd.append(ndcg_at_k(ranked, q.relevant))
            rc.append(recall_at_k(ranked, q.relevant))
            rr.append(reciprocal_rank(ranked, q.relevant))
            per_query[q.id] = round(nd[-1], 3)
            if ranking.translation is not None:
                translations[q.id] = ranking.translation.words
        report[mode] = {
            "ndcg@10": sum(nd) / len(nd),
            "recall@10": sum(rc) / len(rc),
            "mrr": sum(rr) / len(rr),
            "per_query_ndcg": per_query,
            "per_language": per_language(queries, nd, rc, rr),
        }
    report["translated_queries"] = translations
    return report


def per_language(
    queries: Sequence[Query], nd: Sequence[float], rc: Sequence[float], rr: Sequence[float]
) -> dict[str, dict[str, float]]:
    """The means per query language (the queries file's "lang"; "?" where it is not given)."""
    groups: dict[str, list[int]] = {}
    for i, q in enumerate(queries):
        groups.setdefault(q.lang or "?", []).append(i)
    return {
        lang: {
            "queries": len(rows),
            "ndcg@10": sum(nd[i] for i in rows) / len(rows),
            "recall@10": sum(rc[i] for i in rows) / len(rows),
            "mrr": sum(rr[i] for i in rows) / len(rows),
        }
        for lang, rows in sorted(groups.items())
    }


def evaluate_command(command: BaseCommand, *, passages: str, queries: str, as_json: bool) -> None:
    passage_rows = _read_jsonl(passages)
    query_rows = [
        Query(id=str(q.get("id", i)), text=q["query"], relevant=set(q["relevant"]), lang=q.get("lang", ""))
        for i, q in enumerate(_read_jsonl(queries))
    ]
    if not passage_rows or not query_rows:
        raise CommandError(_("Filerna innehåller inga stycken eller inga frågor."))
    report = evaluate(passage_rows, query_rows)
    if as_json:
        command.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        return
    command.stdout.write(
        _("%(passages)d stycken, %(queries)d frågor (K = %(k)d)")
        % {"passages": report["passages"], "queries": report["queries"], "k": K}
    )
    command.stdout.write(f"{_('rankning'):<10} {'nDCG@10':>8} {'recall@10':>10} {'MRR':>7}")
    for mode in MODES:
        m = report[mode]
        command.stdout.write(f"{mode:<10} {m['ndcg@10']:>8.3f} {m['recall@10']:>10.3f} {m['mrr']:>7.3f}")
        for lang, g in m["per_language"].items():
            label = f"  {lang} ({g['queries']})"
            command.stdout.write(f"{label:<10} {g['ndcg@10']:>8.3f} {g['recall@10']:>10.3f} {g['mrr']:>7.3f}")
