"""Producer matrix: real Swedish passages laid out by the programs regions use, read back.

Each producer (Chromium print to PDF in one and two columns, the same page re-distilled by Ghostscript,
LibreOffice Writer's PDF and DOCX export, matplotlib) lays out the same text: passages of
../shared/eval/passages.jsonl, two a page (used only to measure, never copied into the product). Printed per
producer:

- word accuracy: the share of source words recovered in order, page by page (mean and worst page);
- pages right: pages whose own source words are read on that page at >= 0.98;
- phrases back word for word: as the issue measured it, every file goes through `livsmiljo ingest` into
  its own empty library, a 10-word phrase from the middle of each passage is searched with
  `livsmiljo search`, and counts when the top hit holds the phrase word for word and cites its page;
- pages per second of extraction alone (a 40-page file of the same kind, best of 3).

    .venv/bin/python bench/producers_bench.py [--passages 8] [--skip-search] [--livsmiljo CMD] [--json]

`--root /old/checkout` measures another checkout's extractor through the same calls (its command line
runs as `python -m livsmiljo.cli` with that checkout first on PYTHONPATH; copy producers.py into its
livsmiljo/documents/tests/ first). That is how the "before" figures were taken.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
ROOT = Path(sys.argv[sys.argv.index("--root") + 1]).resolve() if "--root" in sys.argv else HERE
sys.path.insert(0, str(ROOT))
EVAL = HERE.parent / "shared" / "eval" / "passages.jsonl"

from livsmiljo.documents.tests import producers  # noqa: E402
from livsmiljo.documents.tests.producers import Source, SourcePage, word_accuracy, words  # noqa: E402
from livsmiljo.engine import chunking  # noqa: E402

join_lines = getattr(chunking, "join_lines", None) or chunking._join  # older checkouts


def eval_source(count: int, offset: int = 0, per_page: int = 2) -> Source:
    texts = [json.loads(line)["text"] for line in EVAL.read_text(encoding="utf-8").splitlines()]
    chosen = [texts[(offset + i) % len(texts)] for i in range(count)]
    pages = tuple(
        SourcePage(f"{n + 1} Avsnitt", tuple(chosen[i : i + per_page]))
        for n, i in enumerate(range(0, count, per_page))
    )
    return Source("Regional utvecklingsstrategi", pages)


def two_columns(source: Source) -> Source:
    return Source(source.title, source.pages, columns=2)


def extraction_figures(name: str, source: Source, data: bytes, suffix: str) -> dict[str, object]:
    from livsmiljo.engine.extract import extract

    extracted = extract(data, f"fil{suffix}")
    scores = []
    for number in range(1, len(source.pages) + 1):
        text = extracted.pages[number - 1].text if number <= len(extracted.pages) else ""
        read = words(" ".join(join_lines(p) for p in text.split("\n\n")))
        scores.append(word_accuracy(source.page_words(number), read))
    return {
        "producer": name,
        "pages": f"{len(extracted.pages)}/{len(source.pages)}",
        "word_accuracy": round(statistics.mean(scores), 3),
        "worst_page": round(min(scores), 3),
        "pages_right": sum(s >= 0.98 for s in scores),
    }


def pages_per_second(data: bytes, suffix: str) -> float:
    from livsmiljo.engine.extract import extract

    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        pages = len(extract(data, f"fil{suffix}").pages)
        best = min(best, time.perf_counter() - started)
    return round(pages / best, 1)


def phrases_back(command: list[str], source: Source, data: bytes, suffix: str) -> str:
    """The issue's measure: ingest through the command line, search 10-word phrases, check the top hit."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "LIVSMILJO_DATA_DIR": folder}
        path = Path(folder) / f"strategi{suffix}"
        path.write_bytes(data)
        subprocess.run([*command, "migrate", "--noinput"], env=env, check=True, capture_output=True, cwd=ROOT)
        ingest = [
            *command,
            "ingest",
            str(path),
            "--organisation",
            "Tillväxtverket",
            "--kind",
            "rus",
            "--json",
        ]
        result = subprocess.run(ingest, env=env, capture_output=True, text=True, cwd=ROOT)
        if result.returncode:
            return f"0 of {sum(len(p.paragraphs) for p in source.pages)} ({result.stdout.strip()[:300]})"
        right = total = 0
        for number, page in enumerate(source.pages, 1):
            for passage in page.paragraphs:
                tokens = passage.split()
                phrase = " ".join(tokens[len(tokens) // 2 - 5 : len(tokens) // 2 + 5])
                out = subprocess.run(
                    [*command, "search", phrase, "--limit", "1", "--json"],
                    env=env, check=True, capture_output=True, text=True, cwd=ROOT,
                )  # fmt: skip
                hits = json.loads(out.stdout)["hits"]
                total += 1
                if hits and int(hits[0]["page"]) == number:
                    right += " ".join(words(phrase)) in " ".join(words(hits[0]["text"]))
        return f"{right} of {total}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passages", type=int, default=8)
    parser.add_argument("--skip-search", action="store_true")
    parser.add_argument("--root", default=str(HERE), help="the checkout to measure")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    python = HERE / ".venv" / "bin" / "python"
    command = ["env", f"PYTHONPATH={ROOT}", str(python), "-m", "livsmiljo.cli"]
    source = eval_source(args.passages)
    big = eval_source(80, per_page=2)
    rows = []
    for name, (suffix, produce, two_column) in producers.PRODUCERS.items():
        kind = two_columns if two_column else (lambda s: s)
        data = produce(kind(source))
        row = extraction_figures(name, kind(source), data, suffix)
        row["pages_per_second"] = pages_per_second(produce(kind(big)), suffix)
        if not args.skip_search:
            row["phrases_back"] = phrases_back(command, kind(source), data, suffix)
        rows.append(row)
        if not args.json:
            print("  ".join(f"{key} {value}" for key, value in row.items()), flush=True)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
