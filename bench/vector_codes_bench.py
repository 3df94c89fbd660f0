"""Int8 codes against exact float32 search over a generated library (issue 14): same results? how fast?

    .venv/bin/python bench/vector_codes_bench.py --data-dir /tmp/sbench/sqlite-250000

In one process, over the library's stored vectors (made by bench/scale_data.py): the exact float32 matrix (the
reference, built here from the same rows) and the product's int8 codes with exact re-scoring of the candidates
(`DatabaseVectors`, as a search uses them). For the 50 scale-benchmark queries (embedded by the model) and 50
passages' own vectors with noise, over all documents and through the scale member's visibility filter: how
many of the exact top 10 / top 30 the codes return, whether the lists are identical, and the time of each
vector search (p50 / p95; both run alternately, so the machine's load falls on both alike).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data-dir", required=True)
    parser.add_argument("--limit", type=int, default=30)
    args = parser.parse_args()
    os.environ["LIVSMILJO_DATA_DIR"] = args.data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    import django

    django.setup()
    from scale_bench import QUERIES

    from livsmiljo.documents.models import Document, Passage
    from livsmiljo.engine.embeddings import embed_query
    from livsmiljo.organisations.models import User
    from livsmiljo.search.backends.vectors import DatabaseVectors, VectorMatrix

    codes = DatabaseVectors().current()
    rows = Passage.objects.filter(embedding__isnull=False).order_by("id")
    ids = np.fromiter(rows.values_list("id", flat=True).iterator(), np.int64)
    documents = np.fromiter(rows.values_list("document_id", flat=True).iterator(), np.int64)
    matrix = np.empty((len(ids), 384), np.float32)
    for at, blob in enumerate(rows.values_list("embedding", flat=True).iterator(chunk_size=5000)):
        matrix[at] = np.frombuffer(bytes(blob or b""), np.float32)
    exact = VectorMatrix.build(ids, documents, matrix)
    member = User.objects.get(username="scale-member")
    visible = set(Document.objects.visible_to(member).values_list("id", flat=True))
    rng = np.random.default_rng(7)
    queries = [embed_query(q) for q in QUERIES[:50]]
    for row in rng.integers(0, len(ids), 50):
        near = matrix[row] + 0.05 * rng.standard_normal(384).astype(np.float32)
        queries.append(near / np.linalg.norm(near))
    figures: dict[str, object] = {
        "passages": len(ids),
        "bytes": {"float32": int(exact.matrix.nbytes), "int8_codes_and_scales": int(codes.matrix.nbytes)
                  + int(codes.scales.nbytes if codes.scales is not None else 0)},
        "load_average_before": round(os.getloadavg()[0], 1),
    }  # fmt: skip
    for name, allowed in (("all_documents", None), ("member_filter", visible)):
        times: dict[str, list[float]] = {"exact_float32": [], "int8_codes_rescored": []}
        same, recall10, recall30 = 0, [], []
        for vector in queries:
            t0 = time.perf_counter()
            want = exact.search(vector, document_ids=allowed, limit=args.limit)
            t1 = time.perf_counter()
            got = codes.search(vector, document_ids=allowed, limit=args.limit)
            t2 = time.perf_counter()
            times["exact_float32"].append((t1 - t0) * 1000)
            times["int8_codes_rescored"].append((t2 - t1) * 1000)
            same += list(got) == list(want)
            recall10.append(len(set(list(got)[:10]) & set(list(want)[:10])) / 10)
            recall30.append(len(set(got) & set(want)) / max(1, len(want)))
        figures[name] = {
            "identical_lists": f"{same} of {len(queries)}",
            "recall_at_10": round(statistics.mean(recall10), 4),
            "recall_at_30": round(statistics.mean(recall30), 4),
            **{
                k: {
                    "p50_ms": round(statistics.median(v), 1),
                    "p95_ms": round(sorted(v)[int(0.95 * len(v))], 1),
                }
                for k, v in times.items()
            },
        }
    figures["load_average_after"] = round(os.getloadavg()[0], 1)
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
