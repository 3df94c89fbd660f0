"""A real meeting's documentation downloaded in every format, read back the way a reader's program would:
the PDF's text extracted, the DOCX opened, the Markdown and HTML parsed (issue 12, item 8)."""

import io
import zipfile

import docx
import pypdfium2
import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.reports.tests.test_meeting import meeting  # noqa: F401  (the fixture: a seed meeting that ran)

pytestmark = pytest.mark.django_db

QUOTE = "Kollektivtrafik på landsbygden"


def download(owner, meeting, fmt: str) -> bytes:  # noqa: F811
    client = Client()
    client.force_login(owner)
    response = client.get(reverse("reports:meeting_download", args=[meeting.pk, fmt]))
    assert response.status_code == 200, fmt
    return response.content


def test_the_pdf_holds_the_headings_a_poll_count_and_a_quote_on_numbered_pages(meeting, owner):  # noqa: F811
    pdf = pypdfium2.PdfDocument(download(owner, meeting, "pdf"))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    for words in ("Dokumentation: Workshop 1", "Närvaro", "Programmet som det genomfördes", "2 svar", QUOTE):
        assert words in " ".join(text.split()), words
    assert f"Sida 1 av {len(pdf)}" in text


def test_the_docx_has_real_headings_the_attendance_table_and_the_quote(meeting, owner):  # noqa: F811
    document = docx.Document(io.BytesIO(download(owner, meeting, "docx")))
    headings = [
        p.text for p in document.paragraphs if p.style is not None and p.style.name.startswith("Heading")
    ]
    assert "Närvaro" in headings and "Hemuppgifter" in headings
    paragraphs = " ".join(p.text for p in document.paragraphs)
    assert QUOTE in paragraphs
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Region Östergötland" in cells


def test_the_markdown_and_html_carry_the_same_content(meeting, owner):  # noqa: F811
    markdown = download(owner, meeting, "md").decode()
    assert "\n## Närvaro" in markdown and QUOTE in markdown and "| Region Östergötland |" in markdown
    html = download(owner, meeting, "html").decode()
    assert '<html lang="sv"' in html and "<h2" in html and QUOTE in html
    assert 'alt="' in html and 'alt=""' not in html


def test_the_tables_come_as_csv_files_and_a_workbook(meeting, owner):  # noqa: F811
    with zipfile.ZipFile(io.BytesIO(download(owner, meeting, "csv"))) as archive:
        names = archive.namelist()
        attendance = next(n for n in names if "narvaro" in n)
        assert "Region Östergötland" in archive.read(attendance).decode("utf-8-sig")
    assert download(owner, meeting, "xlsx").startswith(b"PK")
