"""A learning project with everything the website may and may not show, for the site tests.

Every text that must never reach the website carries the marker HEMLIS; `PRIVATE` lists them."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.utils import timezone

from livsmiljo.documents.models import Document
from livsmiljo.matrix.services import GoalSpec, agree, create_matrix
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.workshops import services
from livsmiljo.workshops.models import AgendaBlock, Meeting, Project, Registration
from livsmiljo.workshops.services.registration import meeting_invitation_update, registration_save
from livsmiljo.workshops.tests.factories import join

ONLINE_LINK = "https://mote.example.org/HEMLIS-lank"
PRIVATE = {
    "unshared document title": "HEMLIS-dokumentet",
    "unshared document text": "HEMLIS-filtext",
    "hidden note": "HEMLIS-dold-lapp",
    "chat message": "HEMLIS-chatt",
    "chat name": "Hemliga Hedvig",
    "participant name": "Anna Andersson",
    "non-public matrix": "HEMLIS-matrisen",
    "unpublished meeting": "HEMLIS-utkastet",
    "registration name": "Regina Anmäld",
    "dietary needs": "HEMLIS-specialkost",
    "online link": ONLINE_LINK,
    "unpublished profile": "Strategiprofil: Region Norrbotten",
    "matrix reason": "HEMLIS-motivering",
}


def _document(organisation: Organisation, title: str, text: str, *, shared: bool) -> Document:
    data = text.encode("utf-8")
    document = Document(
        organisation=organisation,
        title=title,
        file_name=f"{title}.txt",
        file_format="txt",
        file_size=len(data),
        content_hash=hashlib.sha256(data).hexdigest(),
        page_count=1,
        shared=shared,
        year=2025,
    )
    document.file.save(f"{title}.txt", ContentFile(data), save=False)
    document.save()
    return document


def _matrix(project: Project, title: str, *, public: bool, block: AgendaBlock | None = None) -> object:
    goals = [GoalSpec("Kollektivtrafik"), GoalSpec("Bostäder"), GoalSpec("Naturen")]
    matrix = create_matrix(project=project, title=title, goals=goals)
    a, b, c = matrix.goals.all()
    agree(matrix, a.pk, b.pk, 2, "HEMLIS-motivering")
    agree(matrix, b.pk, c.pk, -2, "HEMLIS-motivering")
    agree(matrix, b.pk, a.pk, 2, "")
    matrix.public, matrix.block = public, block
    matrix.save()
    return matrix


def _past_meeting(project: Project, facilitator: User, region: Organisation, other: Organisation) -> Meeting:
    meeting = services.meeting_create(project=project, title="Workshop 1", user=facilitator, template="seed")
    meeting.place = "Stockholm"
    meeting.save()
    anna, hedvig = join(meeting, "Anna Andersson", region), join(meeting, "Hemliga Hedvig", other)
    services.meeting_start(meeting=meeting, user=facilitator)
    cloud = meeting.polls.get(kind="ordmoln")
    services.poll_open(poll=cloud, user=facilitator)
    services.response_submit(poll=cloud, participant=anna, value="kollektivtrafik")
    services.response_submit(poll=cloud, participant=hedvig, value="trygghet")
    dialogue = meeting.blocks.filter(kind=AgendaBlock.Kind.GROUP_DIALOGUE)[0]
    services.groups_form(block=dialogue, user=facilitator, size=2)
    services.meeting_goto(meeting=meeting, user=facilitator, block=dialogue)
    services.note_create(participant=anna, text="Pendling över länsgränsen", meeting=meeting)
    hidden = services.note_create(participant=hedvig, text="HEMLIS-dold-lapp", meeting=meeting)
    services.note_hide(note=hidden, user=facilitator)
    services.chat_post(meeting=meeting, participant=hedvig, text="HEMLIS-chatt")
    services.meeting_end(meeting=meeting, user=facilitator)
    return meeting


def _upcoming_meeting(project: Project, facilitator: User, member: User) -> Meeting:
    starts = timezone.now() + timedelta(days=14)
    meeting = services.meeting_create(
        project=project, title="Workshop 2 i Luleå", user=facilitator, template="seed", starts_at=starts
    )
    meeting.place = "Luleå"
    meeting.save()
    meeting_invitation_update(
        meeting=meeting,
        user=facilitator,
        invitation_published=True,
        registration_open=True,
        registration_deadline=starts - timedelta(days=3),
        welcome_text="Välkommen till Luleå!",
        practical_information="Lunch ingår. Samling i foajén.",
        online_link=ONLINE_LINK,
    )
    registration_save(
        meeting=meeting,
        user=member,
        name="Regina Anmäld",
        attendance=Registration.Attendance.IN_PERSON,
        dietary_needs="HEMLIS-specialkost",
    )
    return meeting


def build_world(
    *, facilitator: User, member: User, region: Organisation, other: Organisation
) -> SimpleNamespace:
    project = services.project_create(
        title="Hållbara livsmiljöer",
        user=facilitator,
        description="Sexton regioner lär av varandra.",
        organisations=[region, other],
    )
    region.publish_profile = True
    region.save()
    shared = _document(
        region, "Regional utvecklingsstrategi", "Delad text om hållbara livsmiljöer.", shared=True
    )
    unshared = _document(other, "HEMLIS-dokumentet", "HEMLIS-filtext", shared=False)
    past = _past_meeting(project, facilitator, region, other)
    matrix_block = past.blocks.first()
    hidden_matrix = _matrix(project, "HEMLIS-matrisen", public=False, block=matrix_block)
    public_matrix = _matrix(project, "Målen i vår strategi", public=True)
    upcoming = _upcoming_meeting(project, facilitator, member)
    draft = services.meeting_create(
        project=project, title="HEMLIS-utkastet", user=facilitator, template="tom"
    )
    return SimpleNamespace(
        project=project,
        shared=shared,
        unshared=unshared,
        past=past,
        upcoming=upcoming,
        draft=draft,
        hidden_matrix=hidden_matrix,
        public_matrix=public_matrix,
    )
