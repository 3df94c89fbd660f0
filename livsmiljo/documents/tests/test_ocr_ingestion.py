"""Scanned PDFs are read with OCR in the ingestion job: real scans, made here, through the whole service."""

from functools import cache

from django.urls import reverse

from livsmiljo.documents.models import Document, IngestionFile, Page
from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.factories import page_lines, pdf_bytes
from livsmiljo.documents.tests.producers import word_accuracy
from livsmiljo.documents.tests.scans import (
    TEXT_PARAGRAPH,
    images_pdf,
    joined,
    noise_image,
    scanned,
    source_words,
    swedish_page_pdf,
    words,
)


@cache
def _text_page() -> bytes:
    return pdf_bytes([page_lines("Bostäder och service", TEXT_PARAGRAPH)])


@cache
def _scanned_page() -> bytes:
    return scanned(swedish_page_pdf(), dpi=200)


@cache
def _noise_page() -> bytes:
    return images_pdf([noise_image(seed=3)])


def _ingest(data: bytes, region, owner, name: str = "skannad.pdf"):
    messages: list[str] = []
    run = ingestion_run_create(files=[(name, data)], organisation=region, user=owner, kind="plan")
    results = ingestion_run_process(
        run_id=run.pk, on_progress=lambda _percent, message: messages.append(message)
    )
    return results[0], messages


def test_a_scanned_pdf_is_read_with_ocr_and_becomes_searchable(region, owner):
    result, messages = _ingest(joined(_scanned_page(), _scanned_page()), region, owner)
    assert result.status == "done"
    document = Document.objects.get()
    pages = list(document.pages.all())
    assert [(p.source, p.ocr_flagged) for p in pages] == [(Page.Source.OCR, False)] * 2
    assert all(p.ocr_confidence is not None and 80 <= p.ocr_confidence <= 100 for p in pages)
    assert word_accuracy(source_words(), words(pages[0].text)) >= 0.9
    passages = " ".join(document.passages.filter(page=2).values_list("text", flat=True))
    for word in ("förtätar", "hälsovård", "öarna", "åtgärder"):
        assert word in words(passages)
    assert "skannad.pdf: läser inskannad sida 1 av 2 med OCR" in messages
    assert "skannad.pdf: läser inskannad sida 2 av 2 med OCR" in messages


def test_in_a_mixed_pdf_only_the_page_without_text_is_read_with_ocr(region, owner):
    _ingest(joined(_text_page(), _scanned_page()), region, owner)
    text_page, scanned_page = Document.objects.get().pages.all()
    assert (text_page.source, text_page.ocr_confidence) == (Page.Source.TEXT, None)
    assert text_page.text.split("\n\n")[1].replace("\n", " ") == TEXT_PARAGRAPH
    assert scanned_page.source == Page.Source.OCR
    assert word_accuracy(source_words(), words(scanned_page.text)) >= 0.9


def test_a_page_that_reads_as_noise_is_flagged_and_not_indexed(region, owner):
    _ingest(joined(_text_page(), _noise_page()), region, owner)
    document = Document.objects.get()
    noise = document.pages.get(number=2)
    assert noise.source == Page.Source.OCR and noise.ocr_flagged
    assert noise.ocr_flag_reason == Page.FlagReason.LOW_CONFIDENCE
    assert noise.ocr_confidence is not None and noise.ocr_confidence < 50 and noise.text
    assert set(document.passages.values_list("page", flat=True)) == {1}


def test_the_document_page_says_which_text_came_from_ocr_and_which_pages_were_flagged(
    region, owner, owner_client
):
    _ingest(joined(_text_page(), _scanned_page(), _noise_page()), region, owner)
    document = Document.objects.get()
    confidence = round(document.pages.get(number=2).ocr_confidence or 0)
    content = owner_client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert (
        f"Texten på sidan 2 kommer från OCR (textigenkänning), medelsäkerhet {confidence}&nbsp;%." in content
    )
    assert "Sidan 3: textigenkänningen var för osäker (medelsäkerhet under 50 procent)." in content
    assert "Sidan är inte sökbar" in content


def test_a_scan_that_is_all_noise_fails_with_advice_to_scan_again(region, owner):
    result, _messages = _ingest(_noise_page(), region, owner)
    assert result.status == "failed"
    assert "Skanna om dokumentet i minst 300 dpi" in result.error
    assert not Document.objects.exists()


def test_without_tesseract_a_scan_fails_with_what_to_install_and_text_pdfs_still_work(
    region, owner, settings
):
    # A path where nothing is installed stands for a machine without Tesseract.
    settings.LIVSMILJO_TESSERACT_CMD = "/nonexistent/tesseract"
    result, _messages = _ingest(_scanned_page(), region, owner)
    assert result.status == "failed"
    assert "Installera tesseract-ocr och tesseract-ocr-swe" in result.error
    assert IngestionFile.objects.get().upload  # the file is kept, nothing is lost
    result, _messages = _ingest(_text_page(), region, owner, name="text.pdf")
    assert result.status == "done"
    assert Page.objects.get().source == Page.Source.TEXT
