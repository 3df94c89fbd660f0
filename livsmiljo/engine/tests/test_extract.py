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
