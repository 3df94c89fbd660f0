"""PDF text, page by page, with pypdfium2 and a layout pass of our own. No Django here.

pdfium gives every character with its box and font size, and decides where words end (its generated
spaces and line breaks read cleanly from every producer we tried, Chromium's per-glyph text included).
From those characters this module builds *segments* (runs of text on one baseline with no wide gap),
drops page furniture (running headers and footers, page numbers, a browser's date/URL lines), and orders
the rest by a recursive XY-cut: a vertical gutter splits columns, read one after the other; a vertical gap
that is not a gutter (narrow or half-empty parts) is a table, read row by row with cells joined by " | ";
horizontal gaps wider than the page's line spacing separate paragraphs. Headings are paragraphs set
clearly larger than the page's body text. Hyphenated line ends are joined later by the chunker.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from livsmiljo.engine.extract import (
    Extracted,
    ExtractionError,
    PageText,
    _,
    check_text_size,
    clean,
    clean_title,
)

SPLIT_GAP = 0.8  # a gap wider than this many ems ends a segment (column gutters, table cells)
COLUMN_GAP = 0.8  # a vertical gap this wide (in body ems) may separate columns or table cells
HEADING_SIZE = 1.15  # a heading is set at least this much larger than the body text
BAND = 0.075  # running headers and footers sit in this share of the page height at the top or bottom
MIN_COLUMN_FILL = 0.5  # text columns: at least half their lines run (nearly) the column's full width
MAX_DEPTH = 40  # XY-cut recursion
MAX_PAGES = 3000  # more is refused before any page is read (each page costs time and memory)


@dataclass
class Segment:
    """Text on one baseline without a wide gap (or one character of it); coordinates with y growing
    downwards, in points."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class _RawPage:
    number: int
    height: float
    segments: list[Segment] = field(default_factory=list)


def read_pdf(data: bytes) -> Extracted:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _pdf_error(error) from error
    try:
        metadata = pdf.get_metadata_dict()
        raw_pages = _read_pages(pdf)
        title = (metadata.get("Title") or "").strip()
    finally:
        pdf.close()
    if "ghostscript" in (metadata.get("Producer") or "").lower():
        _repair_ghostscript_ligatures(raw_pages)
    furniture = _furniture(raw_pages)
    pages = [_page_text(page, furniture) for page in raw_pages]
    return Extracted(pages=pages, format="pdf", title=clean_title(title))


def _read_pages(pdf: object) -> list[_RawPage]:
    """Every page, refusing a file over MAX_PAGES pages or MAX_TEXT_CHARS characters as soon as it is."""
    import pypdfium2 as pdfium

    count = len(pdf)  # type: ignore[arg-type]
    if count > MAX_PAGES:
        raise ExtractionError(
            "too_many_pages",
            _(
                "PDF-filen har %(pages)d sidor; gränsen är %(limit)d. "
                "Dela upp den i flera filer och försök igen."
            ),
            {"pages": count, "limit": MAX_PAGES},
        )
    pages: list[_RawPage] = []
    chars = 0
    for index in range(count):
        try:
            page = _read_page(pdf[index], index + 1)  # type: ignore[index]
        except pdfium.PdfiumError as error:  # a broken page object: "Failed to load page"
            raise ExtractionError(
                "broken_pdf_page",
                _(
                    "PDF-filen är trasig på sidan %(page)d och går inte att läsa. Öppna den i en PDF-läsare, "
                    "exportera eller skriv ut den på nytt till PDF och försök igen."
                ),
                {"page": index + 1},
            ) from error
        chars += sum(len(segment.text) for segment in page.segments)
        check_text_size(chars)
        pages.append(page)
    return pages


def _pdf_error(error: Exception) -> ExtractionError:
    code = getattr(error, "err_code", None)
    if code in (4, 6):
        return ExtractionError(
            "encrypted",
            _(
                "PDF-filen är lösenordsskyddad eller krypterad. "
                "Spara en kopia utan lösenord och ladda upp den."
            ),
        )
    return ExtractionError(
        "broken_pdf",
        _("PDF-filen är trasig och går inte att läsa. Exportera den på nytt till PDF och försök igen."),
    )


# --- characters to segments -------------------------------------------------------------------------


def _read_page(page: object, number: int) -> _RawPage:
    # Characters come in the page's own (unrotated) space: measure from its media box, not the view.
    _left, bottom, _right, top = page.get_mediabox()  # type: ignore[attr-defined]
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        chars = _chars(textpage, float(top))
    finally:
        textpage.close()
        page.close()  # type: ignore[attr-defined]
    return _RawPage(number, float(top - bottom), _segments(chars))


def _chars(textpage: object, top: float) -> list[Segment | None]:
    """Every character pdfium found, None where pdfium marks a word break (its generated spaces and line
    ends, and real spaces). Ligatures are spelt out; a glyph drawn twice, slightly shifted, is kept once."""
    import pypdfium2.raw as raw

    handle = textpage.raw  # type: ignore[attr-defined]
    count = textpage.count_chars()  # type: ignore[attr-defined]
    text = textpage.get_text_range(0, count) if count else ""  # type: ignore[attr-defined]
    if len(text) != count:  # characters outside the BMP: read them one by one
        text = "".join(chr(raw.FPDFText_GetUnicode(handle, i)) for i in range(count))
    box = raw.FS_RECTF()
    out: list[Segment | None] = []
    last: Segment | None = None
    for index, char in enumerate(text):
        generated = char != "\x02" and raw.FPDFText_IsGenerated(handle, index) == 1  # "\x02": a hyphen
        if char.isspace() or char == "\x00" or generated:
            if out and out[-1] is not None:
                out.append(None)
            continue
        raw.FPDFText_GetLooseCharBox(handle, index, ctypes.byref(box))
        size = float(raw.FPDFText_GetFontSize(handle, index))
        current = Segment(_spell(char), box.left, box.right, top - box.top, top - box.bottom, size)
        if last is not None and _same_glyph(last, current):
            continue
        out.append(current)
        last = current
    return out


def _spell(char: str) -> str:
    if "\ufb00" <= char <= "\ufb06":  # ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ
        return unicodedata.normalize("NFKC", char)
    return clean(char)


def _same_glyph(a: Segment, b: Segment) -> bool:
    """Fake bold draws a glyph twice, slightly shifted. (A ligature spelt out by pdfium gives its letters
    the very same box: "ff" in "effekt" must stay two letters.)"""
    dx, dy = abs(a.x0 - b.x0), abs(a.top - b.top)
    close = dx < 0.3 * max(a.x1 - a.x0, 0.1) and dy < 0.3 * max(a.size, 1.0)
    return a.text == b.text and close and (dx > 0.01 or dy > 0.01)


def _segments(chars: list[Segment | None]) -> list[Segment]:
    segments: list[Segment] = []
    current: list[Segment] = []
    space = False
    for char in chars:
        if char is None:
            space = True
            continue
        if current and _breaks(current[-1], char):
            segments.append(_segment(current))
            current, space = [], False
        if space and current:
            char = Segment(" " + char.text, char.x0, char.x1, char.top, char.bottom, char.size)
        current.append(char)
        space = False
    if current:
        segments.append(_segment(current))
    return [s for s in segments if s.text.strip()]


def _breaks(prev: Segment, char: Segment) -> bool:
    """A new segment starts on another baseline, after a wide gap, or where the text jumps back left."""
    em = max(prev.size, char.size, 1.0)
    other_line = abs(prev.middle - char.middle) > 0.5 * em
    return other_line or char.x0 - prev.x1 > SPLIT_GAP * em or char.x0 < prev.x0 - 0.5 * em


def _segment(chars: list[Segment]) -> Segment:
    sizes = Counter(round(c.size, 1) for c in chars)
    return Segment(
        text="".join(c.text for c in chars).strip(),
        x0=min(c.x0 for c in chars),
        x1=max(c.x1 for c in chars),
        top=min(c.top for c in chars),
        bottom=max(c.bottom for c in chars),
        size=sizes.most_common(1)[0][0],
    )


# Ghostscript's pdfwrite (seen with 10.0) writes a ligature's Unicode U+FB0n into the ToUnicode map as
# the single character 0xFB + n, so "fi" reads as "ü". Swedish has no û, ý, þ or ÿ, and ü inside a word
# written by Ghostscript is far more often a broken "fi" than a German name.
_GHOSTSCRIPT_LIGATURES = re.compile(r"(?<=[a-zåäö])([ûüýþÿ])|([ûüýþÿ])(?=[a-zåäö])")
_LIGATURE_OF = {"û": "ff", "ü": "fi", "ý": "fl", "þ": "ffi", "ÿ": "ffl"}


def _repair_ghostscript_ligatures(pages: list[_RawPage]) -> None:
    for page in pages:
        for segment in page.segments:
            segment.text = _GHOSTSCRIPT_LIGATURES.sub(lambda m: _LIGATURE_OF[m.group(0)], segment.text)


# --- page furniture ---------------------------------------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"(?:sida|page|s\.|sid\.)?\s*[-–]?\s*\d{1,4}\s*[-–]?\s*(?:(?:av|of|/)\s*\d{1,4})?", re.IGNORECASE
)
_BROWSER_LINE = re.compile(
    r"^(?:(?:file|https?)://\S+|www\.\S+|\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4},?\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)$",
    re.IGNORECASE,
)


def _furniture(pages: list[_RawPage]) -> set[str]:
    """Texts that repeat in the top or bottom band of several pages (digits ignored): running heads.
    Text set as large as a heading is never furniture ("2 Avsnitt" at the top of each page)."""
    if len(pages) < 2:
        return set()
    body = _body_size(segment for page in pages for segment in page.segments)
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update(
            {
                _shape(s.text)
                for s in page.segments
                if _in_band(s, page.height) and s.size < HEADING_SIZE * body
            }
        )
    needed = max(2, round(0.4 * len(pages)))
    # Bare numbers are judged one by one (a page number goes, a year stays), not by repetition.
    return {text for text, count in seen.items() if count >= needed and any(c.isalpha() for c in text)}


def _body_size(segments: Iterable[Segment]) -> float:
    """The font size that carries most of the text."""
    chars: Counter[float] = Counter()
    for segment in segments:
        chars[segment.size] += len(segment.text)
    return chars.most_common(1)[0][0] if chars else 10.0


def _shape(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _in_band(segment: Segment, height: float) -> bool:
    return segment.bottom < BAND * height or segment.top > (1 - BAND) * height


def _is_furniture(segment: Segment, height: float, repeated: set[str]) -> bool:
    if not _in_band(segment, height):
        return False
    text = segment.text.strip()
    number = _PAGE_NUMBER.fullmatch(text)
    if number and not (text.isdigit() and 1900 <= int(text) <= 2100):  # a lone year is content
        return True
    return _shape(text) in repeated or bool(_BROWSER_LINE.match(text))


def _drop_furniture(page: _RawPage, repeated: set[str]) -> list[Segment]:
    """Furniture segments go, and so does the rest of a band line they sit on (a browser's header puts
    the page title beside the date)."""
    gone = [s for s in page.segments if _is_furniture(s, page.height, repeated)]
    if not gone:
        return page.segments
    return [s for s in page.segments if not any(_same_line(s, g) for g in gone)]


def _same_line(a: Segment, b: Segment) -> bool:
    return a is b or abs(a.middle - b.middle) < 0.5 * max(a.size, b.size)


# --- layout: segments to paragraphs -----------------------------------------------------------------


@dataclass
class _Metrics:
    body: float  # the font size that carries most of the page's text
    line_gap: float  # the usual space between two lines of a paragraph

    @property
    def paragraph_gap(self) -> float:
        return self.line_gap + 0.35 * self.body


@dataclass
class _Paragraph:
    text: str
    heading: bool = False


def _page_text(page: _RawPage, repeated: set[str]) -> PageText:
    segments = _drop_furniture(page, repeated)
    if not segments:
        return PageText(page.number, "", needs_ocr=not page.segments)
    metrics = _metrics(segments)
    paragraphs = list(_layout(segments, metrics))
    return PageText(
        number=page.number,
        text="\n\n".join(p.text for p in paragraphs),
        headings=tuple(p.text for p in paragraphs if p.heading),
        guess_headings=False,
    )


def _metrics(segments: list[Segment]) -> _Metrics:
    body = _body_size(segments) or 10.0
    gaps = []
    for line, below in itertools.pairwise(segments):
        step = below.top - line.bottom
        overlaps = below.x0 < line.x1 and line.x0 < below.x1
        if overlaps and -0.5 * body < step < 1.5 * body and abs(line.size - body) < 0.5:
            gaps.append(step)
    return _Metrics(body, statistics.median(gaps) if gaps else 0.2 * body)


def _layout(segments: list[Segment], metrics: _Metrics, depth: int = 0) -> Iterable[_Paragraph]:
    """Recursive XY-cut: columns first (left to right), then paragraphs (top to bottom)."""
    if depth > MAX_DEPTH:  # a pathological page (a staircase of boxes): read what is left line by line
        yield from _paragraphs(segments, metrics)
        return
    columns = _vertical_cuts(segments, COLUMN_GAP * metrics.body)
    if columns and _are_text_columns(columns, metrics):
        for column in columns:
            yield from _layout(column, metrics, depth + 1)
        return
    blocks = _horizontal_cuts(segments, metrics.paragraph_gap)
    if len(blocks) > 1:
        for block in blocks:
            yield from _layout(block, metrics, depth + 1)
    elif columns and _is_table(columns, segments):
        yield from _table(segments, metrics)
    else:
        yield from _paragraphs(segments, metrics)


def _vertical_cuts(segments: list[Segment], gap: float) -> list[list[Segment]]:
    """Split where no segment covers a stretch at least `gap` wide; [] where there is no such stretch."""
    ordered = sorted(segments, key=lambda s: s.x0)
    parts: list[list[Segment]] = [[]]
    right = ordered[0].x1
    for segment in ordered:
        if parts[-1] and segment.x0 - right >= gap:
            parts.append([])
        parts[-1].append(segment)
        right = max(right, segment.x1)
    return parts if len(parts) > 1 else []


def _horizontal_cuts(segments: list[Segment], gap: float) -> list[list[Segment]]:
    ordered = sorted(segments, key=lambda s: (s.top, s.x0))
    parts: list[list[Segment]] = [[]]
    bottom = ordered[0].bottom
    for segment in ordered:
        if parts[-1] and segment.top - bottom > gap:
            parts.append([])
        parts[-1].append(segment)
        bottom = max(bottom, segment.bottom)
    return parts


def _are_text_columns(columns: list[list[Segment]], metrics: _Metrics) -> bool:
    """Columns of running text are few and wide, and most of their lines fill the column; table columns
    are narrow or mostly short cells."""
    if len(columns) > 4:
        return False
    for column in columns:
        left, right = min(s.x0 for s in column), max(s.x1 for s in column)
        lines = _lines(column)
        if right - left < 12 * metrics.body or len(lines) < 3:
            return False
        full = sum(line[-1].x1 - line[0].x0 >= 0.75 * (right - left) for line in lines)
        if full < MIN_COLUMN_FILL * len(lines):
            return False
    return True


def _is_table(columns: list[list[Segment]], segments: list[Segment]) -> bool:
    """Every column of a table has cells on at least half its lines; a gap that a stray word or two
    happens to leave (text set with wide spaces) is no column."""
    lines = len(_lines(segments))
    return all(len(_lines(column)) >= 0.5 * lines for column in columns)


def _lines(segments: list[Segment]) -> list[list[Segment]]:
    """Segments grouped into visual lines (top to bottom), each line left to right."""
    lines: list[list[Segment]] = []
    for segment in sorted(segments, key=lambda s: (s.middle, s.x0)):
        if lines and _same_line(lines[-1][0], segment):
            lines[-1].append(segment)
        else:
            lines.append([segment])
    return [sorted(line, key=lambda s: s.x0) for line in lines]


def _table(segments: list[Segment], metrics: _Metrics) -> Iterable[_Paragraph]:
    """A row per paragraph, its cells left to right joined by " | ", each cell's lines in order."""
    for row in _table_rows(segments, metrics):
        cells = _vertical_cuts(row, COLUMN_GAP * metrics.body) or [row]
        texts = [" ".join(_line_text(line) for line in _lines(cell)) for cell in cells]
        yield _Paragraph(" | ".join(t for t in texts if t))


def _table_rows(segments: list[Segment], metrics: _Metrics) -> list[list[Segment]]:
    """The gaps between a table's lines come in two sizes when rows are padded: the small one inside a
    wrapped cell, the larger one between rows; cut at the larger. Where all gaps are alike, a line with
    a cell in every column starts a row and a line with fewer continues the row above (wrapped cells)."""
    lines = _lines(segments)
    gaps = [min(s.top for s in b) - max(s.bottom for s in a) for a, b in itertools.pairwise(lines)]
    rows = [list(lines[0])]
    if gaps and max(gaps) - min(gaps) > 0.2 * metrics.body:
        cut = (max(gaps) + min(gaps)) / 2
        starts = [gap > cut for gap in gaps]
    else:
        columns = _vertical_cuts(segments, COLUMN_GAP * metrics.body)
        edges = [min(s.x0 for s in column) for column in columns[1:]]
        width = len(columns)
        starts = [len({sum(s.x0 >= edge - 1 for edge in edges) for s in line}) == width for line in lines[1:]]
    for start, line in zip(starts, lines[1:], strict=True):
        if start:
            rows.append([])
        rows[-1].extend(line)
    return rows


def _paragraphs(segments: list[Segment], metrics: _Metrics) -> Iterable[_Paragraph]:
    """One block's lines; a change between heading size and body size starts a new paragraph."""
    group: list[list[Segment]] = []
    for line in _lines(segments):
        if group and _is_big(group[-1], metrics) != _is_big(line, metrics):
            yield _paragraph(group, metrics)
            group = []
        group.append(line)
    if group:
        yield _paragraph(group, metrics)


def _is_big(line: list[Segment], metrics: _Metrics) -> bool:
    return max(s.size for s in line) >= HEADING_SIZE * metrics.body


def _paragraph(lines: list[list[Segment]], metrics: _Metrics) -> _Paragraph:
    text = "\n".join(_line_text(line) for line in lines)
    heading = all(_is_big(line, metrics) for line in lines) and len(text.split()) <= 20
    return _Paragraph(text, heading)


def _line_text(line: list[Segment]) -> str:
    return " ".join(s.text.strip() for s in line)
