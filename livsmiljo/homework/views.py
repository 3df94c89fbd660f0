from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.homework import selectors, services
from livsmiljo.homework.access import (
    get_assignment_for_facilitator,
    get_assignment_for_user,
    get_submission_for_user,
)
from livsmiljo.homework.forms import AssignmentForm, SubmissionForm
from livsmiljo.homework.models import Assignment, Submission
from livsmiljo.organisations.access import is_facilitator, request_user
from livsmiljo.workshops.access import get_meeting_for_facilitator, get_meeting_for_user, meetings_visible_to
from livsmiljo.workshops.models import Meeting


@dataclass
class AssignmentItem:
    assignment: Assignment
    for_me: bool
    own: list[Submission] = field(default_factory=list)
    shared: list[Submission] = field(default_factory=list)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    meetings = meetings_visible_to(user).annotate(assignment_count=Count("assignments"))
    if not is_facilitator(user):
        meetings = meetings.filter(assignment_count__gt=0)
    return render(request, "homework/index.html", {"meetings": meetings})


@login_required
def meeting_homework(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Each assignment with what the user's organisation has handed in, and what others have shared."""
    meeting, user = get_meeting_for_user(request, meeting_id), request_user(request)
    pool = selectors.project_organisations(meeting)
    submissions = list(selectors.submissions_visible_to(user, meeting))
    items = []
    for assignment in selectors.meeting_assignments(meeting):
        mine = [s for s in submissions if s.assignment_id == assignment.pk]
        targets = selectors.assignment_organisations(assignment, pool)
        items.append(
            AssignmentItem(
                assignment,
                for_me=user.organisation in targets or is_facilitator(user),
                own=[s for s in mine if s.organisation_id == user.organisation_id],
                shared=[s for s in mine if s.organisation_id != user.organisation_id],
            )
        )
    return render(request, "homework/meeting.html", {"meeting": meeting, "items": items})


@login_required
def overview(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, meeting_id)
    context = {"meeting": meeting, "table": selectors.status_table(meeting), "Status": selectors.Status}
    return render(request, "homework/overview.html", context)


@login_required
@require_POST
def create_from_seed(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, meeting_id)
    created = services.assignments_create_from_seed(meeting=meeting, user=request_user(request))
    if created:
        messages.success(request, _("%(n)s hemuppgifter lades till.") % {"n": len(created)})
    else:
        messages.info(request, _("Mötet har redan hemuppgifterna från mallen."))
    return redirect("homework:meeting", meeting_id=meeting.pk)


def _assignment_from_form(
    request: HttpRequest, form: AssignmentForm, meeting: Meeting, assignment: Assignment | None
) -> Assignment | None:
    data = form.cleaned_data
    values = {
        "title": data["title"],
        "instructions": data["instructions"],
        "kind": data["kind"],
        "audience": data["audience"],
        "organisations": list(data["organisations"]),
        "due_date": data["due_date"],
    }
    try:
        if assignment is None:
            return services.assignment_create(meeting=meeting, user=request_user(request), **values)
        return services.assignment_update(assignment=assignment, user=request_user(request), **values)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def assignment_new(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, meeting_id)
    form = AssignmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and _assignment_from_form(request, form, meeting, None):
        messages.success(request, _("Hemuppgiften är sparad."))
        return redirect("homework:meeting", meeting_id=meeting.pk)
    return render(request, "homework/assignment_form.html", {"form": form, "meeting": meeting})


@login_required
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_facilitator(request, pk)
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        assignment.refresh_from_db()  # the service saves; the form only validated
        if _assignment_from_form(request, form, assignment.meeting, assignment):
            messages.success(request, _("Hemuppgiften är sparad."))
            return redirect("homework:meeting", meeting_id=assignment.meeting_id)
    context = {"form": form, "meeting": assignment.meeting, "assignment": assignment}
    return render(request, "homework/assignment_form.html", context)


@login_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_assignment_for_facilitator(request, pk)
    try:
        services.assignment_delete(assignment=assignment, user=request_user(request))
        messages.success(request, _("Hemuppgiften är borttagen."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("homework:meeting", meeting_id=assignment.meeting_id)


@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Hand in files and/or a text for the user's organisation (a facilitator picks the organisation)."""
    user, assignment = request_user(request), get_assignment_for_user(request, pk)
    targets = selectors.assignment_organisations(assignment)
    if not is_facilitator(user) and user.organisation not in targets:
        message = _("Den här uppgiften är till %(audience)s och gäller inte din organisation.")
        raise PermissionDenied(message % {"audience": assignment.audience_label})
    form = SubmissionForm(
        request.POST or None, request.FILES or None, organisations=targets if is_facilitator(user) else None
    )
    if request.method == "POST" and form.is_valid() and _hand_in(request, form, assignment):
        messages.success(request, _("Tack! Det ni lämnat in läggs nu in i kunskapsbanken."))
        return redirect("homework:meeting", meeting_id=assignment.meeting_id)
    return render(
        request, "homework/submit.html", {"form": form, "assignment": assignment}, status=_status(form)
    )


def _status(form: SubmissionForm) -> int:
    return 400 if form.is_bound and form.errors else 200


def _hand_in(request: HttpRequest, form: SubmissionForm, assignment: Assignment) -> bool:
    data = form.cleaned_data
    try:
        services.submission_create(
            assignment=assignment,
            user=request_user(request),
            files=[(f.name or "fil", f) for f in data["uploads"]],
            text=data["text"],
            shared=data["shared"],
            year=data["year"],
            organisation=data.get("organisation"),
        )
    except (ValidationError, PermissionDenied) as error:
        form.add_error(None, " ".join(error.messages) if isinstance(error, ValidationError) else str(error))
        return False
    return True


@login_required
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request, pk)
    context = {
        "submission": submission,
        "status": selectors.submission_status(submission),
        "Status": selectors.Status,
    }
    return render(request, "homework/submission.html", context)
