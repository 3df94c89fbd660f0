"""The demo has a finished, documented meeting and an upcoming one with registrations, so documentation
and the project's website show something on first start (issue 12, item 7)."""

import io

from django.core.management import call_command

from livsmiljo.demo.install import MEETING_TITLE
from livsmiljo.demo.matrix import MATRIX_TITLE
from livsmiljo.demo.meetings import FINISHED_TITLE
from livsmiljo.matrix.models import Matrix
from livsmiljo.organisations.models import Organisation
from livsmiljo.reports.models import MeetingDocumentation
from livsmiljo.reports.site import export_site
from livsmiljo.workshops.models import BoardNote, ChatMessage, Meeting, Response


def _run_demo() -> None:
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())


def _counts() -> tuple[int, ...]:
    return (
        Meeting.objects.count(),
        Response.objects.count(),
        BoardNote.objects.count(),
        ChatMessage.objects.count(),
        MeetingDocumentation.objects.count(),
    )


def test_the_demo_has_a_finished_documented_meeting_and_an_upcoming_one_and_a_site_to_export(db, tmp_path):
    _run_demo()
    finished = Meeting.objects.get(title=FINISHED_TITLE)
    assert finished.status == Meeting.Status.ENDED and finished.ended_at and finished.starts_at
    assert finished.ended_at > finished.starts_at
    assert MeetingDocumentation.objects.filter(meeting=finished).exists()
    assert finished.polls.count() >= 4 and all(p.responses.count() >= 8 for p in finished.polls.all())
    assert finished.polls.filter(kind="ordmoln").exists() and finished.groups.count() >= 2
    assert finished.notes.filter(hidden=False).count() >= 9 and finished.chat_messages.exists()
    matrix = Matrix.objects.get(title=MATRIX_TITLE)
    assert matrix.public and matrix.block is not None and matrix.block.meeting == finished
    assert Organisation.objects.get(slug="norrskog").publish_profile
    upcoming = Meeting.objects.get(title=MEETING_TITLE)
    assert upcoming.invitation_published and upcoming.registration_open
    assert upcoming.registrations.count() == 2 and finished.project.description

    counts = _counts()
    _run_demo()
    assert _counts() == counts

    written = export_site(finished.project, tmp_path)
    past = next(tmp_path.glob(f"mote-{finished.pk}-*.html")).read_text(encoding="utf-8")
    assert "Dokumentation: Startmöte" in past and "Målkonflikter" in past and "Testlapp" not in past
    assert "Maja Lindqvist" not in past and "presentationen från i förmiddags" not in past
    coming = next(tmp_path.glob(f"mote-{upcoming.pk}-*.html")).read_text(encoding="utf-8")
    assert "Program" in coming and "mote.example.org" not in coming and "Nora Skogsberg" not in coming
    assert "organisation-norrskog.html" in written and any(p.startswith("matris-") for p in written)
    assert any(p.startswith("filer/") for p in written)
