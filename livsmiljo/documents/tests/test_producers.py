"""Files from real programs through the whole ingestion: titles, and phrases found on their page."""

import pytest

from livsmiljo.documents.models import Document
from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests import producers
from livsmiljo.documents.tests.factories import page_lines, paragraph, pdf_bytes
from livsmiljo.documents.tests.producers import Source, words
from livsmiljo.search.services import search_passages


def _ingest(name: str, data: bytes, region, owner) -> Document:
    run = ingestion_run_create(files=[(name, data)], organisation=region, user=owner, kind="rus")
    (result,) = ingestion_run_process(run_id=run.pk)
    assert result.status == "done" and result.document_id is not None, result.error
    return Document.objects.get(pk=result.document_id)


@pytest.mark.parametrize("name", ["chromium", "chromium-2col", "ghostscript"])
def test_a_ten_word_phrase_comes_back_word_for_word_on_its_page(name, region, owner):
    suffix, produce, two_columns = producers.PRODUCERS[name]
    source = producers.brochure() if two_columns else producers.strategy()
    _ingest(f"strategi{suffix}", produce(source), region, owner)
    for number, page in enumerate(source.pages, 1):
        tokens = page.paragraphs[-1].split()
        phrase = " ".join(tokens[len(tokens) // 2 - 5 : len(tokens) // 2 + 5])
        top = search_passages(query=phrase, user=owner, limit=1)[0]
        assert top.page == number
        assert " ".join(words(phrase)) in " ".join(words(top.text))


def test_a_browser_pdf_titled_about_blank_takes_the_heading_of_its_first_page(region, owner):
    source = producers.strategy()
    blank = Source(source.title, source.pages, meta_title="about:blank")
    document = _ingest("utskrift.pdf", producers.chromium_pdf(blank), region, owner)
    assert document.title == "Regional utvecklingsstrategi för Norrskog 2030"
    assert not document.passages.filter(text__contains="about:blank").exists()


def test_a_word_export_titled_by_its_file_name_takes_its_first_heading(region, owner):
    source = producers.strategy()
    named = Source(source.title, source.pages, meta_title="Microsoft Word - rus_2030.docx")
    document = _ingest("rus_2030.pdf", producers.libreoffice_pdf(named), region, owner)
    assert document.title == "Regional utvecklingsstrategi för Norrskog 2030"


def test_a_pdf_without_title_or_headings_is_named_after_its_file(region, owner):
    data = pdf_bytes([page_lines("", paragraph(80))], title="untitled")
    assert _ingest("plan_for_kusten_2019.pdf", data, region, owner).title == "plan for kusten 2019"
