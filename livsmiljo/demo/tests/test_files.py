"""The demo files are real PDF and DOCX files that ingestion reads page by page, with their titles."""

from livsmiljo.demo.files import document_bytes
from livsmiljo.demo.pdf import Line, text_width, wrap, write_pdf
from livsmiljo.demo.texts import DOCUMENTS, KUSTLAND_RUS, NORRSKOG_RUS
from livsmiljo.engine.extract import extract


def test_wrapped_lines_fit_the_text_width():
    text = "Den gröna omställningen i norr skapar tusentals nya jobb inom vindkraft och skogsindustri. " * 6
    lines = wrap(text, 10.5, width=300)
    assert len(lines) > 3
    assert all(text_width(line, 10.5) <= 300 for line in lines)
    assert " ".join(lines) == text.strip()


def test_a_written_pdf_keeps_swedish_letters_and_its_pages():
    data = write_pdf(
        [[Line("Åtgärder för älvdalen", 14, bold=True)], [Line("Sida två – övrigt", 10.5)]], title="Å"
    )
    extracted = extract(data, "test.pdf")
    assert [page.number for page in extracted.pages] == [1, 2]
    assert "Åtgärder för älvdalen" in extracted.pages[0].text
    assert "Sida två – övrigt" in extracted.pages[1].text
    assert extracted.title == "Å"


def test_the_pdf_demo_document_has_one_page_per_text_page_and_its_title():
    extracted = extract(document_bytes(NORRSKOG_RUS), NORRSKOG_RUS.file_name)
    assert extracted.format == "pdf"
    assert len(extracted.pages) == len(NORRSKOG_RUS.pages)
    assert extracted.title == NORRSKOG_RUS.title
    assert "renskötseln" in extracted.pages[4].text


def test_the_docx_demo_document_breaks_pages_where_the_text_does():
    extracted = extract(document_bytes(KUSTLAND_RUS), KUSTLAND_RUS.file_name)
    assert extracted.format == "docx"
    assert len(extracted.pages) == len(KUSTLAND_RUS.pages)
    assert "Havsnivån" in extracted.pages[3].text


def test_there_are_three_demo_strategies_of_four_to_six_pages():
    assert len(DOCUMENTS) == 3
    assert all(4 <= len(document.pages) <= 6 for document in DOCUMENTS)
    assert {document.file_name.rsplit(".", 1)[1] for document in DOCUMENTS} == {"pdf", "docx"}
