"""Scanned PDF pages read locally with OCR: pypdfium2 renders, Tesseract (Swedish) reads. No Django here.

Nothing leaves the machine: Tesseract runs as a local program. The text comes out formatted like the other
readers' (paragraphs separated by a blank line, lines inside a paragraph by one newline, from Tesseract's
block/paragraph/line numbers), so the chunker can join hyphenated line ends.

A page that reads as noise is flagged rather than indexed. The rule, measured on the recognised words:
mean word confidence under `MIN_CONFIDENCE` (50), or under `MIN_WORD_SHARE` (half) of the tokens read as
words: letters only and at least two long, hyphenated compounds ("Ö-vik"), the one-letter Swedish words
"i", "å" and "ö", or numbers.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from livsmiljo.engine.extract import ExtractionError, _

DPI = 300
LANGUAGE = "swe"
MIN_CONFIDENCE = 50.0
MIN_WORD_SHARE = 0.5
PAGE_TIMEOUT_SECONDS = 300
MAX_PIXELS = 40_000_000  # an A3 page at 300 dpi is 17.4 million
HEADING_SCALE = 1.25
MAX_HEADING_WORDS = 14

OcrProgress = Callable[[int, int], None]

_WORD = re.compile(r"[^\W\d_]{2,}|[^\W\d_]+(?:-[^\W\d_]+)+|[iåö]|\d[\d.,:%/–-]*", re.IGNORECASE)
_EDGE_PUNCTUATION = "\"'“”‘’«»()[]{}.,;:!?…–-"


@dataclass(frozen=True)
class OcrPage:
    """One page as OCR read it. `confidence` is the mean word confidence (0–100), None when no words were
    found; `reason` says why a page is `flagged`: "low_confidence", "not_words" or "timeout"."""

    number: int
    text: str
    confidence: float | None
    flagged: bool = False
    reason: str = ""
    headings: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Word:
    text: str
    confidence: float
    paragraph: tuple[int, int]
    line: tuple[int, int, int]


def ocr_available(tesseract_cmd: str = "tesseract", language: str = LANGUAGE) -> None:
    """Raise `ExtractionError` with what to install when Tesseract or its `language` data is missing."""
    try:
        listing = subprocess.run(
            [tesseract_cmd, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise _missing_tesseract() from error
    # Tesseract 4 and 5 print the list on stdout, some builds on stderr.
    languages = {line.strip() for line in (listing.stdout + listing.stderr).splitlines()}
    if listing.returncode != 0:
        raise _missing_tesseract()
    if language not in languages:
        raise ExtractionError(
            "ocr_language_missing",
            _(
                "Filen har inskannade sidor som måste läsas med OCR, men Tesseract saknar svenska "
                "språkdata. Installera tesseract-ocr-swe (Debian/Ubuntu: apt-get install tesseract-ocr-swe) "
                "eller be en administratör göra det, och ladda sedan upp filen igen."
            ),
        )


def _missing_tesseract() -> ExtractionError:
    return ExtractionError(
        "ocr_missing",
        _(
            "Filen har inskannade sidor som måste läsas med OCR, men Tesseract är inte installerat på "
            "servern. Installera tesseract-ocr och tesseract-ocr-swe (Debian/Ubuntu: apt-get install "
            "tesseract-ocr tesseract-ocr-swe) eller be en administratör göra det, och ladda sedan upp "
            "filen igen."
        ),
    )


def ocr_pdf_pages(
    data: bytes,
    numbers: Sequence[int],
    *,
    tesseract_cmd: str = "tesseract",
    dpi: int = DPI,
    on_progress: OcrProgress | None = None,
) -> list[OcrPage]:
    """OCR the PDF pages `numbers` (1-based). `on_progress(done, total)` is called before each page and
    once at the end. Raises `ExtractionError` when Tesseract is missing, before any page is rendered."""
    import pypdfium2 as pdfium

    ocr_available(tesseract_cmd)
    pdf = pdfium.PdfDocument(data)
    pages: list[OcrPage] = []
    try:
        for done, number in enumerate(numbers):
            if on_progress:
                on_progress(done, len(numbers))
            page = pdf[number - 1]
            image = page.render(scale=_scale(page.get_size(), dpi), grayscale=True).to_pil()
            pages.append(ocr_image(image, number, tesseract_cmd=tesseract_cmd))
    finally:
        pdf.close()
    if on_progress:
        on_progress(len(numbers), len(numbers))
    return pages


def _scale(size: tuple[float, float], dpi: int) -> float:
    """`dpi` in pdfium's scale, less for pages so large (maps, posters) that they would pass MAX_PIXELS."""
    width, height = size
    return min(dpi / 72, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)


def ocr_image(image: Any, number: int, *, tesseract_cmd: str = "tesseract") -> OcrPage:
    """Read one page image (a PIL image) with Tesseract."""
    import pytesseract

    # pytesseract keeps the program's path in a module global; ingestion reads one page at a time.
    pytesseract.pytesseract.tesseract_cmd = tesseract_cmd
    # Tesseract's OpenMP threads fight over a shared machine's cores: one thread per page read 3-4 times
    # faster on the 2-core server (BENCHMARKS.md, OCR). An administrator's own setting wins.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    try:
        data = pytesseract.image_to_data(
            image, lang=LANGUAGE, output_type=pytesseract.Output.DICT, timeout=PAGE_TIMEOUT_SECONDS
        )
    except pytesseract.TesseractNotFoundError as error:
        raise _missing_tesseract() from error
    except RuntimeError as error:  # pytesseract's timeout
        if "timeout" not in str(error).lower():
            raise
        return OcrPage(number, "", None, flagged=True, reason="timeout")
    return page_from_data(data, number)


def page_from_data(data: dict[str, list[Any]], number: int) -> OcrPage:
    """Text, confidence and verdict from Tesseract's `image_to_data` table (as a dict of columns)."""
    words = _words(data)
    if not words:
        return OcrPage(number, "", None)
    text, headings = _layout(words, _line_heights(data))
    confidence = round(statistics.fmean(word.confidence for word in words), 1)
    reason = judge([word.text for word in words], confidence)
    return OcrPage(number, text, confidence, flagged=bool(reason), reason=reason, headings=headings)


def judge(tokens: Sequence[str], confidence: float) -> str:
    """Why a page's tokens read as noise ("low_confidence", "not_words"), or "" when they read as text."""
    if confidence < MIN_CONFIDENCE:
        return "low_confidence"
    if word_share(tokens) < MIN_WORD_SHARE:
        return "not_words"
    return ""


def word_share(tokens: Sequence[str]) -> float:
    """The share of tokens that read as words or numbers once edge punctuation is stripped."""
    if not tokens:
        return 0.0
    words = sum(bool(_WORD.fullmatch(token.strip(_EDGE_PUNCTUATION) or token)) for token in tokens)
    return words / len(tokens)


def _words(data: dict[str, list[Any]]) -> list[_Word]:
    words = []
    for index, raw in enumerate(data["text"]):
        text = unicodedata.normalize("NFC", str(raw)).strip()
        confidence = float(data["conf"][index])
        if text and confidence >= 0:
            block, par, line = (int(data[key][index]) for key in ("block_num", "par_num", "line_num"))
            words.append(_Word(text, confidence, (block, par), (block, par, line)))
    return words


def _line_heights(data: dict[str, list[Any]]) -> dict[tuple[int, int, int], int]:
    """Height of each text line (Tesseract's level 4 rows), to tell headings from body text."""
    return {
        (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i])): int(data["height"][i])
        for i, level in enumerate(data["level"])
        if int(level) == 4
    }


def _layout(words: list[_Word], heights: dict[tuple[int, int, int], int]) -> tuple[str, tuple[str, ...]]:
    paragraphs: dict[tuple[int, int], dict[tuple[int, int, int], list[str]]] = {}
    for word in words:
        paragraphs.setdefault(word.paragraph, {}).setdefault(word.line, []).append(word.text)
    body = statistics.median(heights.get(word.line, 0) for word in words) or 0
    texts, headings = [], []
    for lines in paragraphs.values():
        text = "\n".join(" ".join(line) for line in lines.values())
        texts.append(text)
        big = body > 0 and all(heights.get(line, 0) >= body * HEADING_SCALE for line in lines)
        if big and len(paragraphs) > 1 and len(text.split()) <= MAX_HEADING_WORDS:
            headings.append(text.replace("\n", " "))
    return "\n\n".join(texts), tuple(headings)
