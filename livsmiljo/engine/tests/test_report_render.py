"""Every format from one small report: the words, numbers, quote, figure and sources come through."""

import csv
import ctypes
import io
import re

import pytest

from livsmiljo.engine.report import BulletList, Figure, Heading, Paragraph, Quote, Report, Source, Table
from livsmiljo.engine.report.assets import figure_files
from livsmiljo.engine.report.charts import bar_chart_png
from livsmiljo.engine.report.render_docx import render_docx
from livsmiljo.engine.report.render_html import render_html
from livsmiljo.engine.report.render_markdown import render_markdown
from livsmiljo.engine.report.render_pdf import render_pdf
from livsmiljo.engine.report.tables import tables_csv, tables_xlsx

ALT = "Stapeldiagram: Ja fick 37 röster, Nej 5."


@pytest.fixture(scope="module")
def report() -> Report:
    votes = Table(
        "Röster på fråga 1",
        ("Svar", "Antal röster"),
        (("Ja", "37"), ("Nej", "5"), ('=HYPERLINK("http://x")', "-2")),
        numeric=(1,),
        name="fraga-1",
    )
    attendance = Table("Närvaro", ("Organisation", "Personer"), (("Region Norrskog", "12"),), (1,), "narvaro")
    return Report(
        title="Dokumentation: Möte i Stockholm",
        subtitle="Lärprojekt Hållbara livsmiljöer",
        date_text="2 december 2026",
        author="Reglab",
        made_by="Sammanfattningen är utvald ur mötets eget material.",
        labels={"page": "Sida", "of": "av"},
    ).add(
        Heading(1, "Dagordningen som den blev"),
        Paragraph("Vi började fem minuter sent.", sources=(Source("note", 12, "lapp 12", "/lappar/12"),)),
        BulletList((Paragraph("Fika"), Paragraph("Strategin", href="https://example.org/strategi"))),
        Heading(2, "Röster"),
        Figure(bar_chart_png(["Ja", "Nej"], [37, 5], unit=""), "image/png", ALT, "Fråga 1", votes, "fraga-1"),
        Quote("Cykelvägarna måste hänga ihop.", "Grupp 2", Source("note", 4, "lapp 4", "/lappar/4")),
        attendance,
    )


def test_the_pdf_holds_the_headings_a_number_the_quote_and_page_numbers(report):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(render_pdf(report))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Dagordningen som den blev" in text and "Röster" in text
    assert "37" in text
    assert "Cykelvägarna måste hänga ihop." in text
    assert f"Sida 1 av {len(pdf)}" in text
    assert pdf.get_metadata_dict()["Title"] == report.title
    assert pdf.get_metadata_dict()["Author"] == "Reglab"


def test_the_pdf_is_tagged_for_screen_readers_with_real_headings_and_its_language(report):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(render_pdf(report))
    assert raw.FPDFCatalog_IsTagged(pdf.raw)
    tags = {t for i in range(len(pdf)) for t in _structure_types(raw, pdf[i])}
    assert {"H1", "H2", "H3", "Table", "Figure"} <= tags
    language = (ctypes.c_ushort * 32)()
    size = raw.FPDFCatalog_GetLanguage(pdf.raw, language, ctypes.sizeof(language))
    assert "".join(map(chr, language[: size // 2 - 1])) == "sv"


def _structure_types(raw, page) -> list[str]:
    def kind(element) -> str:
        buffer = ctypes.create_string_buffer(200)
        size = raw.FPDF_StructElement_GetType(element, buffer, 200)
        return buffer.raw[:size].decode("utf-16-le").rstrip("\x00")

    def walk(element) -> list[str]:
        children = [
            raw.FPDF_StructElement_GetChildAtIndex(element, i)
            for i in range(raw.FPDF_StructElement_CountChildren(element))
        ]
        return [kind(element)] + [t for c in children if c for t in walk(c)]

    tree = raw.FPDF_StructTree_GetForPage(page.raw)
    found = [
        t
        for i in range(raw.FPDF_StructTree_CountChildren(tree))
        for t in walk(raw.FPDF_StructTree_GetChildAtIndex(tree, i))
    ]
    raw.FPDF_StructTree_Close(tree)
    return found


def test_the_docx_has_heading_styles_the_table_and_an_image_with_alt_text(report):
    import docx

    document = docx.Document(io.BytesIO(render_docx(report)))
    styles = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    assert ("Title", report.title) in styles
    assert ("Heading 1", "Dagordningen som den blev") in styles
    assert ("Heading 2", "Röster") in styles
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Svar", "Antal röster"] in cells and ["Ja", "37"] in cells
    descriptions = [s._inline.docPr.get("descr") for s in document.inline_shapes]
    assert descriptions == [ALT]
    footer = document.sections[0].footer._element.xml
    assert "Sida" in footer and "NUMPAGES" in footer and "PAGE" in footer
    assert 'w:val="sv-SE"' in document.styles.element.xml


def test_the_markdown_has_headings_a_gfm_table_and_links_to_the_sources(report):
    text = render_markdown(report, asset_dir="bilder")
    assert text.startswith("# Dokumentation: Möte i Stockholm\n")
    assert "\n## Dagordningen som den blev\n" in text and "\n### Röster\n" in text
    assert "| Svar | Antal röster |\n| --- | ---: |\n| Ja | 37 |" in text
    assert "([lapp 12](/lappar/12))" in text
    assert "[Strategin](https://example.org/strategi)" in text
    assert f"![{ALT}](bilder/{next(iter(figure_files(report)))})" in text
    assert "> Cykelvägarna måste hänga ihop." in text


def test_the_standalone_html_is_a_whole_document_with_real_headings_and_alt_texts(report):
    html = render_html(report)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="sv">' in html
    assert f"<title>{report.title}</title>" in html and "<style>" in html
    assert "<h1>Dokumentation: Möte i Stockholm</h1>" in html and "<h2>Dagordningen som den blev</h2>" in html
    assert f'alt="{ALT}"' in html and 'src="data:image/png;base64,' in html
    assert '<th scope="col"' in html and '<a href="/lappar/12">lapp 12</a>' in html


def test_the_html_fragment_has_no_inline_style_script_or_data_image(report):
    html = render_html(report, standalone=False, image_url=lambda figure: f"/bild/{figure.name}/")
    assert "<h1>" in html and "<html" not in html
    assert not re.search(r"<style|<script|\sstyle=|\son[a-z]+=", html)
    assert "data:" not in html and 'src="/bild/fraga-1/"' in html


def test_an_html_file_for_the_static_site_links_its_images_relatively(report):
    html = render_html(report, asset_dir="bilder")
    ((name, image),) = figure_files(report).items()
    assert f'src="bilder/{name}"' in html and image.startswith(b"\x89PNG")


def test_each_table_becomes_a_csv_with_formula_cells_neutralised(report):
    tables = tables_csv(report)
    assert set(tables) == {"fraga-1", "narvaro"}
    rows = list(csv.reader(io.StringIO(tables["fraga-1"])))
    assert rows[0] == ["Svar", "Antal röster"] and rows[1] == ["Ja", "37"]
    assert rows[3] == ['\'=HYPERLINK("http://x")', "-2"]


def test_the_workbook_has_a_sheet_per_table_with_numbers_and_text_formulas(report):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(tables_xlsx(report)))
    assert book.sheetnames == ["fraga-1", "narvaro"]
    sheet = book["fraga-1"]
    assert sheet["B2"].value == 37 and sheet["B4"].value == -2
    formula = sheet["A4"]
    assert formula.value == '=HYPERLINK("http://x")' and formula.data_type == "s" and formula.quotePrefix
