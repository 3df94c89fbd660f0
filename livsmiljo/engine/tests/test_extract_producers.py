"""The producer matrix: the same known Swedish text laid out by the programs regions use (made here, in the
test, by Chromium, LibreOffice, Ghostscript and matplotlib), read back word for word, page by page and in
reading order."""

from functools import cache

import pytest

from livsmiljo.documents.tests import producers
from livsmiljo.documents.tests.producers import PARAGRAPHS, TABLE, Source, word_accuracy, words
from livsmiljo.engine.chunking import chunk, join_lines
from livsmiljo.engine.extract import Extracted, extract


@cache
def _made(name: str) -> tuple[Source, Extracted]:
    suffix, produce, two_columns = producers.PRODUCERS[name]
    source = producers.brochure() if two_columns else producers.strategy()
    return source, extract(produce(source), f"strategi{suffix}")


def _page_words(page_text: str) -> list[str]:
    return words(" ".join(join_lines(paragraph) for paragraph in page_text.split("\n\n")))


@pytest.mark.parametrize("name", sorted(producers.PRODUCERS))
def test_every_producer_is_read_word_for_word_on_the_right_page(name):
    source, extracted = _made(name)
    assert len(extracted.pages) == len(source.pages)
    for number, page in enumerate(extracted.pages, 1):
        accuracy = word_accuracy(source.page_words(number), _page_words(page.text))
        assert accuracy >= 0.98, (name, number, accuracy, page.text)


@pytest.mark.parametrize("name", ["chromium", "ghostscript", "libreoffice-pdf", "matplotlib"])
def test_ligatures_come_out_as_letters(name):
    _source, extracted = _made(name)
    found = set(_page_words(" ".join(page.text for page in extracted.pages)))
    assert {"effektiva", "flexibla", "officiella", "finnas", "effekt"} <= found


def test_a_two_column_brochure_is_read_column_by_column():
    _source, extracted = _made("chromium-2col")
    text = " ".join(_page_words(extracted.pages[0].text))
    starts = [text.index(" ".join(words(paragraph)[:6])) for paragraph in PARAGRAPHS[0:4]]
    assert starts == sorted(starts)
    # each paragraph is whole: its words are not interleaved with the other column's
    for paragraph in PARAGRAPHS[0:4]:
        assert " ".join(words(paragraph)) in text


def test_words_hyphenated_at_a_line_end_are_joined_again():
    _source, extracted = _made("chromium-2col")
    passages = " ".join(c.text for c in chunk(extracted.pages))
    assert "arbetstillfällen" in passages and "genomförandet" in passages
    assert "arbets-" not in passages and "genomf-" not in passages


@pytest.mark.parametrize("name", ["chromium", "libreoffice-pdf"])
def test_a_table_is_kept_row_by_row(name):
    _source, extracted = _made(name)
    rows = extracted.pages[2].text.split("\n\n")
    for row in TABLE:
        assert " | ".join(row) in rows, rows


def test_browser_headers_footers_and_page_numbers_are_left_out():
    _source, extracted = _made("chromium")
    text = "\n".join(page.text for page in extracted.pages)
    assert "file://" not in text and "sida.html" not in text
    assert not any(line.strip() in {"1/3", "2/3", "3/3"} for line in text.splitlines())
    assert extracted.pages[1].text.startswith("2 Hälsa och klimat")


def test_running_heads_and_page_numbers_repeated_on_every_page_are_left_out():
    source = producers.strategy()
    plain = extract(producers.libreoffice_pdf(source), "a.pdf")
    with_head = extract(producers.libreoffice(_docx_with_running_head(source), ".docx", "pdf"), "b.pdf")
    assert [page.text for page in with_head.pages] == [page.text for page in plain.pages]


def _docx_with_running_head(source: Source) -> bytes:
    import io

    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(producers.writer_docx(source)))
    section = document.sections[0]
    section.header.paragraphs[0].text = "Region Norrskog – remissversion"
    footer = section.footer.paragraphs[0]
    footer.text = "Sida "
    run = footer.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        element = OxmlElement("w:fldChar" if kind else "w:instrText")
        if kind:
            element.set(qn("w:fldCharType"), kind)
        else:
            element.text = text
        run._r.append(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["chromium", "libreoffice-pdf", "libreoffice-docx"])
def test_headings_are_still_found(name):
    _source, extracted = _made(name)
    assert "1 Attraktiva livsmiljöer" in [" ".join(h.split()) for h in extracted.pages[0].headings]
    assert "3 Kultur och samverkan" in [" ".join(h.split()) for h in extracted.pages[2].headings]


def test_a_leftover_metadata_title_is_ignored():
    source = producers.strategy()
    blank = Source(source.title, source.pages, meta_title="about:blank")
    extracted = extract(producers.chromium_pdf(blank), "utskrift.pdf")
    assert extracted.title == ""
    assert " ".join(extracted.pages[0].headings[0].split()) == source.title


def test_a_page_turned_to_landscape_is_read_the_same():
    import io

    import pypdfium2 as pdfium

    source, upright = _made("libreoffice-pdf")
    pdf = pdfium.PdfDocument(producers.libreoffice_pdf(source))
    for index in range(len(pdf)):
        pdf[index].set_rotation(90)
    turned = io.BytesIO()
    pdf.save(turned)
    pdf.close()
    turned_pages = extract(turned.getvalue(), "liggande.pdf").pages
    assert [p.text for p in turned_pages] == [p.text for p in upright.pages]
