"""OCR of scanned pages with Tesseract (Swedish), on real scans made here: no database."""

from functools import cache

import pytest

from livsmiljo.documents.tests.producers import word_accuracy
from livsmiljo.documents.tests.scans import (
    HEADING,
    images_pdf,
    noise_image,
    scanned,
    source_words,
    swedish_page_pdf,
    words,
)
from livsmiljo.engine.chunking import chunk
from livsmiljo.engine.extract import ExtractionError, PageText
from livsmiljo.engine.ocr import judge, ocr_pdf_pages, page_from_data, word_share


@cache
def _scan() -> bytes:
    return scanned(swedish_page_pdf(), dpi=200)


@cache
def _read_scan():
    return ocr_pdf_pages(_scan(), [1])[0]


def test_a_scanned_swedish_page_is_read_word_for_word():
    page = _read_scan()
    assert word_accuracy(source_words(), words(page.text)) >= 0.9
    for word in ("västkusten", "förtätar", "äldre", "öarna", "åtgärder", "näringsliv"):
        assert word in words(page.text)
    assert page.confidence is not None and page.confidence >= 80
    assert (page.flagged, page.reason) == (False, "")


def test_the_text_keeps_paragraphs_and_finds_the_heading():
    page = _read_scan()
    paragraphs = page.text.split("\n\n")
    assert len(paragraphs) == 3
    assert "\n" in paragraphs[1]  # lines inside a paragraph stay lines, for the chunker to join
    assert page.headings == (HEADING,)
    passages = chunk([PageText(1, page.text, page.headings)])
    assert passages[0].heading == HEADING
    assert passages[0].text.startswith("Länets kommuner vill")


def test_progress_counts_the_pages_read():
    calls: list[tuple[int, int]] = []
    pages = ocr_pdf_pages(
        images_pdf([noise_image(rows=0), noise_image(rows=0)]),
        [1, 2],
        on_progress=lambda d, t: calls.append((d, t)),
    )
    assert calls == [(0, 2), (1, 2), (2, 2)]
    assert [(p.number, p.text, p.confidence, p.flagged) for p in pages] == [
        (1, "", None, False),
        (2, "", None, False),
    ]


def test_a_page_of_scribbles_is_flagged_as_noise():
    page = ocr_pdf_pages(images_pdf([noise_image(seed=3)]), [1])[0]
    assert page.flagged and page.reason == "low_confidence"
    assert page.confidence is not None and page.confidence < 50
    assert page.text  # the text is kept, to be shown with the flag


def test_the_noise_rule_is_low_confidence_or_mostly_non_words():
    sentence = ["Vi", "bygger", "120", "nya", "bostäder", "i", "Ö-vik,", "år", "2030."]
    assert word_share(sentence) == 1.0
    assert judge(sentence, 91.0) == ""
    assert judge(sentence, 49.9) == "low_confidence"
    assert judge(["|", "—", "=", "x", "Vi", "bo", ";:", "ﬂ"], 88.0) == "not_words"


def test_paragraphs_and_lines_follow_tesseracts_numbering():
    rows = [  # level, block, paragraph, line, height, confidence, text
        (4, 1, 1, 1, 30, -1, ""),
        (5, 1, 1, 1, 30, 95, "Samverkan"),
        (5, 1, 1, 1, 30, 93, "kräver"),
        (5, 1, 1, 1, 30, 90, "utveck-"),
        (4, 1, 1, 2, 30, -1, ""),
        (5, 1, 1, 2, 30, 92, "lingsarbete."),
        (4, 2, 1, 1, 30, -1, ""),
        (5, 2, 1, 1, 30, 96, "Ny"),
        (5, 2, 1, 1, 30, 97, "del."),
    ]
    columns = ("level", "block_num", "par_num", "line_num", "height", "conf", "text")
    data = {name: [row[i] for row in rows] for i, name in enumerate(columns)}
    page = page_from_data(data, 4)
    assert page.text == "Samverkan kräver utveck-\nlingsarbete.\n\nNy del."
    assert page.confidence == 93.8
    assert chunk([PageText(4, page.text)])[0].text.startswith("Samverkan kräver utvecklingsarbete.")


def test_a_machine_without_tesseract_gets_told_what_to_install():
    # A path where nothing is installed stands for a machine without Tesseract.
    with pytest.raises(ExtractionError) as caught:
        ocr_pdf_pages(_scan(), [1], tesseract_cmd="/nonexistent/tesseract")
    assert caught.value.code == "ocr_missing"
    assert "Installera tesseract-ocr och tesseract-ocr-swe" in caught.value.message


def test_tesseract_without_swedish_data_gets_told_to_install_it(tmp_path):
    # A stand-in Tesseract that knows only English, like a machine without tesseract-ocr-swe.
    program = tmp_path / "tesseract"
    program.write_text('#!/bin/sh\necho "List of available languages (2):"\necho eng\necho osd\n')
    program.chmod(0o755)
    with pytest.raises(ExtractionError) as caught:
        ocr_pdf_pages(_scan(), [1], tesseract_cmd=str(program))
    assert caught.value.code == "ocr_language_missing"
    assert "Installera tesseract-ocr-swe" in caught.value.message


def test_a_poster_sized_page_is_rendered_below_the_pixel_cap():
    from livsmiljo.engine.ocr import MAX_PIXELS, _scale

    assert _scale((595, 842), 300) == 300 / 72  # A4 at full resolution
    scale = _scale((5000, 5000), 300)
    assert (5000 * scale) ** 2 <= MAX_PIXELS * 1.0001
