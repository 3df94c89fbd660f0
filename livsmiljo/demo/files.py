"""Build the demo documents as real files: PDF with the small writer, DOCX with python-docx. No Django."""

from __future__ import annotations

import io

from docx import Document as DocxDocument

from livsmiljo.demo.pdf import MARGIN, PAGE_HEIGHT, Line, wrap, write_pdf
from livsmiljo.demo.texts import DemoDocument, Section

BODY, HEADING, TITLE = 10.5, 14.0, 18.0


def document_bytes(document: DemoDocument) -> bytes:
    """The file for a demo document, in the format its file name says."""
    if document.file_name.endswith(".docx"):
        return docx_bytes(document)
    return pdf_bytes(document)


def _section_lines(section: Section) -> list[Line]:
    lines = [Line(section.heading, HEADING, bold=True, space_before=10)]
    for paragraph in section.paragraphs:
        for index, text in enumerate(wrap(paragraph, BODY)):
            lines.append(Line(text, BODY, space_before=6 if index == 0 else 0))
    return lines


def _fits(lines: list[Line]) -> bool:
    used = sum(line.space_before + line.size * 1.35 for line in lines)
    return used <= PAGE_HEIGHT - 2.5 * MARGIN


def pdf_bytes(document: DemoDocument) -> bytes:
    """One PDF page per text page (a text page that runs over the paper spills onto the next)."""
    pages: list[list[Line]] = []
    for number, sections in enumerate(document.pages):
        page: list[Line] = [Line(document.title, TITLE, bold=True)] if number == 0 else []
        for section in sections:
            for line in _section_lines(section):
                if not _fits([*page, line]):
                    pages.append(page)
                    page = []
                page.append(line)
        pages.append(page)
    return write_pdf(pages, title=document.title, footer=document.organisation.name)


def docx_bytes(document: DemoDocument) -> bytes:
    """Headings as Word headings and a page break between text pages, so citations match what Word shows."""
    docx = DocxDocument()
    docx.core_properties.title = document.title
    docx.core_properties.author = document.organisation.name
    docx.add_heading(document.title, level=0)
    for number, sections in enumerate(document.pages):
        if number:
            docx.add_page_break()
        for section in sections:
            docx.add_heading(section.heading, level=1)
            for paragraph in section.paragraphs:
                docx.add_paragraph(paragraph)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
