"""OCR benchmark: pages of known Swedish text, printed to PDF, scanned at 200 dpi, read back with Tesseract.

Each page is written as a text PDF (Helvetica, 10 pt), rasterised in grayscale at --scan-dpi and wrapped
back into a PDF without a text layer, then read by `livsmiljo.engine.ocr.ocr_pdf_pages` exactly as ingestion
reads it (rendered at 300 dpi, Tesseract with Swedish). Measured: pages per minute (OCR only, rendering
included) and word accuracy: the share of source words recovered in order (difflib SequenceMatcher over the
lower-cased word lists, matched words / source words), pooled over all pages.

The text is the shared evaluation passages (--passages, by default ../shared/eval/passages.jsonl when it
exists; read at run time, nothing copied) or, with --passages none, the test scans' own Swedish sentences,
which repeat: difflib's greedy matching can then pair a page's start with a later repeat and understate.
--worn makes the scans look like paper copies through an office scanner (askew, slightly blurred, specked;
`livsmiljo.documents.tests.scans.wear`).

    .venv/bin/python bench/ocr_bench.py [--pages 12] [--passages FILE.jsonl|none] [--worn] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import machine  # noqa: E402

from livsmiljo.documents.tests.factories import page_lines, pdf_bytes, wrap  # noqa: E402
from livsmiljo.documents.tests.producers import word_accuracy  # noqa: E402
from livsmiljo.documents.tests.scans import PARAGRAPHS, scanned, words  # noqa: E402
from livsmiljo.engine.ocr import ocr_pdf_pages  # noqa: E402

LINES_PER_PAGE = 44
EVAL = ROOT.parent / "shared" / "eval" / "passages.jsonl"


def texts(passages: Path | None) -> list[str]:
    if passages is None:
        return list(PARAGRAPHS)
    rows = [json.loads(line) for line in passages.read_text(encoding="utf-8").splitlines() if line.strip()]
    # The test PDF writer prints WinAnsi: measure against the text as it was actually printed.
    return [row["text"].encode("cp1252", errors="replace").decode("cp1252") for row in rows]


def pages_of(paragraphs: list[str], count: int) -> list[list[str]]:
    """`count` pages, each filled with whole paragraphs (cycling through them) up to LINES_PER_PAGE."""
    pages: list[list[str]] = []
    index = 0
    while len(pages) < count:
        page: list[str] = []
        lines = 0
        while lines + len(wrap(paragraphs[index % len(paragraphs)])) + 1 <= LINES_PER_PAGE or not page:
            paragraph = paragraphs[index % len(paragraphs)]
            page.append(paragraph)
            lines += len(wrap(paragraph)) + 1
            index += 1
        pages.append(page)
    return pages


def run(count: int, passages: Path | None, scan_dpi: int, worn: bool) -> dict[str, Any]:
    pages = pages_of(texts(passages), count)
    scan = scanned(pdf_bytes([page_lines("", *page) for page in pages]), dpi=scan_dpi, worn=worn)
    started = time.perf_counter()
    read = ocr_pdf_pages(scan, list(range(1, count + 1)))
    seconds = time.perf_counter() - started
    matched = total = 0.0
    for source, page in zip(pages, read, strict=True):
        expected = words(" ".join(source))
        matched += word_accuracy(expected, words(page.text)) * len(expected)
        total += len(expected)
    confidences = [p.confidence for p in read if p.confidence is not None]
    return {
        "pages": count,
        "source_words": int(total),
        "seconds": round(seconds, 1),
        "pages_per_minute": round(count / seconds * 60, 1),
        "word_accuracy": round(matched / total, 4),
        "mean_confidence": round(sum(confidences) / len(confidences), 1) if confidences else None,
        "flagged": sum(p.flagged for p in read),
        "scan_dpi": scan_dpi,
        "worn": worn,
        "text": str(passages) if passages else "test sentences",
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "machine": machine(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--passages", default=str(EVAL), help="JSON lines with a 'text' field, or none")
    parser.add_argument("--scan-dpi", type=int, default=200)
    parser.add_argument("--worn", action="store_true", help="askew, blurred, specked scans")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    passages = Path(args.passages) if args.passages != "none" and Path(args.passages).exists() else None
    result = run(args.pages, passages, args.scan_dpi, args.worn)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print(
        f"{result['pages']} pages ({result['source_words']} words, {result['text']}), "
        f"scanned at {args.scan_dpi} dpi{' (worn)' if args.worn else ''}"
    )
    print(f"OCR: {result['seconds']} s, {result['pages_per_minute']} pages/min")
    print(
        f"word accuracy {result['word_accuracy']:.1%}, mean confidence {result['mean_confidence']}, "
        f"flagged {result['flagged']}"
    )
    print(f"load average {result['load_average']}, {result['machine']}")


if __name__ == "__main__":
    main()
