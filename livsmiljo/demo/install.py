"""Install the demo: fictional regions, two logins, three strategy documents (searchable) and a meeting.

Idempotent: what exists is kept (the demo logins get the demo password again), what is missing is added.
The documents go through the same ingestion service as uploads, processed here and now, not by the queue.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.demo.files import document_bytes
from livsmiljo.demo.matrix import demo_matrix
from livsmiljo.demo.meetings import demo_meetings
from livsmiljo.demo.network import demo_network
from livsmiljo.demo.texts import DOCUMENTS, NORRSKOG, ORGANISATIONS, DemoDocument, DemoOrganisation
from livsmiljo.documents.models import Document
from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.homework.services import assignments_create_from_seed
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import audit_log, user_create
from livsmiljo.workshops.models import Meeting
from livsmiljo.workshops.services import meeting_create, project_get_or_create

DEMO_PASSWORD = "livsmiljo-demo"
FACILITATOR_USERNAME = "facilitator"
MEMBER_USERNAME = "norrskog"
PROJECT_TITLE = "Hållbara livsmiljöer – demo"
MEETING_TITLE = "Workshop 1: Regionerna kliver fram (demo)"

Report = Callable[[str], None]


@dataclass
class DemoResult:
    facilitator: User
    member: User
    documents: list[Document] = field(default_factory=list)
    created_documents: int = 0
    failures: list[str] = field(default_factory=list)
    meeting_id: int | None = None
    join_code: str = ""


def demo_install(*, password: str = DEMO_PASSWORD, report: Report | None = None) -> DemoResult:
    say = report or (lambda _message: None)
    organisations = {demo.slug: _organisation_get_or_create(demo) for demo in ORGANISATIONS}
    facilitator = _demo_user(
        username=FACILITATOR_USERNAME,
        password=password,
        organisation=None,
        facilitator=True,
        first_name="Demo",
        last_name="Processledare",
    )
    member = _demo_user(
        username=MEMBER_USERNAME,
        password=password,
        organisation=organisations[NORRSKOG.slug],
        facilitator=False,
        first_name="Nora",
        last_name="Skogsberg",
    )
    result = DemoResult(facilitator=facilitator, member=member)
    for demo in DOCUMENTS:
        _demo_document(demo, organisations[demo.organisation.slug], facilitator, result, say)
    _demo_meeting(facilitator, result, say)
    meeting = Meeting.objects.get(project__title=PROJECT_TITLE, title=MEETING_TITLE)
    matrix = demo_matrix(meeting=meeting, facilitator=facilitator, member=member, say=say)
    demo_meetings(project_meeting=meeting, facilitator=facilitator, member=member, matrix=matrix, say=say)
    demo_network(
        project=meeting.project,
        organisations=organisations,
        member=member,
        make_user=_demo_user,
        password=password,
        say=say,
    )
    return result


def _organisation_get_or_create(demo: DemoOrganisation) -> Organisation:
    organisation, created = Organisation.objects.get_or_create(
        slug=demo.slug, defaults={"name": demo.name, "kind": Organisation.Kind.REGION}
    )
    if created:
        audit_log(action="organisation.create", obj=organisation, demo=True)
    return organisation


def _demo_user(
    *,
    username: str,
    password: str,
    organisation: Organisation | None,
    facilitator: bool,
    first_name: str,
    last_name: str,
) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        return user_create(
            username=username,
            password=password,
            organisation=organisation,
            facilitator=facilitator,
            first_name=first_name,
            last_name=last_name,
        )
    user.set_password(password)
    user.organisation = organisation
    user.is_staff = facilitator
    user.is_active = True
    user.save(update_fields=["password", "organisation", "is_staff", "is_active"])
    audit_log(action="user.demo_reset", obj=user)
    return user


def _demo_document(
    demo: DemoDocument, organisation: Organisation, user: User, result: DemoResult, say: Report
) -> None:
    existing = Document.objects.filter(organisation=organisation, title=demo.title).first()
    if existing is not None:
        result.documents.append(existing)
        return
    say(_("Läser in %(title)s …") % {"title": demo.title})
    run = ingestion_run_create(
        files=[(demo.file_name, document_bytes(demo))],
        organisation=organisation,
        user=user,
        kind=demo.kind,
        year=demo.year,
        title=demo.title,
        shared=True,
        enqueue=False,
    )
    ingestion_run_process(run_id=run.pk)
    for item in run.files.all():
        if item.document_id is None:
            result.failures.append(f"{item.file_name}: {item.error}")
        else:
            result.documents.append(Document.objects.get(pk=item.document_id))
            result.created_documents += 1


def _demo_meeting(user: User, result: DemoResult, say: Report) -> None:
    """A meeting from the seed's template (agenda, polls, group dialogue)."""
    project = project_get_or_create(title=PROJECT_TITLE, user=user)
    meeting = Meeting.objects.filter(project=project, title=MEETING_TITLE).first()
    if meeting is None:
        say(_("Skapar demomötet …"))
        meeting = meeting_create(
            project=project,
            title=MEETING_TITLE,
            user=user,
            template="seed",
            starts_at=_next_week(),
            digital=True,
        )
    assignments_create_from_seed(
        meeting=meeting, user=user, due_date=timezone.localdate() + timedelta(days=6)
    )
    result.meeting_id = meeting.pk
    result.join_code = meeting.join_code


def _next_week() -> datetime:
    """A week from today at half past nine, local time: a plausible start for the demo meeting."""
    day = timezone.localdate() + timedelta(days=7)
    return timezone.make_aware(datetime.combine(day, time(9, 30)))
