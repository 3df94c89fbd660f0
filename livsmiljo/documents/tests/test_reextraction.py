"""Reading a stored document again with an improved extractor: services, the button, the command."""

import json
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse

from livsmiljo.analysis.models import PassageTag, TagCorrection
from livsmiljo.analysis.services import tag_correct
from livsmiljo.documents import reading
from livsmiljo.documents.models import Document, Passage, ReextractionRun
from livsmiljo.documents.reextraction import (
    document_reextract,
    reextraction_run_create,
    reextraction_run_process,
)
from livsmiljo.documents.services import document_update, ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.factories import broken_pdf_bytes, page_lines, paragraph, pdf_bytes
from livsmiljo.engine.extract import extract
from livsmiljo.organisations.models import AuditEntry
from livsmiljo.search.services import search_passages

INTRODUCTION = page_lines("1 Inledning", paragraph(90), paragraph(70))
TRAINS = page_lines("2 Kollektivtrafik", paragraph(120, "Tåg och bussar ska gå oftare mellan orterna. "))
CYCLING = page_lines("2 Cykeltrafik", paragraph(120, "Cykelbanor ska byggas längs vägarna mellan orterna. "))
HOUSING = page_lines("3 Bostäder", paragraph(80, "Fler hyresrätter behövs i de mindre kommunerna. "))
OLD_TITLE = "Regional utvecklingsstrategi för Exempelregionen"
NEW_TITLE = "Regional utvecklingsstrategi 2030"


def _ingest(region, owner, title: str = "") -> Document:
    data = pdf_bytes([INTRODUCTION, TRAINS], title=OLD_TITLE)
    run = ingestion_run_create(
        files=[("strategi.pdf", data)], organisation=region, user=owner, kind="rus", title=title
    )
    ingestion_run_process(run_id=run.pk)
    return Document.objects.get()


@pytest.fixture
def document(region, owner) -> Document:
    return _ingest(region, owner)


@pytest.fixture
def improved(document, monkeypatch) -> None:
    """From now on the extractor reads the stored file as this: page 2 reads differently, and a page 3."""
    better = pdf_bytes([INTRODUCTION, CYCLING, HOUSING], title=NEW_TITLE)
    monkeypatch.setattr(reading, "extract", lambda data, name, **kw: extract(better, name, **kw))


@pytest.fixture
def embedded(monkeypatch) -> list[str]:
    """The texts the embedding model is asked for."""
    from livsmiljo.search import services

    seen: list[str] = []
    real = services.embed_passages

    def counting(texts):
        seen.extend(texts)
        return real(texts)

    monkeypatch.setattr(services, "embed_passages", counting)
    return seen


def _keyword_hits(query: str) -> list[int]:
    return [hit.document_id for hit in search_passages(query=query, user=None, mode="keyword")]


def _state(document: Document) -> list[tuple[Any, ...]]:
    return [
        (p.pk, p.page, p.text, bytes(p.embedding or b""), p.tag.theme_ids, p.tag.corrected)
        for p in document.passages.select_related("tag").order_by("ordinal")
    ]


# --- the service --------------------------------------------------------------------------------


def test_reextracting_switches_the_document_to_the_new_text_and_search_follows(
    document, improved, facilitator
):
    assert _keyword_hits("bussar") == [document.pk] and _keyword_hits("cykelbanor") == []
    result = document_reextract(document=document, user=facilitator)
    document.refresh_from_db()
    assert result.status == "done" and (result.pages_before, result.pages) == (2, 3)
    assert document.page_count == 3 and list(document.pages.values_list("number", flat=True)) == [1, 2, 3]
    assert document.passages.get(page=2).heading == "2 Cykeltrafik"
    assert "Cykelbanor" in document.passages.get(page=2).text
    assert not document.passages.filter(text__contains="bussar").exists()
    assert _keyword_hits("cykelbanor") == [document.pk] and _keyword_hits("bussar") == []
    assert search_passages(query="hyresrätter i kommunerna", user=None)[0].page == 3
    assert PassageTag.objects.filter(document=document).count() == document.passages.count() == 3
    assert not Passage.objects.filter(embedding=None).exists()
    assert AuditEntry.objects.filter(action="document.reextract", object_id=str(document.pk)).exists()


def test_a_derived_title_follows_the_file_and_a_title_a_person_gave_is_kept(
    document, improved, facilitator, owner
):
    document_reextract(document=document, user=facilitator)
    document.refresh_from_db()
    assert document.title == NEW_TITLE
    document_update(document=document, user=owner, title="Vår strategi", kind="rus", year=None, shared=False)
    document_reextract(document=document, user=facilitator)
    document.refresh_from_db()
    assert document.title == "Vår strategi"


def test_a_title_given_at_upload_is_kept(region, owner, facilitator, monkeypatch):
    document = _ingest(region, owner, title="Strategin")
    better = pdf_bytes([INTRODUCTION, CYCLING, HOUSING], title=NEW_TITLE)
    monkeypatch.setattr(reading, "extract", lambda data, name, **kw: extract(better, name, **kw))
    document_reextract(document=document, user=facilitator)
    document.refresh_from_db()
    assert document.title == "Strategin" and document.page_count == 3


def test_a_correction_survives_with_its_text_and_one_whose_text_is_gone_is_logged(
    document, improved, facilitator, owner
):
    introduction, trains = document.passages.order_by("ordinal")
    tag_correct(passage=introduction, user=owner, themes=["kultur"], groups=["aldre"], note="Om kulturen")
    tag_correct(passage=trains, user=owner, themes=["transporter", "klimat"])
    run = reextraction_run_create(document=document, user=facilitator, enqueue=False)
    result = reextraction_run_process(run_id=run.pk)
    assert (result.corrections_kept, result.corrections_lost) == (1, 1)
    kept = TagCorrection.objects.get()
    new_introduction = document.passages.get(page=1)
    assert kept.passage == new_introduction and kept.note == "Om kulturen" and kept.user == owner
    assert new_introduction.pk != introduction.pk
    tag = PassageTag.objects.get(passage=new_introduction)
    assert tag.corrected and tag.theme_ids == ["kultur"] and tag.groups == ["aldre"]
    lost = AuditEntry.objects.get(action="tag_correction.lost")
    assert lost.data["themes"] == ["transporter", "klimat"] and "Tåg och bussar" in lost.data["text"]
    run.refresh_from_db()
    assert run.status == ReextractionRun.Status.DONE and run.progress == 100
    assert "1 rättelse följde med" in run.message and "granskningsloggen" in run.message


def test_passages_whose_text_is_unchanged_keep_their_vectors(document, improved, facilitator, embedded):
    before = bytes(document.passages.get(page=1).embedding)
    result = document_reextract(document=document, user=facilitator)
    assert result.vectors_reused == 1 and result.passages_kept == 1
    assert len(embedded) == 2 and not any("1 Inledning" in text for text in embedded)
    assert bytes(document.passages.get(page=1).embedding) == before


def test_when_embedding_fails_the_document_keeps_its_passages_vectors_and_tags(
    document, improved, facilitator, monkeypatch
):
    from livsmiljo.search import services

    before = _state(document)

    def broken(texts):
        raise RuntimeError("the model crashed")

    monkeypatch.setattr(services, "embed_passages", broken)
    run = reextraction_run_create(document=document, user=facilitator, enqueue=False)
    result = reextraction_run_process(run_id=run.pk)
    assert result.status == "failed"
    assert _state(document) == before
    assert _keyword_hits("bussar") == [document.pk] and _keyword_hits("cykelbanor") == []
    run.refresh_from_db()
    assert run.status == ReextractionRun.Status.FAILED and "Dokumentet är oförändrat" in run.message


def test_when_tagging_fails_during_the_switch_everything_is_rolled_back(
    document, improved, facilitator, owner, monkeypatch
):
    from livsmiljo.analysis import services

    tag_correct(passage=document.passages.get(page=2), user=owner, themes=["transporter"])
    before, pages = _state(document), list(document.pages.values_list("number", "text"))

    def broken(**kwargs):
        raise RuntimeError("the classifier crashed")

    monkeypatch.setattr(services, "document_tag", broken)
    result = reextraction_run_process(
        run_id=reextraction_run_create(document=document, user=facilitator, enqueue=False).pk
    )
    document.refresh_from_db()
    assert result.status == "failed" and document.page_count == 2 and document.title == OLD_TITLE
    assert _state(document) == before and list(document.pages.values_list("number", "text")) == pages
    assert TagCorrection.objects.get().passage.page == 2
    assert _keyword_hits("bussar") == [document.pk] and _keyword_hits("cykelbanor") == []


def test_an_unreadable_file_leaves_the_document_untouched_and_says_why_in_swedish(document, facilitator):
    before = _state(document)
    with open(document.file.path, "wb") as stored:
        stored.write(broken_pdf_bytes())
    run = reextraction_run_create(document=document, user=facilitator, enqueue=False)
    result = reextraction_run_process(run_id=run.pk)
    run.refresh_from_db()
    assert result.status == "failed" and run.status == ReextractionRun.Status.FAILED
    assert run.message.startswith("Dokumentet är oförändrat.") and "trasig" in run.message
    assert _state(document) == before


def test_only_facilitators_may_start_a_reextraction(document, owner):
    with pytest.raises(PermissionDenied):
        reextraction_run_create(document=document, user=owner)
    assert not ReextractionRun.objects.exists()


def test_starting_twice_while_queued_is_one_run(document, facilitator):
    first = reextraction_run_create(document=document, user=facilitator)
    assert reextraction_run_create(document=document, user=facilitator) == first


# --- the facilitator's button -------------------------------------------------------------------


def test_a_facilitator_rereads_a_document_from_its_page_and_follows_the_progress(
    facilitator_client, document, improved, django_capture_on_commit_callbacks
):
    page = facilitator_client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert reverse("documents:reextract", args=[document.pk]) in page and "Läs om filen" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(reverse("documents:reextract", args=[document.pk]))
    run = ReextractionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "documents:reextraction", args=[run.pk]
    )
    html = facilitator_client.get(response["Location"]).content.decode()
    assert "Klar" in html and "3 sidor" in html and "hx-trigger" not in html
    assert document.passages.filter(text__contains="Cykelbanor").exists()


def test_the_progress_partial_polls_until_the_reextraction_is_finished(facilitator_client, document):
    run = reextraction_run_create(document=document, user=None, enqueue=False)
    url = reverse("documents:reextraction_progress", args=[run.pk])
    assert 'hx-trigger="every 1s"' in facilitator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    reextraction_run_process(run_id=run.pk)
    partial = facilitator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and "100&nbsp;%" in partial


def test_a_member_gets_403_and_an_outsider_404_and_nothing_changes(
    owner_client, outsider_client, document, improved
):
    before = _state(document)
    page = owner_client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    assert "Läs om filen" not in page
    assert owner_client.post(reverse("documents:reextract", args=[document.pk])).status_code == 403
    assert outsider_client.post(reverse("documents:reextract", args=[document.pk])).status_code == 404
    assert not ReextractionRun.objects.exists() and _state(document) == before
    run = reextraction_run_create(document=document, user=None, enqueue=False)
    assert owner_client.get(reverse("documents:reextraction", args=[run.pk])).status_code == 404
    assert outsider_client.get(reverse("documents:reextraction_progress", args=[run.pk])).status_code == 404


def test_starting_needs_a_post(facilitator_client, document):
    assert facilitator_client.get(reverse("documents:reextract", args=[document.pk])).status_code == 405


# --- the command --------------------------------------------------------------------------------


def _reextract(*args: str) -> tuple[list[dict[str, Any]], int]:
    out, code = StringIO(), 0
    try:
        call_command("reextract", *args, "--json", stdout=out)
    except CommandError as error:
        code = error.returncode
    return [json.loads(line) for line in out.getvalue().splitlines()], code


def test_the_command_prints_one_json_object_per_document_and_exits_zero(document, improved):
    lines, code = _reextract("--document", str(document.pk))
    assert code == 0 and len(lines) == 1
    assert lines[0]["document_id"] == document.pk and lines[0]["status"] == "done"
    assert (lines[0]["pages"], lines[0]["passages"], lines[0]["passages_kept"]) == (3, 3, 1)
    assert lines[0]["title"] == NEW_TITLE and lines[0]["error"] == ""


def test_the_command_rereads_all_documents_and_exits_one_when_one_fails(document, region, owner):
    run = ingestion_run_create(
        files=[("plan.txt", paragraph(80, "Bredband på landsbygden. ").encode())],
        organisation=region,
        user=owner,
        kind="plan",
    )
    ingestion_run_process(run_id=run.pk)
    plan = Document.objects.get(file_name="plan.txt")
    with open(document.file.path, "wb") as stored:
        stored.write(broken_pdf_bytes())
    lines, code = _reextract("--all")
    assert code == 1
    assert [(line["document_id"], line["status"]) for line in lines] == [
        (document.pk, "failed"),
        (plan.pk, "done"),
    ]
    assert "Dokumentet är oförändrat" in lines[0]["error"]
    assert ReextractionRun.objects.count() == 2


def test_the_command_refuses_an_unknown_document_id(db):
    with pytest.raises(CommandError) as caught:
        call_command("reextract", "--document", "9999", stdout=StringIO())
    assert caught.value.returncode == 2 and "9999" in str(caught.value)
    with pytest.raises(CommandError):
        call_command("reextract", stdout=StringIO(), stderr=StringIO())
