import pytest
from django.core.exceptions import ValidationError

from livsmiljo.analysis.models import PassageTag, RetagRun, TagCorrection, Theme
from livsmiljo.analysis.services import (
    document_tag,
    framework_item_save,
    retag_execute,
    retag_start,
    tag_correct,
)
from livsmiljo.analysis.tests.factories import CONFLICT, HEALTH, SAMI, TRANSPORT, make_document
from livsmiljo.organisations.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_tagging_a_document_gives_every_passage_one_to_three_themes_with_evidence(region):
    document = make_document(region, TRANSPORT, HEALTH)
    assert document_tag(document=document) == 2
    transport, health = PassageTag.objects.filter(document=document).order_by("passage__ordinal")
    assert transport.theme_ids[0] == "transporter"
    assert "halsa" in health.theme_ids
    assert all(1 <= len(t.themes) <= 3 for t in (transport, health))
    assert transport.evidence["themes"][0]["words"]
    assert transport.evidence["themes"][0]["examples"]
    assert "tillganglighet" in transport.areas
    assert AuditEntry.objects.filter(action="analysis.document_tag").exists()


def test_tagging_names_groups_and_finds_a_goal_conflict(region):
    document = make_document(region, HEALTH, CONFLICT, SAMI)
    document_tag(document=document)
    health, conflict, sami = PassageTag.objects.filter(document=document).order_by("passage__ordinal")
    assert "barn_unga" in health.groups
    assert "minoriteter" in sami.groups
    assert conflict.conflict and not health.conflict
    assert set(conflict.conflict_themes) == {"boende", "natur"}
    assert conflict.conflict_key == "fortatning_gronomraden"


def test_tagging_again_updates_the_rows_instead_of_duplicating_them(region):
    document = make_document(region, TRANSPORT)
    document_tag(document=document)
    document_tag(document=document)
    assert PassageTag.objects.filter(document=document).count() == 1


def test_a_correction_overrides_the_machine_and_survives_re_tagging(region, owner):
    document = make_document(region, TRANSPORT)
    document_tag(document=document)
    passage = document.passages.get()
    tag_correct(passage=passage, user=owner, themes=["kultur"], groups=["aldre"], note="Gäller kulturresor")
    tag = PassageTag.objects.get(passage=passage)
    assert tag.theme_ids == ["kultur"] and tag.groups == ["aldre"] and tag.corrected
    document_tag(document=document)
    tag.refresh_from_db()
    assert tag.theme_ids == ["kultur"] and tag.corrected
    assert TagCorrection.objects.get().user == owner


def test_a_correction_becomes_a_labelled_example_for_later_tagging(region, owner):
    first = make_document(region, TRANSPORT)
    document_tag(document=first)
    tag_correct(passage=first.passages.get(), user=owner, themes=["digital"])
    later = make_document(region, TRANSPORT)
    document_tag(document=later)
    tag = PassageTag.objects.get(document=later)
    examples = next(t for t in tag.evidence["themes"] if t["id"] == tag.theme_ids[0])["examples"]
    assert "digital" in tag.theme_ids
    digital = next(t for t in tag.evidence["themes"] if t["id"] == "digital")
    assert digital["examples"][0]["source"] == "correction"
    assert examples


@pytest.mark.parametrize(
    ("themes", "conflict", "pair"),
    [
        ([], False, []),
        (["halsa", "kultur", "natur", "klimat"], False, []),
        (["okänt"], False, []),
        (["halsa"], True, ["halsa"]),
    ],
)
def test_a_correction_is_refused_with_a_swedish_message_when_it_does_not_make_sense(
    region, owner, themes, conflict, pair
):
    document = make_document(region, HEALTH)
    with pytest.raises(ValidationError):
        tag_correct(
            passage=document.passages.get(),
            user=owner,
            themes=themes,
            conflict=conflict,
            conflict_themes=pair,
        )
    assert not TagCorrection.objects.exists()


def test_a_theme_added_in_the_framework_is_used_after_re_tagging_without_code_changes(
    region, facilitator, django_capture_on_commit_callbacks
):
    document = make_document(
        region, "Fjällturismen och skidanläggningarna lockar besökare till fjällbyarna varje vinter."
    )
    document_tag(document=document)
    theme = Theme(
        key="fjall",
        name="Fjällen",
        description="Fjällturism, skidanläggningar och fjällbyar.",
        signals="fjäll*, *fjäll, skidanläggning*, fjällby*",
        examples="Skidåkarna fyller fjällbyarna.",
    )
    framework_item_save(item=theme, user=facilitator, created=True)
    with django_capture_on_commit_callbacks(execute=True):
        run = retag_start(user=facilitator)
    run.refresh_from_db()
    assert run.status == RetagRun.Status.DONE and run.documents_done == 1
    assert "fjall" in PassageTag.objects.get(document=document).theme_ids


def test_a_failing_retag_run_records_the_error_on_its_row(region, monkeypatch):
    make_document(region, TRANSPORT)
    run = RetagRun.objects.create()

    def boom(*, document):
        raise RuntimeError("disken är full")

    monkeypatch.setattr("livsmiljo.analysis.services.document_tag", boom)
    retag_execute(run=run)
    run.refresh_from_db()
    assert run.status == RetagRun.Status.FAILED and "disken" in run.message
