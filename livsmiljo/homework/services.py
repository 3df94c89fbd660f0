"""Writes for homework: assignments (by facilitators) and submissions (by the organisations)."""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.documents.models import DocumentKind, IngestionRun
from livsmiljo.documents.services import Upload, ingestion_run_create
from livsmiljo.homework.models import Assignment, Audience, Submission
from livsmiljo.homework.selectors import assignment_organisations
from livsmiljo.organisations.access import is_facilitator
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import audit_log
from livsmiljo.workshops.models import Meeting

MAX_TEXT_CHARS = 20_000
MAX_FILES = 10

UploadedFile = tuple[str, Upload]


@dataclass(frozen=True)
class SeedTask:
    title: str
    instructions: str
    kind: str
    audience: str


def seed_tasks() -> list[SeedTask]:
    """The four tasks of the seed's slide "Inför nästa workshop – Hemuppgift"."""
    return [
        SeedTask(
            _("Ta med din RUS"),
            _(
                "Ta med din regionala utvecklingsstrategi (RUS) och fundera på hur den lyfter "
                "hållbara livsmiljöer."
            ),
            DocumentKind.RUS,
            Audience.REGIONS,
        ),
        SeedTask(
            _("En underliggande strategi eller plan"),
            _(
                "Ta fram en underliggande strategi eller plan till RUS, eller en annan strategi "
                "som du tycker särskilt lyfter hållbara livsmiljöer."
            ),
            DocumentKind.PLAN,
            Audience.REGIONS,
        ),
        SeedTask(
            _("Ett styrdokument"),
            _("Ta fram ett styrdokument som du tycker särskilt berör hållbara livsmiljöer."),
            DocumentKind.STEERING,
            Audience.NATIONAL,
        ),
        SeedTask(
            _("Hur arbetar ni med hållbara livsmiljöer?"),
            _(
                "Skriv ned några punkter om hur du och din organisation i dag arbetar med hållbara "
                "livsmiljöer (om ni gör det)."
            ),
            DocumentKind.NOTE,
            Audience.ALL,
        ),
    ]


def _require_facilitator(user: User) -> None:
    if not is_facilitator(user):
        raise PermissionDenied(_("Bara processledare kan ändra hemuppgifter."))


def _clean_assignment(*, title: str, kind: str, audience: str) -> str:
    title = title.strip()
    if not title:
        raise ValidationError(_("Skriv vad uppgiften går ut på."))
    if kind not in DocumentKind.values:
        raise ValidationError(_("Välj en dokumenttyp i listan."))
    if audience not in Audience.values:
        raise ValidationError(_("Välj vilka uppgiften gäller i listan."))
    return title


@transaction.atomic
def assignment_create(
    *,
    meeting: Meeting,
    user: User,
    title: str,
    instructions: str = "",
    kind: str = DocumentKind.NOTE,
    audience: str = Audience.ALL,
    organisations: list[Organisation] | None = None,
    due_date: date | None = None,
) -> Assignment:
    _require_facilitator(user)
    title = _clean_assignment(title=title, kind=kind, audience=audience)
    last = meeting.assignments.aggregate(m=Max("order"))["m"] or 0
    assignment = Assignment.objects.create(
        meeting=meeting,
        order=last + 1,
        title=title,
        instructions=instructions.strip(),
        kind=kind,
        audience=audience,
        due_date=due_date,
        created_by=user,
    )
    assignment.organisations.set(organisations or [])
    audit_log(action="assignment.create", user=user, obj=assignment, meeting=meeting.pk)
    return assignment


@transaction.atomic
def assignment_update(
    *,
    assignment: Assignment,
    user: User,
    title: str,
    instructions: str,
    kind: str,
    audience: str,
    organisations: list[Organisation],
    due_date: date | None,
) -> Assignment:
    _require_facilitator(user)
    assignment.title = _clean_assignment(title=title, kind=kind, audience=audience)
    assignment.instructions = instructions.strip()
    assignment.kind, assignment.audience, assignment.due_date = kind, audience, due_date
    assignment.save()
    assignment.organisations.set(organisations)
    audit_log(action="assignment.update", user=user, obj=assignment)
    return assignment


def assignment_delete(*, assignment: Assignment, user: User) -> None:
    _require_facilitator(user)
    if assignment.submissions.exists():
        raise ValidationError(
            _(
                "Uppgiften har inlämningar och kan inte tas bort. Ändra den i stället, "
                "så finns inlämningarna kvar."
            )
        )
    audit_log(action="assignment.delete", user=user, obj=assignment, title=assignment.title)
    assignment.delete()


@transaction.atomic
def assignments_create_from_seed(
    *, meeting: Meeting, user: User, due_date: date | None = None
) -> list[Assignment]:
    """Give the meeting the seed's four homework tasks; tasks it already has are not added twice."""
    _require_facilitator(user)
    existing = set(meeting.assignments.values_list("title", flat=True))
    return [
        assignment_create(
            meeting=meeting,
            user=user,
            title=task.title,
            instructions=task.instructions,
            kind=task.kind,
            audience=task.audience,
            due_date=due_date,
        )
        for task in seed_tasks()
        if task.title not in existing
    ]


def _submitting_organisation(
    *, assignment: Assignment, user: User, organisation: Organisation | None
) -> Organisation:
    chosen = organisation if is_facilitator(user) and organisation is not None else user.organisation
    if chosen is None:
        raise ValidationError(_("Ditt konto hör inte till någon organisation. Be en processledare om hjälp."))
    if chosen not in assignment_organisations(assignment):
        raise PermissionDenied(_("Den här uppgiften gäller inte %(org)s.") % {"org": chosen.name})
    return chosen


def _clean_submission(*, files: list[UploadedFile], text: str) -> str:
    text = text.strip()
    if not files and not text:
        raise ValidationError(_("Välj minst en fil eller skriv några rader text."))
    if len(files) > MAX_FILES:
        raise ValidationError(_("Lämna in högst %(n)s filer åt gången.") % {"n": MAX_FILES})
    if len(text) > MAX_TEXT_CHARS:
        raise ValidationError(
            _("Texten är för lång (högst %(n)s tecken). Ladda upp den som en fil i stället.")
            % {"n": MAX_TEXT_CHARS}
        )
    return text


def _note_markdown(*, assignment: Assignment, organisation: Organisation, text: str) -> str:
    heading = f"{assignment.title} – {organisation.name}"
    when = timezone.localdate().isoformat()
    return f"# {heading}\n\n{_('Hemuppgift från mötet')} {assignment.meeting.title}, {when}.\n\n{text}\n"


@transaction.atomic
def submission_create(
    *,
    assignment: Assignment,
    user: User,
    files: list[UploadedFile] | None = None,
    text: str = "",
    shared: bool = True,
    year: int | None = None,
    organisation: Organisation | None = None,
) -> list[Submission]:
    """Hand in files and/or a short text for the user's organisation (facilitators may name one).

    Files go into the library with the assignment's document kind; the text is kept here and also goes
    into the library as a Markdown note, so that search finds it. Returns one submission per item.
    """
    files = list(files or [])
    text = _clean_submission(files=files, text=text)
    org = _submitting_organisation(assignment=assignment, user=user, organisation=organisation)
    submissions = []
    if files:
        submissions += _submit_files(assignment, user, org, files, shared=shared, year=year)
    if text:
        submissions.append(_submit_text(assignment, user, org, text, shared=shared, year=year))
    audit_log(
        action="submission.create",
        user=user,
        obj=assignment,
        organisation=org.slug,
        files=[s.file_name for s in submissions if not s.text],
        text=bool(text),
    )
    return submissions


def _ingest(
    *,
    files: list[UploadedFile],
    org: Organisation,
    user: User,
    kind: str,
    year: int | None,
    title: str,
    shared: bool,
) -> IngestionRun:
    return ingestion_run_create(
        files=files, organisation=org, user=user, kind=kind, year=year, title=title, shared=shared
    )


def _submit_files(
    assignment: Assignment,
    user: User,
    org: Organisation,
    files: list[UploadedFile],
    *,
    shared: bool,
    year: int | None,
) -> list[Submission]:
    run = _ingest(files=files, org=org, user=user, kind=assignment.kind, year=year, title="", shared=shared)
    return [
        Submission.objects.create(
            assignment=assignment,
            organisation=org,
            user=user,
            file_name=Path(name).name,
            shared=shared,
            run=run,
        )
        for name, _content in files
    ]


def _submit_text(
    assignment: Assignment, user: User, org: Organisation, text: str, *, shared: bool, year: int | None
) -> Submission:
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    name = f"hemuppgift-{assignment.pk}-{org.slug}-{stamp}.md"
    body = _note_markdown(assignment=assignment, organisation=org, text=text).encode()
    title = f"{assignment.title} – {org.name}"[:300]
    run = _ingest(
        files=[(name, ContentFile(body, name=name))],
        org=org,
        user=user,
        kind=DocumentKind.NOTE,
        year=year or timezone.localdate().year,
        title=title,
        shared=shared,
    )
    return Submission.objects.create(
        assignment=assignment, organisation=org, user=user, text=text, file_name=name, shared=shared, run=run
    )
