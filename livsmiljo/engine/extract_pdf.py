"""PDF text, page by page, with pypdfium2: lines from pdfium's text rectangles, paragraphs from vertical
gaps, headings from a font size clearly above the page's body text. No Django here."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from livsmiljo.engine.extract import Extracted, ExtractionError, PageText, _, clean, clean_title


def read_pdf(data: bytes) -> Extracted:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise _pdf_error(error) from error
    try:
        pages = [_pdf_page(pdf[index], index + 1) for index in range(len(pdf))]
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
    finally:
        pdf.close()
    # A page without a text layer (a scan) is left for OCR, which the ingestion service runs.
    pages = [page if page.text.strip() else PageText(page.number, "", needs_ocr=True) for page in pages]
    return Extracted(pages=pages, format="pdf", title=clean_title(title))


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


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    size: float


def _pdf_page(page: object, number: int) -> PageText:
    textpage = page.get_textpage()  # type: ignore[attr-defined]
    try:
        lines = _pdf_lines(textpage)
    finally:
        textpage.close()
    body_size = _body_size(lines)

    def big(line: _Line) -> bool:
        return body_size > 0 and line.size >= body_size * 1.15

    spacing = _typical_spacing(lines)
    groups: list[list[_Line]] = []
    for line in lines:
        prev = groups[-1][-1] if groups else None
        if prev is None or _gap_breaks(prev, line, spacing) or big(prev) != big(line):
            groups.append([])
        groups[-1].append(line)
    paragraphs = [_join_lines(group) for group in groups]
    headings = tuple(
        text
        for group, text in zip(groups, paragraphs, strict=True)
        if all(big(line) for line in group) and len(text.split()) <= 20
    )
    return PageText(number=number, text="\n\n".join(paragraphs), headings=headings)


def _body_size(lines: list[_Line]) -> float:
    """The font size that carries most of the page's characters."""
    chars: dict[float, int] = {}
    for line in lines:
        if line.size > 0:
            chars[round(line.size, 1)] = chars.get(round(line.size, 1), 0) + len(line.text)
    return max(chars, key=lambda size: chars[size]) if chars else 0.0


def _pdf_lines(textpage: object) -> list[_Line]:
    """Group pdfium's text rectangles into visual lines, top to bottom as pdfium reads them."""
    import pypdfium2.raw as raw

    lines: list[_Line] = []
    count = textpage.count_rects()  # type: ignore[attr-defined]
    for index in range(count):
        left, bottom, right, top = textpage.get_rect(index)  # type: ignore[attr-defined]
        text = clean(textpage.get_text_bounded(left, bottom, right, top))  # type: ignore[attr-defined]
        if not text.strip():
            continue
        char = textpage.get_index(left + 1, (top + bottom) / 2, 4, 4)  # type: ignore[attr-defined]
        # Unknown size (no character under the probe) means "body text", never a heading.
        size = float(raw.FPDFText_GetFontSize(textpage.raw, char)) if char is not None and char >= 0 else 0.0  # type: ignore[attr-defined]
        last = lines[-1] if lines else None
        if last and min(top, last.top) - max(bottom, last.bottom) > 0.5 * (top - bottom):
            last.text = f"{last.text} {text.strip()}"
            last.size = max(last.size, size)
        else:
            lines.append(_Line(text.strip(), top, bottom, size))
    return [line for line in lines if not _is_page_furniture(line.text)]


def _is_page_furniture(text: str) -> bool:
    """Bare page numbers ("12", "Sida 3 av 10", "- 4 -") carry no content."""
    return bool(
        re.fullmatch(r"(?:sida|page|s\.)?\s*[-–]?\s*\d{1,4}\s*[-–]?\s*(?:(?:av|of|/)\s*\d{1,4})?", text, re.I)
    )


def _typical_spacing(lines: list[_Line]) -> float:
    gaps = [a.top - b.top for a, b in itertools.pairwise(lines) if 0 < a.top - b.top < 60]
    return _median(gaps) or 14.0


def _gap_breaks(prev: _Line, line: _Line, spacing: float) -> bool:
    step = prev.top - line.top
    return step < 0 or step > spacing * 1.45


def _join_lines(lines: list[_Line]) -> str:
    return "\n".join(line.text for line in lines)


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[len(ordered) // 2]
