"""Fuzz benchmark: hostile inputs with their peak memory, then many malformed files (issue 9).

Part 1, hostile inputs. Each runs in a fresh process, so its peak RSS is its own: the file is read
(`engine.extract.extract`), cut into passages and analysed for the keyword index as ingestion does (with
the passages' own stems as vocabulary); queries and passages go to the embedding model. Reported: outcome
(passages, or the refusal's code), seconds, RSS once the input is built, and peak RSS.

Part 2, fuzz. `--files` malformed files from `livsmiljo/documents/tests/fuzzing.py` (seeded) go through
extraction, chunking and keyword analysis in one process: outcomes by code, crashes (anything but an
`ExtractionError`), seconds per file (median, 99th percentile, maximum).

Part 3 (`--ingest N`): N of those files through the real ingestion service (`ingestion_run_create` and
`ingestion_run_process`) in a throw-away data folder, in batches of 100 with 5 good files each, with the
real embedding model; scanned pages are not OCR'd (they read as noise). Checked: crashes, the generic
"unexpected" message, good files not done, documents without passages, rows of failed files, files in
MEDIA_ROOT that no row refers to.

    .venv/bin/python bench/fuzz_bench.py [--files 20000] [--seed 9] [--ingest 500] [--skip-hostile] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import machine, setup_django  # noqa: E402


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


# --- part 1: hostile inputs --------------------------------------------------------------------------


def _docx_with_body(body: bytes) -> bytes:
    from livsmiljo.documents.tests.factories import docx_bytes, docx_member, docx_rewritten

    base = docx_bytes([("p", "Inledning om regionen och dess invånare.")])
    xml = docx_member(base).replace(b"</w:body>", body + b"</w:body>")
    return docx_rewritten(base, {"word/document.xml": xml})


def _prose(chars: int) -> str:
    from livsmiljo.documents.tests.factories import paragraph

    text = paragraph(150)
    return ("\n\n".join([text] * (chars // (len(text) + 2) + 1)))[:chars]


def _hostile_files() -> dict[str, Callable[[], tuple[str, bytes]]]:
    from livsmiljo.documents.tests.factories import deep_html, page_lines, paragraph, pdf_bytes

    run = paragraph(12).encode()
    word_run = b"<w:r><w:t>ord</w:t></w:r>"

    def paragraphs(text: bytes, count: int) -> bytes:
        return (b"<w:p><w:r><w:t>" + text + b"</w:t></w:r></w:p>") * count

    return {
        "txt: only a 60,000-letter word": lambda: ("ord.txt", b"a" * 60_000),
        "txt: 60,000-letter word in prose": lambda: (
            "ord.txt",
            f"{paragraph(80)} {'a' * 60_000} {paragraph(80)}".encode(),
        ),
        "txt: 4.9 M characters of prose": lambda: ("lang.txt", _prose(4_900_000).encode()),
        "docx: 9 MB document.xml, one word": lambda: (
            "ord.docx",
            _docx_with_body(paragraphs(b"a" * 9_437_184, 1)),
        ),
        "docx: 9 MB document.xml of paragraphs": lambda: (
            "stycken.docx",
            _docx_with_body(paragraphs(run, 90_000)),
        ),
        "docx: 99,000 paragraphs, 0.9 M elements": lambda: (
            "element.docx",
            _docx_with_body((b"<w:p>" + word_run * 4 + b"</w:p>") * 99_000),
        ),
        "html: nested 100,000 deep": lambda: ("djup.html", deep_html(100_000)),
        "html: 8 MB page of paragraphs": lambda: (
            "stor.html",
            b"<html><body>" + (b"<p>" + run * 5 + b"</p>\n") * 25_000 + b"</body></html>",
        ),
        "md: 200,000 brackets": lambda: ("klamrar.md", b"[" * 100_000 + run + b"]" * 100_000),
        "pdf: 3,000 pages": lambda: (
            "sidor.pdf",
            pdf_bytes([page_lines(f"Sida {n}", paragraph(30)) for n in range(3_000)]),
        ),
        "pdf: 300 pages of 15,000 characters": lambda: (
            "tecken.pdf",
            pdf_bytes([[(paragraph(25), 4)] * 100] * 300),
        ),
    }


def _hostile_models() -> dict[str, Callable[[], str]]:
    return {
        "query: a 30,000-letter word": lambda: "a" * 30_000,
        "passage: a 60,000-letter word": lambda: "Regionen " + "b" * 60_000,
    }


def _run_file(name: str, data: bytes) -> str:
    from livsmiljo.engine.chunking import chunk
    from livsmiljo.engine.extract import ExtractionError, extract
    from livsmiljo.engine.text import analyse, stems

    try:
        extracted = extract(data, name, max_bytes=50 * 1024 * 1024)
    except ExtractionError as error:
        return f"refused: {error.code}"
    passages = chunk(extracted.pages)
    vocabulary = {s for p in passages for s in stems(p.text)}
    memo: dict[str, list[str]] = {}
    for passage in passages:
        analyse(passage.text, vocabulary, memo)
    return f"{len(extracted.pages)} pages, {len(passages)} passages"


def hostile_one(label: str) -> dict[str, Any]:
    """Run one hostile input in this (fresh) process."""
    from livsmiljo.engine.embeddings import embed_passages, embed_query
    from livsmiljo.engine.text import analyse_query

    files, models = _hostile_files(), _hostile_models()
    if label in files:
        name, data = files[label]()
        base = _rss_mb()
        started = time.perf_counter()
        outcome = _run_file(name, data)
        size = len(data)
    else:
        text = models[label]()
        embed_query("uppvärmning") if label.startswith("query") else embed_passages(["uppvärmning"])
        base = _rss_mb()
        started = time.perf_counter()
        if label.startswith("query"):
            analyse_query(text)
            embed_query(text)
        else:
            embed_passages([text])
        outcome, size = "embedded", len(text)
    seconds = round(time.perf_counter() - started, 2)
    return {
        "input": label,
        "bytes": size,
        "outcome": outcome,
        "seconds": seconds,
        "base_mb": base,
        "peak_mb": _rss_mb(),
    }


def hostile_all() -> list[dict[str, Any]]:
    rows = []
    for label in [*_hostile_files(), *_hostile_models()]:
        done = subprocess.run(
            [sys.executable, __file__, "--hostile", label], capture_output=True, text=True, timeout=900
        )
        if done.returncode != 0:
            rows.append(
                {"input": label, "outcome": f"crashed ({done.returncode})", "stderr": done.stderr[-500:]}
            )
        else:
            rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


# --- part 2: fuzz in one process -----------------------------------------------------------------------


def fuzz(count: int, seed: int) -> dict[str, Any]:
    from livsmiljo.documents.tests.fuzzing import KNOWN_CODES, cases

    outcomes: Counter[str] = Counter()
    by_mutation: Counter[str] = Counter()
    crashes: list[str] = []
    times: list[float] = []
    slowest = ("", 0.0)
    started = time.perf_counter()
    for case in cases(count, seed=seed):
        begun = time.perf_counter()
        try:
            outcome = _run_file(case.file_name, case.data)
        except Exception as error:  # a crash is what is counted here
            crashes.append(f"{case.file_name}: {error!r}"[:300])
            outcome = "crash"
        took = time.perf_counter() - begun
        times.append(took)
        slowest = max(slowest, (case.file_name, took), key=lambda pair: pair[1])
        code = outcome.removeprefix("refused: ") if outcome.startswith("refused") else outcome.split(",")[0]
        code = code if code in KNOWN_CODES or code == "crash" else "read"
        outcomes[code] += 1
        by_mutation[case.mutation] += 1
    times.sort()
    return {
        "files": count,
        "seed": seed,
        "seconds": round(time.perf_counter() - started, 1),
        "per_file_ms": {
            "median": round(statistics.median(times) * 1000, 1),
            "p99": round(times[int(len(times) * 0.99) - 1] * 1000, 1),
            "max": round(times[-1] * 1000, 1),
            "slowest": slowest[0],
        },
        "outcomes": dict(outcomes.most_common()),
        "mutations": dict(by_mutation),
        "crashes": crashes[:20],
        "crash_count": len(crashes),
        "peak_mb": _rss_mb(),
    }


# --- part 3: through the ingestion service -------------------------------------------------------------


def ingest(count: int, seed: int) -> dict[str, Any]:
    from livsmiljo.documents import reading
    from livsmiljo.documents.models import Document, IngestionFile, Page, Passage
    from livsmiljo.documents.services import Upload, ingestion_run_create, ingestion_run_process
    from livsmiljo.documents.tests.fuzzing import cases, good_file
    from livsmiljo.engine.ocr import OcrPage
    from livsmiljo.organisations.models import Organisation

    reading.ocr_pdf_pages = lambda data, numbers, **kw: [  # type: ignore[assignment]
        OcrPage(n, "", None, flagged=True, reason="not_words") for n in numbers
    ]
    organisation = Organisation.objects.get(slug="gotland")
    bad = list(cases(count, seed=seed + 1))
    statuses: Counter[str] = Counter()
    problems: list[str] = []
    good: set[str] = set()
    started = time.perf_counter()
    for start in range(0, len(bad), 100):
        files: list[tuple[str, Upload]] = [(c.file_name, c.data) for c in bad[start : start + 100]]
        for n in range(5):
            name, data = good_file(start + n)
            files.insert(n * 20, (name, data))
            good.add(name)
        run = ingestion_run_create(
            files=files, organisation=organisation, user=None, kind="plan", enqueue=False
        )
        for result in ingestion_run_process(run_id=run.pk):
            statuses[result.status] += 1
            if result.file_name in good and result.status != "done":
                problems.append(f"good file {result.file_name}: {result.status}")
            if result.status == "failed" and (not result.error or "oväntat" in result.error):
                problems.append(f"{result.file_name}: {result.error}")
    made = set(
        IngestionFile.objects.filter(status__in=["done", "duplicate"]).values_list("document", flat=True)
    )
    media = Path(os.environ["LIVSMILJO_DATA_DIR"]) / "files"
    stored = {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}
    kept = {d.file.name for d in Document.objects.all()} | {
        f.upload.name for f in IngestionFile.objects.filter(status="failed") if f.upload
    }
    return {
        "files": len(bad) + len(good),
        "seconds": round(time.perf_counter() - started, 1),
        "statuses": dict(statuses),
        "problems": problems[:20],
        "documents_without_passages": Document.objects.filter(passages__isnull=True).count(),
        "rows_of_failed_files": Page.objects.exclude(document__in=made).count()
        + Passage.objects.exclude(document__in=made).count(),
        "orphan_files": len(stored - kept),
        "peak_mb": _rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=9)
    parser.add_argument("--ingest", type=int, default=0)
    parser.add_argument("--skip-hostile", action="store_true")
    parser.add_argument("--hostile", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.hostile:
        print(json.dumps(hostile_one(args.hostile), ensure_ascii=False))
        return
    report: dict[str, Any] = {"machine": machine(), "date": time.strftime("%Y-%m-%d")}
    if not args.skip_hostile:
        report["hostile"] = hostile_all()
    report["fuzz"] = fuzz(args.files, args.seed)
    if args.ingest:
        with tempfile.TemporaryDirectory() as tmp:
            setup_django(Path(tmp))
            report["ingest"] = ingest(args.ingest, args.seed)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print(report)


def _print(report: dict[str, Any]) -> None:
    print(f"{report['date']}, {report['machine'].get('cpu', '')}, {report['machine']['cpus']} cores")
    if "hostile" in report:
        print(f"\n{'hostile input':42} {'outcome':34} {'s':>7} {'base MB':>8} {'peak MB':>8}")
        for row in report["hostile"]:
            print(
                f"{row['input']:42} {row['outcome'][:34]:34} {row.get('seconds', ''):>7} "
                f"{row.get('base_mb', ''):>8} {row.get('peak_mb', ''):>8}"
            )
    f = report["fuzz"]
    print(f"\nfuzz: {f['files']} files (seed {f['seed']}) in {f['seconds']} s, {f['crash_count']} crashes")
    print(f"  per file ms: {f['per_file_ms']}")
    print(f"  outcomes: {f['outcomes']}")
    print(f"  peak RSS {f['peak_mb']} MB")
    for crash in f["crashes"]:
        print(f"  CRASH {crash}")
    if "ingest" in report:
        print(f"\ningestion: {json.dumps(report['ingest'], ensure_ascii=False)}")


if __name__ == "__main__":
    main()
