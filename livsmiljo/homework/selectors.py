"""Reads for homework: who an assignment is for, who has handed in what, and what a user may see."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import islice

from django.db.models import F, Prefetch, Q, QuerySet

from livsmiljo.documents.models import IngestionFile
from livsmiljo.homework.models import Assignment, Audience, Submission
from livsmiljo.organisations.access import is_facilitator
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.workshops.access import meetings_visible_to
from livsmiljo.workshops.models import Meeting

_KINDS = {
    Audience.ALL: set(Organisation.Kind),
    Audience.REGIONS: {Organisation.Kind.REGION},
    Audience.NATIONAL: {Organisation.Kind.AGENCY},
}


def project_organisations(meeting: Meeting) -> list[Organisation]:
    """The meeting's project's organisations, or every organisation when the project names none."""
    chosen = list(meeting.project.participants.all())
    return chosen or list(Organisation.objects.all())


def assignment_organisations(
    assignment: Assignment, candidates: list[Organisation] | None = None
) -> list[Organisation]:
    """Who is expected to hand in: the hand-picked organisations, else the audience among the project's."""
    picked = list(assignment.organisations.all())
    if picked:
        return picked
    pool = candidates if candidates is not None else project_organisations(assignment.meeting)
    return [org for org in pool if org.kind in _KINDS[Audience(assignment.audience)]]


def meeting_assignments(meeting: Meeting) -> list[Assignment]:
    return list(meeting.assignments.prefetch_related("organisations"))


def _with_files(submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    return submissions.select_related("organisation", "user", "document", "assignment").prefetch_related(
        Prefetch("run__files", queryset=IngestionFile.objects.select_related("document"))
    )


def _visible_to(user: User, submissions: QuerySet[Submission]) -> QuerySet[Submission]:
    """Facilitators see every submission; others their organisation's and the ones shared with the project."""
    if is_facilitator(user):
        return submissions
    return submissions.filter(Q(organisation_id=user.organisation_id) | Q(shared=True))


def submissions_visible_to(user: User, meeting: Meeting) -> QuerySet[Submission]:
    """A meeting's submissions the user may read (the meeting itself is loaded through workshops.access)."""
    return _with_files(_visible_to(user, Submission.objects.filter(assignment__meeting=meeting)))


def submission_for_user(user: User, pk: int) -> Submission | None:
    """The submission if its meeting's project includes the user's organisation and the user may read it."""
    in_projects = Submission.objects.filter(pk=pk, assignment__meeting__in=meetings_visible_to(user))
    return _with_files(_visible_to(user, in_projects)).first()


class Status:
    NOT_EXPECTED = "ej_aktuell"
    MISSING = "saknas"
    PROCESSING = "bearbetas"
    HANDED_IN = "inlamnad"
    FAILED = "misslyckad"


_IN_PROGRESS = {IngestionFile.Status.QUEUED, IngestionFile.Status.EXTRACTING}


def submission_status(submission: Submission) -> str:
    found = submission.ingestion_file
    if found is None or found.status not in _IN_PROGRESS | {IngestionFile.Status.FAILED}:
        return Status.HANDED_IN
    return Status.FAILED if found.status == IngestionFile.Status.FAILED else Status.PROCESSING


@dataclass
class Cell:
    assignment: Assignment
    expected: bool
    submissions: list[Submission] = field(default_factory=list)

    @property
    def status(self) -> str:
        """Handed in once anything usable arrived (a text always is; a file still being read counts too)."""
        if any(s.text or submission_status(s) != Status.FAILED for s in self.submissions):
            return Status.HANDED_IN
        if self.submissions:
            return Status.FAILED
        return Status.MISSING if self.expected else Status.NOT_EXPECTED


@dataclass
class Row:
    organisation: Organisation
    cells: list[Cell]

    @property
    def done(self) -> int:
        return sum(1 for c in self.cells if c.expected and c.status == Status.HANDED_IN)

    @property
    def expected(self) -> int:
        return sum(1 for c in self.cells if c.expected)


@dataclass
class StatusTable:
    assignments: list[Assignment]
    rows: list[Row]

    def handed_in(self, assignment: Assignment) -> int:
        return sum(
            1
            for r in self.rows
            for c in r.cells
            if c.assignment == assignment and c.status == Status.HANDED_IN
        )


def status_table(meeting: Meeting) -> StatusTable:
    """Organisations × assignments with what each has handed in; a fixed number of queries."""
    assignments = meeting_assignments(meeting)
    pool = project_organisations(meeting)
    expected = {a.pk: {o.pk for o in assignment_organisations(a, pool)} for a in assignments}
    submissions = list(_with_files(Submission.objects.filter(assignment__meeting=meeting)))
    orgs = {o.pk: o for o in pool if any(o.pk in e for e in expected.values())}
    orgs.update({s.organisation_id: s.organisation for s in submissions})
    rows = []
    for org in sorted(orgs.values(), key=lambda o: (o.kind != Organisation.Kind.REGION, o.name)):
        cells = [
            Cell(
                a,
                org.pk in expected[a.pk],
                [s for s in submissions if s.assignment_id == a.pk and s.organisation_id == org.pk],
            )
            for a in assignments
        ]
        rows.append(Row(org, cells))
    return StatusTable(assignments, rows)


def open_assignments_for(user: User, *, today: date, limit: int = 5) -> list[Assignment]:
    """Assignments the user's organisation is expected to hand in and has not yet, soonest deadline first.

    A deadline that passed more than a month ago no longer counts as open: the next meeting has moved on."""
    organisation = user.organisation if user.is_authenticated else None
    if organisation is None:
        return []
    candidates = (
        Assignment.objects.filter(meeting__in=meetings_visible_to(user))
        .filter(Q(due_date__isnull=True) | Q(due_date__gte=today - timedelta(days=30)))
        .exclude(submissions__organisation=organisation)
        .select_related("meeting")
        .prefetch_related("organisations")
        .order_by(F("due_date").asc(nulls_last=True), "meeting_id", "order", "id")
    )
    expected = (a for a in candidates if organisation in assignment_organisations(a, [organisation]))
    return list(islice(expected, limit))
