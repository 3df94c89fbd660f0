"""Reading a file's text for the library: extraction, then OCR of the PDF pages that have no text layer.

Ingestion and re-extraction both call `document_text_read`, then `text_chunks` and `page_rows`, so a
scanned page is read, flagged and stored the same way whichever path reads it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils.translation import gettext_noop

from livsmiljo.documents.models import Document, Page, Passage
from livsmiljo.engine.chunking import Chunk, chunk
from livsmiljo.engine.extract import Extracted, ExtractionError, PageText, extract
from livsmiljo.engine.ocr import OcrPage, ocr_pdf_pages

OcrProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class DocumentText:
    """Every page's text (scanned pages with what OCR read) and, by page number, the OCR'd pages."""

    extracted: Extracted
    ocr: dict[int, OcrPage] = field(default_factory=dict)

    @property
    def indexable_pages(self) -> list[PageText]:
        """The pages passages are made from: all but those whose OCR text read as noise."""
        return [p for p in self.extracted.pages if not (p.number in self.ocr and self.ocr[p.number].flagged)]

    @property
    def flagged_pages(self) -> list[int]:
        return [number for number, page in sorted(self.ocr.items()) if page.flagged]


def document_text_read(
    *, data: bytes, file_name: str, max_bytes: int | None = None, on_progress: OcrProgress | None = None
) -> DocumentText:
    """Extract the file's text; PDF pages without a text layer are read with Tesseract (Swedish).

    `on_progress(done, total)` counts OCR'd pages. A file whose every page has a text layer never touches
    Tesseract; a scanned one on a machine without it raises `ExtractionError` saying what to install."""
    extracted = extract(data, file_name, max_bytes=max_bytes)
    numbers = [page.number for page in extracted.pages if page.needs_ocr]
    if not numbers:
        return DocumentText(extracted)
    read = ocr_pdf_pages(
        data, numbers, tesseract_cmd=settings.LIVSMILJO_TESSERACT_CMD, on_progress=on_progress
    )
    ocr = {page.number: page for page in read}
    pages = [
        replace(page, text=ocr[page.number].text, headings=ocr[page.number].headings)
        if page.number in ocr
        else page
        for page in extracted.pages
    ]
    return DocumentText(replace(extracted, pages=pages), ocr)


def text_chunks(text: DocumentText) -> list[Chunk]:
    """Passages from the indexable pages; a file that yields none fails with a message saying why."""
    chunks = chunk(text.indexable_pages)
    if chunks:
        return chunks
    if text.flagged_pages:
        raise ExtractionError(
            "ocr_unreadable",
            # Translated by the caller, like every `ExtractionError` template.
            gettext_noop(
                "De inskannade sidorna gick inte att läsa: textigenkänningen (OCR) gav bara brus. "
                "Skanna om dokumentet i minst 300 dpi, rakt och med god kontrast, och ladda upp det igen."
            ),
        )
    raise ExtractionError(
        "empty", gettext_noop("Filen innehåller ingen text. Kontrollera att du valde rätt fil.")
    )


def page_rows(*, document: Document, text: DocumentText) -> list[Page]:
    """Unsaved `Page` rows for every page, saying which text came from OCR and how sure it was."""
    rows = []
    for page in text.extracted.pages:
        read = text.ocr.get(page.number)
        row = Page(document=document, number=page.number, text=page.text)
        if read is not None:
            row.source = Page.Source.OCR
            row.ocr_confidence = read.confidence
            row.ocr_flagged, row.ocr_flag_reason = read.flagged, read.reason
        rows.append(row)
    return rows


def passage_rows(
    *, document: Document, chunks: list[Chunk], vectors: list[bytes | None] | None = None
) -> list[Passage]:
    """Unsaved `Passage` rows in reading order, with their vectors where they are already known."""
    known = vectors if vectors is not None else [None] * len(chunks)
    return [
        Passage(
            document=document,
            page=c.page,
            ordinal=n,
            heading=c.heading,
            text=c.text,
            word_count=c.word_count,
            embedding=vector,
        )
        for n, (c, vector) in enumerate(zip(chunks, known, strict=True))
    ]
