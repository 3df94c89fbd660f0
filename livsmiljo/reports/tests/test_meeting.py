"""Issue 12, item 1: a meeting's documentation as a report, for the project and for the public website, and
the facilitator's edits kept when it is generated again."""

from datetime import date

import pytest

from livsmiljo.documents.models import Document, Passage
from livsmiljo.engine.report import BulletList, Figure, Heading, Paragraph, Quote, Report, Table
from livsmiljo.homework.models import Assignment, Submission
from livsmiljo.reports.meeting import CLOSING, SUMMARY, build_meeting_report
from livsmiljo.reports.models import DocumentationEdit, MeetingDocumentation
from livsmiljo.reports.services import documentation_edit, documentation_generate, editable_sections
from livsmiljo.workshops import services
from livsmiljo.workshops.models import AgendaBlock, Meeting
from livsmiljo.workshops.tests.factories import join, seed_meeting

pytestmark = pytest.mark.django_db


def texts(report: Report) -> list[str]:
    """Every piece of text a reader of any format would see."""
    found: list[str] = []
    for block in report.blocks:
        if isinstance(block, Heading | Paragraph):
            found.append(block.text)
        elif isinstance(block, BulletList):
            found += [item.text for item in block.items]
        elif isinstance(block, Quote):
            found += [block.text, block.attribution]
        elif isinstance(block, Table):
            found += [cell for row in block.rows for cell in row]
        elif isinstance(block, Figure):
            found.append(block.alt)
    return found


def headings(report: Report) -> list[str]:
    return [b.text for b in report.blocks if isinstance(b, Heading)]


@pytest.fixture
def meeting(facilitator, region, other_region, owner) -> Meeting:
    """A seed meeting that ran: two organisations, answers, groups with notes, chat and homework."""
    meeting = seed_meeting(facilitator, organisations=[region, other_region])
    meeting.place = "Stockholm"
    meeting.save()
    anna, bo = join(meeting, "Anna Andersson", region), join(meeting, "Bo Berg", other_region)
    services.meeting_start(meeting=meeting, user=facilitator)
    cloud = meeting.polls.get(kind="ordmoln")
    mood = meeting.polls.get(kind="humor")
    for poll in (cloud, mood):
        services.poll_open(poll=poll, user=facilitator)
    services.response_submit(poll=cloud, participant=anna, value="kollektivtrafik")
    services.response_submit(poll=cloud, participant=bo, value="kollektivtrafik och trygghet")
    services.response_submit(poll=mood, participant=anna, value=mood.options[0])
    services.response_submit(poll=mood, participant=bo, value=mood.options[0])
    dialogue = meeting.blocks.filter(kind=AgendaBlock.Kind.GROUP_DIALOGUE)[0]
    services.groups_form(block=dialogue, user=facilitator, size=2)
    services.meeting_goto(meeting=meeting, user=facilitator, block=dialogue)
    services.note_create(participant=anna, text="Kollektivtrafik på landsbygden", meeting=meeting)
    services.note_create(participant=bo, text="Kollektivtrafik i glesbygden", meeting=meeting)
    secret = services.note_create(
        participant=bo, text="Hemlig lapp som processledaren dolde", meeting=meeting
    )
    services.note_hide(note=secret, user=facilitator)
    services.chat_post(meeting=meeting, participant=anna, text="Tack för i dag")
    assignment = Assignment.objects.create(
        meeting=meeting, title="Beskriv er RUS", due_date=date(2026, 12, 2)
    )
    Submission.objects.create(assignment=assignment, organisation=region, user=owner, text="Delad text")
    Submission.objects.create(
        assignment=assignment, organisation=other_region, text="Ej delad inlämning", shared=False
    )
    services.meeting_end(meeting=meeting, user=facilitator)
    return meeting


def test_the_report_has_the_agenda_attendance_a_poll_count_a_word_cloud_a_quote_and_homework(meeting):
    report = build_meeting_report(meeting)
    words = texts(report)
    for heading in (
        "Inledning",
        "Sammanfattning",
        "Programmet som det genomfördes",
        "Närvaro",
        "Frågor och svar",
        "Områden som grupperna valt",
        "Teman över grupperna",
        "Utcheckning",
        "Hemuppgifter",
    ):
        assert heading in headings(report), heading
    assert report.title == "Dokumentation: Workshop 1" and report.subtitle.endswith("Stockholm")
    assert "Region Östergötland" in words and "2 deltagare var med." in words
    assert words.count("2 svar") == 2  # the word cloud and the mood poll
    cloud = next(b for b in report.blocks if isinstance(b, Figure) and "Ordmoln" in b.alt)
    assert cloud.image.startswith(b"\x89PNG") and "kollektivtrafik (2)" in cloud.alt
    assert cloud.table is not None and ("kollektivtrafik", "2") in cloud.table.rows
    quotes = [b for b in report.blocks if isinstance(b, Quote)]
    assert "Kollektivtrafik på landsbygden" in [q.text for q in quotes]
    assert all(q.attribution.startswith("Grupp") for q in quotes)
    assert "Senast 2 december 2026." in words and "Inlämnat av 2 av 2 organisationer." in words


def test_registrations_feed_the_attendance_beside_those_who_joined(meeting, owner, member, other_region):
    from livsmiljo.workshops.models import Registration

    for user, attendance in ((owner, "pa_plats"), (member, "digitalt")):
        Registration.objects.create(
            meeting=meeting,
            user=user,
            name=user.username,
            organisation=user.organisation,
            attendance=attendance,
        )
    report = build_meeting_report(meeting)
    table = next(b for b in report.blocks if isinstance(b, Table) and b.name == "narvaro")
    assert table.header == ("Organisation", "Deltog", "Anmälda", "varav på plats", "varav digitalt")
    assert ("Region Östergötland", "1", "2", "1", "1") in table.rows
    assert (str(other_region), "1", "0", "0", "0") in table.rows
    assert "2 hade anmält sig: 1 på plats och 1 digitalt." in texts(report)


def test_the_agenda_shows_planned_and_real_times(meeting):
    table = next(
        b for b in build_meeting_report(meeting).blocks if isinstance(b, Table) and b.name == "program"
    )
    assert table.header[2:] == ("Planerad start", "Planerat", "Genomfört", "Tog")
    first = table.rows[0]
    assert first[3].endswith("min") and first[4] != "Inte genomförd"
    assert table.rows[-1][4] == "Inte genomförd"


def test_hidden_notes_never_appear_and_the_chat_names_people_only_for_the_project(meeting):
    project, public = build_meeting_report(meeting), build_meeting_report(meeting, audience="public")
    assert not any("Hemlig lapp" in t for t in texts(project) + texts(public))
    assert any("Anna Andersson: Tack för i dag" in t for t in texts(project))
    assert not any("Anna Andersson" in t or "Tack för i dag" in t for t in texts(public))
    assert "Chatten" not in headings(public)


def test_the_public_report_shows_only_shared_homework(meeting):
    project, public = (
        texts(build_meeting_report(meeting)),
        texts(build_meeting_report(meeting, audience="public")),
    )
    assert any("Delad text" in t for t in public)
    assert not any("Ej delad" in t for t in project + public)
    assert not any(t.startswith("Inlämnat av") for t in public)


def test_passages_of_unshared_documents_are_not_linked_from_a_theme(meeting, region):
    document = Document.objects.create(
        organisation=region, title="Intern plan", file_name="p.txt", file_format="txt", content_hash="1" * 64
    )
    passage = Passage.objects.create(
        document=document, page=3, ordinal=1, text="Kollektivtrafik", word_count=1
    )
    documentation = documentation_generate(meeting=meeting, user=None)
    documentation.snapshot["clusters"][0]["passages"] = [passage.pk]
    documentation.save()
    assert not any("Intern plan" in t for t in texts(build_meeting_report(meeting)))
    document.shared = True
    document.save()
    assert any("Intern plan" in t and "s. 3" in t for t in texts(build_meeting_report(meeting)))


def test_ending_a_meeting_generates_its_documentation(
    facilitator, region, django_capture_on_commit_callbacks
):
    meeting = seed_meeting(facilitator, organisations=[region])
    services.note_create(participant=join(meeting, "Anna", region), text="Trygga bostäder för unga")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_end(meeting=meeting, user=facilitator)
    documentation = MeetingDocumentation.objects.get(meeting=meeting)
    assert documentation.snapshot["clusters"][0]["label"]
    assert documentation.generated_at is not None


def test_a_facilitators_edits_survive_regeneration_and_are_marked(meeting, facilitator):
    documentation = documentation_generate(meeting=meeting, user=facilitator)
    theme = documentation.snapshot["clusters"][0]["key"]
    documentation_edit(
        documentation=documentation, section=SUMMARY, text="Vi enades om tre områden.", user=facilitator
    )
    documentation_edit(
        documentation=documentation, section=theme, text="Resor i hela länet", user=facilitator
    )
    documentation_edit(documentation=documentation, section=CLOSING, text="Vi ses i Umeå.", user=facilitator)
    documentation_generate(meeting=meeting, user=facilitator)
    report = build_meeting_report(meeting)
    words = texts(report)
    assert "Vi enades om tre områden." in words and "Vi ses i Umeå." in words
    assert "Resor i hela länet" in headings(report) and "Avslutning" in headings(report)
    assert words.count("Redigerad av processledaren") == 3
    assert DocumentationEdit.objects.filter(documentation__meeting=meeting).count() == 3


def test_an_emptied_edit_brings_back_the_generated_text(meeting, facilitator):
    documentation = documentation_generate(meeting=meeting, user=facilitator)
    documentation_edit(documentation=documentation, section=SUMMARY, text="Egen text", user=facilitator)
    documentation_edit(documentation=documentation, section=SUMMARY, text="  ", user=facilitator)
    assert "Egen text" not in texts(build_meeting_report(meeting))
    assert not DocumentationEdit.objects.filter(documentation=documentation).exists()


def test_only_the_listed_sections_can_be_edited(meeting, facilitator):
    from django.core.exceptions import ValidationError

    documentation = documentation_generate(meeting=meeting, user=facilitator)
    keys = [s.key for s in editable_sections(documentation)]
    assert keys[:2] == ["inledning", "sammanfattning"] and keys[-1] == "avslutning"
    with pytest.raises(ValidationError):
        documentation_edit(documentation=documentation, section="program", text="x", user=facilitator)


def test_the_summary_is_stored_with_its_sources_and_says_how_it_was_made(meeting, monkeypatch):
    from types import SimpleNamespace

    from livsmiljo.engine.report import Source
    from livsmiljo.reports import summaries

    note = meeting.notes.filter(hidden=False).first()
    sentence = (
        "Kollektivtrafik på landsbygden togs upp av flera grupper.",
        (Source("note", note.pk, "lapp"),),
    )
    result = SimpleNamespace(
        sentences=[sentence], method="extractive", note="Utvald ur mötets eget material."
    )
    monkeypatch.setattr(summaries, "meeting_summary", lambda meeting, audience: result)
    documentation_generate(meeting=meeting, user=None)
    monkeypatch.setattr(
        summaries, "meeting_summary", lambda meeting, audience: 1 / 0
    )  # stored, not asked again
    report = build_meeting_report(meeting, audience="public")
    start = headings(report).index("Sammanfattning")
    first = next(b for b in report.blocks if isinstance(b, Paragraph) and b.text == sentence[0])
    assert first.sources == (Source("note", note.pk, "lapp"),) and start >= 0
    assert "Utvald ur mötets eget material." in texts(report)
