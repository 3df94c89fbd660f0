"""A report as a Word document (python-docx): Title and Heading styles, tables with a repeated header row,
images with their alt text in the drawing's description, "Sida X av Y" in the footer, Swedish proofing."""

from __future__ import annotations

import io
from typing import Any

from livsmiljo.engine.report.assets import label
from livsmiljo.engine.report.model import (
    Block,
    BulletList,
    Figure,
    Heading,
    Paragraph,
    Quote,
    Report,
    Source,
    Table,
)

IMAGE_WIDTH_CM = 15.5


def render_docx(report: Report) -> bytes:
    from docx import Document

    doc = Document()
    _language(doc, _lang_tag(report.language))
    props = doc.core_properties
    props.title, props.author, props.language = report.title, report.author, _lang_tag(report.language)
    doc.add_paragraph(report.title, style="Title")
    if report.subtitle:
        doc.add_paragraph(report.subtitle, style="Subtitle")
    meta = " · ".join(x for x in (report.author, report.date_text) if x)
    if meta:
        doc.add_paragraph(meta)
    for block in report.blocks:
        _block(doc, report, block)
    if report.made_by:
        doc.add_paragraph().add_run(report.made_by).italic = True
    _page_numbers(doc, report)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _lang_tag(language: str) -> str:
    return {"sv": "sv-SE", "en": "en-GB"}.get(language or "sv", language)


def _block(doc: Any, report: Report, block: Block) -> None:
    if isinstance(block, Heading):
        doc.add_heading(block.text, level=min(max(block.level, 1), 9))
    elif isinstance(block, Paragraph):
        _paragraph(doc.add_paragraph(), block)
    elif isinstance(block, BulletList):
        style = "List Number" if block.ordered else "List Bullet"
        for item in block.items:
            _paragraph(doc.add_paragraph(style=style), item)
    elif isinstance(block, Quote):
        _quote(doc, block)
    elif isinstance(block, Table):
        _table(doc, block)
    else:
        _figure(doc, report, block)


def _paragraph(para: Any, block: Paragraph) -> None:
    if block.href:
        _hyperlink(para, block.text, block.href)
    else:
        run = para.add_run(block.text)
        run.italic = block.muted
    _sources(para, block.sources)


def _sources(para: Any, sources: tuple[Source, ...]) -> None:
    if not sources:
        return
    para.add_run(" (")
    for i, source in enumerate(sources):
        if i:
            para.add_run(", ")
        if source.href:
            _hyperlink(para, source.label, source.href)
        else:
            para.add_run(source.label)
    para.add_run(")")


def _quote(doc: Any, quote: Quote) -> None:
    doc.add_paragraph(quote.text, style="Quote")
    tail = [quote.attribution] if quote.attribution else []
    if tail or quote.source:
        para = doc.add_paragraph("– " + ", ".join(tail))
        if quote.source:
            if tail:
                para.add_run(", ")
            _sources(para, (quote.source,))


def _table(doc: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    if table.caption:
        doc.add_paragraph(table.caption, style="Caption")
    width = max([len(table.header)] + [len(r) for r in table.rows] + [1])
    grid = doc.add_table(rows=0, cols=width)
    grid.style = "Table Grid"
    rows = ([table.header] if table.header else []) + list(table.rows)
    for r, values in enumerate(rows):
        cells = grid.add_row().cells
        for i, value in enumerate(values):
            para = cells[i].paragraphs[0]
            run = para.add_run(value)
            run.bold = bool(table.header) and r == 0
            if i in table.numeric:
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if table.header:
        _repeat_header(grid.rows[0])
    doc.add_paragraph()


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


def _figure(doc: Any, report: Report, figure: Figure) -> None:
    from docx.shared import Cm

    if figure.mime in ("image/png", "image/jpeg", "image/gif"):
        shape = doc.add_picture(io.BytesIO(figure.image), width=Cm(IMAGE_WIDTH_CM))
        shape._inline.docPr.set("descr", figure.alt)
        shape._inline.docPr.set("title", figure.caption or figure.alt[:100])
    else:  # Word cannot take SVG through python-docx: the words stand in for the picture
        doc.add_paragraph(figure.alt)
    if figure.caption:
        doc.add_paragraph(figure.caption, style="Caption")
    if figure.table is not None:
        t = figure.table
        _table(doc, Table(t.caption or label(report, "figure_numbers"), t.header, t.rows, t.numeric))


def _hyperlink(para: Any, text: str, href: str) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rel = para.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "0B5CAD")
    props.append(colour)
    run.append(props)
    text_el = OxmlElement("w:t")
    text_el.text = text
    text_el.set(qn("xml:space"), "preserve")
    run.append(text_el)
    link.append(run)
    para._p.append(link)


def _page_numbers(doc: Any, report: Report) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    para = doc.sections[0].footer.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.add_run(f"{label(report, 'page')} ")
    _field(para, "PAGE")
    para.add_run(f" {label(report, 'of')} ")
    _field(para, "NUMPAGES")


def _field(para: Any, code: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" {code} ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    para._p.append(field)


def _language(doc: Any, tag: str) -> None:
    """Proofing language on the document defaults and every paragraph and character style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def set_lang(rpr: Any) -> None:
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), tag)
        lang.set(qn("w:eastAsia"), tag)

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr_default = defaults.find(qn("w:rPrDefault"))
        if rpr_default is not None:
            set_lang(
                rpr_default.get_or_add_rPr() if hasattr(rpr_default, "get_or_add_rPr") else _rpr(rpr_default)
            )
    for style in doc.styles:
        element = getattr(style, "element", None)
        if element is not None and hasattr(element, "get_or_add_rPr"):
            set_lang(element.get_or_add_rPr())


def _rpr(parent: Any) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    found = parent.find(qn("w:rPr"))
    if found is None:
        found = OxmlElement("w:rPr")
        parent.append(found)
    return found
