"""PDF text readers compared by measurement: our extractor against the usual open-source alternatives.

Every PDF producer of `livsmiljo/documents/tests/producers.py` (Chromium in one and two columns, the same
page re-distilled by Ghostscript, LibreOffice Writer, matplotlib; the DOCX producer is skipped) lays out
(a) the known text, `strategy()` or for the two-column producer `brochure()`, and (b) 8 passages of
../shared/eval/passages.jsonl, two a page (read at run time, never copied). Each reader extracts the file
page by page; printed per reader and producer:

- word accuracy: the share of source words recovered in order, mean over pages ("known / eval"). Page text
  is compared after line-end hyphens are joined the same way for every reader: paragraphs (blocks
  separated by blank lines; a reader without paragraphs gives one block a page) go through
  `livsmiljo.engine.chunking.join_lines`. First, for every reader alike, typographic hyphens at a line
  end (U+2010, U+2011, soft hyphen, pdfium's \\x02) count as "-", soft hyphens inside a line (invisible
  on the page) are dropped and ligature characters (U+FB00-FB06, "ﬁ") are spelt out; `--raw` compares
  the text exactly as each reader gave it;
- pages right: source page n whose words are found best on extracted page n ("known, eval");
- pages per second: a 40-page file of the same producer (80 passages), whole file, best of 3;
- on Chromium's default header and footer (date, file:// URL, "1/3"): the furniture left in the text;
- on the two-column brochure: source paragraphs that come out whole (their words contiguous on the page).

Readers: `ours` (livsmiljo.engine.extract.extract), `pdfium-text` (pypdfium2 get_text_range, no layout),
`pdfplumber` and `pdfplumber-layout` (extract_text, layout=True), `pdfminer` (extract_pages, default
LAParams), `docling-parse` (text-line cells in its order), `pypdf` (extract_text). Readers not installed
are skipped with a note, so the script runs in the project's venv too (ours and pdfium-text only). The
comparison venv holds the alternatives; the project is read from this checkout through sys.path:

    python3 -m venv /tmp/cmpvenv
    /tmp/cmpvenv/bin/pip install pypdfium2 numpy python-docx matplotlib pillow \\
        pdfplumber pdfminer.six pypdf docling-parse
    /tmp/cmpvenv/bin/python bench/pdf_readers_bench.py [--passages 8] [--big 80] [--raw]
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import re
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from producers_bench import eval_source, join_lines, two_columns  # noqa: E402

from livsmiljo.documents.tests import producers  # noqa: E402
from livsmiljo.documents.tests.producers import Source, word_accuracy, words  # noqa: E402

Reader = Callable[[bytes], list[str]]

LINE_END_HYPHENS = re.compile(r"[\u2010\u2011\u00ad\x02][ \t]*(?=\n)")
LIGATURES = str.maketrans({chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)})


# --- the readers: PDF bytes -> one text a page ------------------------------------------------------


def read_ours(data: bytes) -> list[str]:
    from livsmiljo.engine.extract import extract

    return [page.text for page in extract(data, "x.pdf").pages]


def read_pdfium(data: bytes) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        texts = []
        for page in pdf:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        pdf.close()


def read_pdfplumber(data: bytes, layout: bool = False) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = []
        for page in pdf.pages:
            texts.append(page.extract_text(layout=layout) or "")
            page.close()  # frees the page's cached layout objects
        return texts


def read_pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    # Text boxes become paragraphs (a blank line between), as extract_text writes them.
    return [
        "\n".join(element.get_text() for element in page if isinstance(element, LTTextContainer))
        for page in extract_pages(io.BytesIO(data), laparams=LAParams())
    ]


def read_docling_parse(data: bytes) -> list[str]:
    from docling_core.types.doc.page import TextCellUnit
    from docling_parse.pdf_parser import ContentConfig, ContentLevel, DoclingPdfParser

    skip = ContentLevel.SKIP
    config = ContentConfig(
        char_cells_content_level=skip,
        word_cells_content_level=skip,
        shapes_content_level=skip,
        bitmaps_content_level=skip,
        include_bitmap_bytes=False,
    )
    document = DoclingPdfParser(loglevel="fatal").load(io.BytesIO(data), content_config=config)
    try:
        return [
            "\n".join(cell.text for cell in page.iterate_cells(TextCellUnit.LINE))
            for _, page in document.iterate_pages()
        ]
    finally:
        document.unload()


def read_pypdf(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


# name: (reader, module that must import, distributions whose versions are printed)
READERS: dict[str, tuple[Reader, str, tuple[str, ...]]] = {
    "ours": (read_ours, "pypdfium2", ("pypdfium2",)),
    "pdfium-text": (read_pdfium, "pypdfium2", ("pypdfium2",)),
    "pdfplumber": (read_pdfplumber, "pdfplumber", ("pdfplumber", "pdfminer.six")),
    "pdfplumber-layout": (
        lambda data: read_pdfplumber(data, layout=True),
        "pdfplumber",
        ("pdfplumber", "pdfminer.six"),
    ),
    "pdfminer": (read_pdfminer, "pdfminer", ("pdfminer.six",)),
    "docling-parse": (read_docling_parse, "docling_parse", ("docling-parse", "docling-core")),
    "pypdf": (read_pypdf, "pypdf", ("pypdf",)),
}


def available(notes: list[str]) -> dict[str, Reader]:
    """The readers whose library imports; a note for each that does not."""
    import importlib

    readers = {}
    for name, (reader, module, dists) in READERS.items():
        try:
            importlib.import_module(module)
        except Exception as error:  # not installed, or a broken wheel: skip, say why
            notes.append(f"{name}: skipped ({type(error).__name__}: {error})")
            continue
        versions = ", ".join(f"{dist} {_version(dist)}" for dist in dists)
        notes.append(f"{name}: {versions}")
        readers[name] = reader
    return readers


def checkout() -> str:
    """The commit measured, and whether the extractor's files differ from it (read-only git calls)."""
    import subprocess

    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    files = ["extract.py", "extract_pdf.py", "chunking.py"]
    paths = [f"livsmiljo/engine/{name}" for name in files] + ["livsmiljo/documents/tests/producers.py"]
    changed = git("status", "--porcelain", "--", *paths).splitlines()
    edited = ", ".join(line[3:].rsplit("/", 1)[-1] for line in changed)
    return f"livsmiljo at {commit}" + (f" (working tree differs: {edited})" if changed else "")


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "?"


# --- measuring --------------------------------------------------------------------------------------


def page_words(text: str, raw: bool = False) -> list[str]:
    """A page's words after line-end hyphens are joined, paragraph by paragraph, as the chunker does."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not raw:
        text = LINE_END_HYPHENS.sub("-", text).replace("\u00ad", "").translate(LIGATURES)
    paragraphs = re.split(r"\n[ \t]*\n", text)
    return words(" ".join(join_lines(paragraph) for paragraph in paragraphs))


def accuracy(source: Source, pages: list[list[str]]) -> tuple[float, int]:
    """Mean word accuracy over source pages, and how many source pages are read best on their own page."""
    scores, right = [], 0
    for number in range(1, len(source.pages) + 1):
        expected = source.page_words(number)
        against = [word_accuracy(expected, page) for page in pages] or [0.0]
        scores.append(against[number - 1] if number <= len(pages) else 0.0)
        right += number <= len(pages) and max(against) == against[number - 1]
    return statistics.mean(scores), right


def pages_per_second(reader: Reader, data: bytes) -> float:
    best, count = float("inf"), 0
    for _ in range(3):
        started = time.perf_counter()
        count = len(reader(data))
        best = min(best, time.perf_counter() - started)
    return count / best


FURNITURE = {
    "date": re.compile(r"\d{1,2}/\d{1,2}/\d{2},? \d{1,2}:\d{2}"),
    "URL": re.compile(r"file:/"),
    "n/N": re.compile(r"(?<![\d/])\d+ ?/ ?\d+(?![\d/])"),
}


def furniture_left(texts: list[str]) -> str:
    texts = [text.translate(LIGATURES) for text in texts]  # "ﬁle://"
    found = [name for name, pattern in FURNITURE.items() if any(pattern.search(text) for text in texts)]
    return ", ".join(found) or "none"


def whole_paragraphs(source: Source, pages: list[list[str]]) -> tuple[int, int]:
    """Source paragraphs whose word sequence appears contiguous on their own page."""
    whole = total = 0
    for number, page in enumerate(source.pages, 1):
        read = " " + " ".join(pages[number - 1]) + " " if number <= len(pages) else ""
        for paragraph in page.paragraphs:
            total += 1
            whole += f" {' '.join(words(paragraph))} " in read
    return whole, total


def run_reader(reader: Reader, data: bytes) -> tuple[list[str] | None, str]:
    try:
        return reader(data), ""
    except Exception as error:  # a reader that fails on a file is a result, not a crash
        return None, f"{type(error).__name__}: {str(error)[:120]}"


# --- main -------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passages", type=int, default=8, help="eval passages in the accuracy file")
    parser.add_argument("--big", type=int, default=80, help="eval passages in the speed file (2 a page)")
    parser.add_argument("--raw", action="store_true", help="no hyphen or ligature folding")
    args = parser.parse_args()

    notes: list[str] = [checkout(), f"python {sys.version.split()[0]}"]
    readers = available(notes)
    pdf_producers = {
        name: (produce, two_column)
        for name, (suffix, produce, two_column) in producers.PRODUCERS.items()
        if suffix == ".pdf"
    }

    acc: dict[tuple[str, str], str] = {}
    right: dict[tuple[str, str], str] = {}
    speed: dict[tuple[str, str], str] = {}
    furniture: dict[str, str] = {}
    paragraphs: dict[str, str] = {}
    errors: list[str] = []
    for producer, (produce, two_column) in pdf_producers.items():
        started = time.perf_counter()
        known = producers.brochure() if two_column else producers.strategy()
        passages = eval_source(args.passages)
        big = eval_source(args.big)
        if two_column:
            passages, big = two_columns(passages), two_columns(big)
        files = {"known": produce(known), "eval": produce(passages)}
        big_pdf = produce(big)
        print(f"# {producer}: produced in {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        for name, reader in readers.items():
            scores, rights = [], []
            for label, source in (("known", known), ("eval", passages)):
                texts, error = run_reader(reader, files[label])
                if texts is None:
                    errors.append(f"{name} on {producer} ({label}): {error}")
                    scores.append("error")
                    rights.append("error")
                    continue
                read = [page_words(text, args.raw) for text in texts]
                mean, good = accuracy(source, read)
                scores.append(f"{mean:.3f}")
                pages = f"{good}/{len(source.pages)}"
                rights.append(pages if len(texts) == len(source.pages) else f"{pages} ({len(texts)} pp)")
                if label == "known" and producer == "chromium":
                    furniture[name] = furniture_left(texts)
                if label == "known" and two_column:
                    paragraphs[name] = "{} of {}".format(*whole_paragraphs(source, read))
            acc[name, producer] = " / ".join(scores)
            right[name, producer] = ", ".join(rights)
            texts, error = run_reader(reader, big_pdf)
            if texts is None:
                errors.append(f"{name} on {producer} (40 pages): {error}")
                speed[name, producer] = "error"
            else:
                speed[name, producer] = f"{pages_per_second(reader, big_pdf):.0f}"
            progress = f"#   {name}: {acc[name, producer]}  {speed[name, producer]} p/s"
            print(progress, file=sys.stderr, flush=True)

    names, columns = list(readers), list(pdf_producers)

    def table(title: str, cells: dict[tuple[str, str], str]) -> None:
        print(f"\n{title}\n")
        print("| reader | " + " | ".join(columns) + " |")
        print("|---|" + "---|" * len(columns))
        for name in names:
            print(f"| {name} | " + " | ".join(cells.get((name, c), "") for c in columns) + " |")

    folding = "text as each reader gave it" if args.raw else "line-end hyphens and ligatures folded"
    print(f"PDF readers, {args.passages} eval passages (2 a page), speed on {args.big // 2} pages; {folding}")
    table("Word accuracy, mean over pages (known text / eval passages)", acc)
    table("Pages right: source page n read best on page n (known, eval)", right)
    table(f"Pages per second, {args.big // 2}-page file, best of 3", speed)
    print("\nChromium header/footer left in the text; two-column brochure paragraphs whole\n")
    print("| reader | furniture left (chromium) | brochure paragraphs whole (chromium-2col) |")
    print("|---|---|---|")
    for name in names:
        print(f"| {name} | {furniture.get(name, 'error')} | {paragraphs.get(name, 'error')} |")
    print("\nNotes")
    for note in [*notes, *errors]:
        print(f"- {note}")


if __name__ == "__main__":
    main()
