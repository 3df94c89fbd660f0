import pytest

from livsmiljo.documents.tests.factories import (
    broken_pdf_bytes,
    corrupt_docx_bytes,
    docx_bytes,
    page_lines,
    paragraph,
    pdf_bytes,
    scanned_pdf_bytes,
    zip_bomb_docx_bytes,
)
from livsmiljo.engine.extract import ExtractionError, extract


def _error(data: bytes, name: str, **kwargs: int) -> ExtractionError:
    with pytest.raises(ExtractionError) as caught:
        extract(data, name, **kwargs)
    return caught.value


def test_it_reads_a_pdf_page_by_page_with_headings_and_metadata_title():
    data = pdf_bytes(
        [
            page_lines("1 Inledning", "Första sidans text om kollektivtrafik."),
            page_lines("2 Mål", "Bostäder åt alla."),
        ],
        title="Strategi för Exempelregionen",
    )
    result = extract(data, "strategi.pdf")
    assert result.format == "pdf"
    assert result.title == "Strategi för Exempelregionen"
    assert [page.number for page in result.pages] == [1, 2]
    assert "kollektivtrafik" in result.pages[0].text
    assert "Bostäder åt alla." in result.pages[1].text
    assert result.pages[1].headings == ("2 Mål",)


def test_it_keeps_paragraphs_of_a_pdf_apart():
    data = pdf_bytes([page_lines("", paragraph(40), paragraph(40))])
    assert extract(data, "a.pdf").pages[0].text.count("\n\n") == 1


def test_a_pdf_page_without_a_text_layer_is_left_for_ocr():
    pages = extract(scanned_pdf_bytes(), "skannad.pdf").pages
    assert [(page.text, page.needs_ocr) for page in pages] == [("", True), ("", True)]


def test_it_reads_a_path_as_well_as_bytes(tmp_path):
    path = tmp_path / "anteckning.txt"
    path.write_text("Anteckningar från mötet om vindkraft och rennäring.", encoding="utf-8")
    assert "rennäring" in extract(path, path.name).pages[0].text


def test_it_cuts_a_docx_at_its_page_breaks_and_marks_headings():
    data = docx_bytes(
        [("h1", "Inledning"), ("p", paragraph(80)), ("h1", "Bilaga"), ("p", "Sista sidan.")],
        title="RUS 2030",
        page_breaks_before=frozenset({2}),
    )
    result = extract(data, "rus.docx")
    assert result.title == "RUS 2030"
    assert [page.headings for page in result.pages] == [("Inledning",), ("Bilaga",)]
    assert result.pages[1].text.endswith("Sista sidan.")
    assert not result.pages[0].guess_headings


def test_a_docx_without_page_breaks_gets_pages_of_a_few_hundred_words():
    data = docx_bytes([("p", paragraph(200)) for _ in range(6)])
    pages = extract(data, "lang.docx").pages
    assert len(pages) >= 2
    assert all(len(page.text.split()) <= 600 for page in pages)


def test_it_reads_html_without_navigation_and_scripts():
    html = (
        "<html><head><title>Kulturplan</title><script>var x = 1;</script></head><body>"
        "<nav>Meny Start Kontakt</nav><main><h1>Kultur i hela länet</h1>"
        "<p>Biblioteken är <b>mötesplatser</b> för alla.</p></main><footer>Sidfot</footer></body></html>"
    )
    result = extract(html.encode(), "kultur.html")
    text = result.pages[0].text
    assert result.title == "Kulturplan"
    assert "Biblioteken är mötesplatser för alla." in text
    assert "Meny" not in text and "var x" not in text and "Sidfot" not in text
    assert result.pages[0].headings == ("Kultur i hela länet",)


def test_it_reads_markdown_headings_without_markup():
    data = "# Klimatplan\n\nVi ska minska **utsläppen** från [transporter](https://example.org).\n".encode()
    result = extract(data, "klimat.md")
    assert result.title == "Klimatplan"
    assert result.pages[0].headings == ("Klimatplan",)
    assert "Vi ska minska utsläppen från transporter." in result.pages[0].text


def test_it_reads_plain_text_in_windows_encoding():
    result = extract("Hållbara livsmiljöer för äldre.".encode("cp1252"), "gammal.txt")
    assert result.pages[0].text == "Hållbara livsmiljöer för äldre."


@pytest.mark.parametrize(
    ("data", "name", "code", "words"),
    [
        (pdf_bytes([page_lines("R", "Hemlig text.")], encrypt=True), "hemlig.pdf", "encrypted", "lösenord"),
        (broken_pdf_bytes(), "trasig.pdf", "broken_pdf", "trasig"),
        (b"", "tom.txt", "empty", "tom"),
        ("Det här är bara text.".encode(), "falsk.pdf", "mismatch", "innehåller text"),
        (pdf_bytes([page_lines("R", "Text.")]), "falsk.docx", "mismatch", "innehåller en PDF"),
        (corrupt_docx_bytes(), "skadad.docx", "corrupt_docx", "skadad"),
        (zip_bomb_docx_bytes(), "bomb.docx", "zip_bomb", "säkerhetsskäl"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "gammal.doc", "unsupported", ".docx"),
        (b"a,b\n1,2\n", "tabell.csv", "unsupported", "stöds inte"),
    ],
)
def test_it_explains_bad_input_in_swedish(data, name, code, words):
    error = _error(data, name)
    assert error.code == code
    assert words in error.message


def test_it_refuses_a_file_over_the_size_limit_before_reading_it():
    error = _error(b"x" * 2_100_000, "stor.txt", max_bytes=1024 * 1024)
    assert error.code == "too_large"
    assert "gränsen är 1 MB" in error.message


# --- bad files get a specific message; sizes are bounded before parsing (issue 9) ---------------------


def _docx_document_xml(transform) -> bytes:  # type: ignore[no-untyped-def]
    from livsmiljo.documents.tests.factories import docx_member, docx_rewritten

    data = docx_bytes([("h1", "Plan"), ("p", paragraph(40))])
    return docx_rewritten(data, {"word/document.xml": transform(docx_member(data))})


def test_a_pdf_with_a_page_that_cannot_be_loaded_names_the_page():
    from livsmiljo.documents.tests.factories import pdf_with_broken_page

    error = _error(pdf_with_broken_page(2), "rapport.pdf")
    assert error.code == "broken_pdf_page"
    assert "sidan 2" in error.message and "exportera" in error.message


def test_a_docx_without_a_body_or_with_the_wrong_root_is_explained():
    import re

    no_body = _docx_document_xml(lambda xml: re.sub(rb"<w:body>.*</w:body>", b"", xml, flags=re.S))
    wrong_root = _docx_document_xml(lambda xml: xml.replace(b"w:document", b"w:settings"))
    for data in (no_body, wrong_root):
        error = _error(data, "plan.docx")
        assert error.code == "docx_structure"
        assert "Word" in error.message and "spara" in error.message


def test_html_nested_deeper_than_the_limit_is_refused_with_a_message():
    from livsmiljo.documents.tests.factories import deep_html
    from livsmiljo.engine.extract import MAX_HTML_DEPTH

    assert extract(deep_html(MAX_HTML_DEPTH - 10), "ok.html").pages[0].text.startswith("Regionen")
    for depth, tag in ((1_000, "div"), (100_000, "b"), (5_000, "span")):
        error = _error(deep_html(depth, tag), "djup.html")
        assert error.code == "too_deep"
        assert str(MAX_HTML_DEPTH) in error.message


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x8f\x12A", "a.txt"),
        (b"Ab", "a.txt"),
        (b"\xff\xfe\x00\xd8", "a.txt"),
        (bytes(range(1, 17)), "a.txt"),
        (b"<p>\x93\xe1\x07k", "a.html"),
        (b"# \xc3(\xa0\xa1", "a.md"),
        (b"[" * 5000 + b"hej", "a.md"),
        (bytes(range(32, 256)) * 20, "slump.txt"),
    ],
)
def test_text_that_is_not_text_is_refused(data, name):
    error = _error(data, name)
    assert error.code in ("not_text", "empty")
    assert "ord" in error.message or "ingen text" in error.message


def test_short_real_text_is_still_read():
    assert extract("Hållbara livsmiljöer för äldre.".encode(), "kort.txt").pages[0].text


def test_a_docx_whose_document_xml_is_too_large_is_refused_before_it_is_parsed(monkeypatch):
    from livsmiljo.engine import extract as module

    monkeypatch.setattr(module, "MAX_DOCX_XML", 64 * 1024)
    # Highly compressible, so it slips under the zip ratio check (which starts at 10 MB).
    data = _docx_document_xml(
        lambda xml: xml.replace(
            b"</w:body>", b"<w:p><w:r><w:t>" + b"ord " * 40_000 + b"</w:t></w:r></w:p></w:body>"
        )
    )
    monkeypatch.setattr("docx.Document", lambda *a, **k: pytest.fail("python-docx must not parse it"))
    error = _error(data, "stor.docx")
    assert error.code == "too_much_text"
    assert "MB" in error.message


def test_a_docx_with_too_many_paragraphs_is_refused_before_it_is_parsed(monkeypatch):
    from livsmiljo.engine import extract as module

    monkeypatch.setattr(module, "MAX_DOCX_PARAGRAPHS", 100)
    data = _docx_document_xml(lambda xml: xml.replace(b"</w:body>", b"<w:p/>" * 200 + b"</w:body>"))
    monkeypatch.setattr("docx.Document", lambda *a, **k: pytest.fail("python-docx must not parse it"))
    assert _error(data, "stycken.docx").code == "too_much_text"


def test_a_docx_in_a_zip_version_python_cannot_unpack_is_explained():
    import re
    import struct

    data = bytearray(docx_bytes([("p", paragraph(40))]))
    for entry in re.finditer(rb"PK\x01\x02", bytes(data)):
        struct.pack_into("<H", data, entry.start() + 6, 148)  # "version needed to extract": 14.8
    # Before: zipfile's NotImplementedError went past every handler and stopped the whole run.
    assert _error(bytes(data), "gammal-zip.docx").code == "corrupt_docx"


def test_markdown_nested_deeper_than_its_parser_reads_is_refused_instead_of_losing_text():
    text = paragraph(20).encode()
    assert extract(b"> " + text + b"\n\n>> " + text, "citat.md").pages[0].text
    # Before: markdown-it silently dropped everything under 20 levels: "the file holds no text".
    error = _error(b">" * 25 + b" " + text, "djup.md")
    assert error.code == "too_deep"
    error = _error(b"".join(b"  " * i + b"- " + text + b"\n" for i in range(40)), "lista.md")
    assert error.code == "too_deep"


def test_a_file_with_more_text_than_the_limit_is_refused(monkeypatch):
    from livsmiljo.engine import extract as module

    monkeypatch.setattr(module, "MAX_TEXT_CHARS", 10_000)
    error = _error(paragraph(3000).encode(), "lang.txt")
    assert error.code == "too_much_text"
    assert "10 000" in error.message
    pdf = pdf_bytes([page_lines(f"Kapitel {n}", paragraph(150)) for n in range(1, 30)])
    assert _error(pdf, "lang.pdf").code == "too_much_text"


def test_a_pdf_with_more_pages_than_the_limit_is_refused(monkeypatch):
    from livsmiljo.engine import extract_pdf

    monkeypatch.setattr(extract_pdf, "MAX_PAGES", 5)
    pdf = pdf_bytes([page_lines(f"Kapitel {n}", paragraph(20)) for n in range(1, 8)])
    error = _error(pdf, "tjock.pdf")
    assert error.code == "too_many_pages"
    assert "7 sidor" in error.message and "5" in error.message
