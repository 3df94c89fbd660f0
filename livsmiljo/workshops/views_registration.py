"""The invitation (a public page behind a random token), registering, the facilitator's list, exports and
the iCalendar file.

Who sees what: anyone with the link sees a published meeting's invitation (time, place, programme,
practical information); the link to the digital meeting and the registration form only project members
who are logged in (and facilitators). Unpublished meetings answer 404 at their token.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo import ratelimit
from livsmiljo.analysis.exports import table_response
from livsmiljo.organisations.access import is_facilitator, request_user
from livsmiljo.workshops import registration as selectors
from livsmiljo.workshops.access import get_meeting_for_facilitator, get_meeting_for_user
from livsmiljo.workshops.forms import InvitationForm, RegistrationForm
from livsmiljo.workshops.models import Meeting, Registration
from livsmiljo.workshops.services import registration as services

# Registering is a form for people, a few changes at most: this stops a script, never a person.
WRITES_PER_USER = ratelimit.Limit("registration-user", allowed=20, window=600)
EXPORT_FORMATS = ("csv", "xlsx")


def invitation_form_for(meeting: Meeting) -> InvitationForm:
    """The invitation form filled from the meeting, for the meeting's edit page."""
    fields = InvitationForm.base_fields
    return InvitationForm(initial={name: getattr(meeting, name) for name in fields}, auto_id="id_inv_%s")


def _registration_form(meeting: Meeting, user: Any, data: Any = None) -> RegistrationForm:
    mine = selectors.registration_for(meeting, user)
    if mine is not None:
        initial = {"name": mine.name, "attendance": mine.attendance, "dietary_needs": mine.dietary_needs}
    else:
        initial = {"name": user.get_full_name() or user.get_username()} if user.is_authenticated else {}
    return RegistrationForm(data, initial=initial, allowed=services.attendance_choices(meeting))


def _invitation_context(request: HttpRequest, meeting: Meeting, form: RegistrationForm | None = None) -> Any:
    user = request.user
    member = services.is_project_member(meeting=meeting, user=user)
    insider = member or is_facilitator(user)
    return {
        "meeting": meeting,
        "when": selectors.meeting_when_text(meeting),
        "place": selectors.place_text(meeting),
        "programme": selectors.programme(meeting),
        "deadline": selectors.deadline_text(meeting),
        "closed_reason": services.registration_closed_reason(meeting),
        "member": member,
        "show_link": insider and bool(meeting.online_link),
        "is_facilitator": is_facilitator(user),
        "mine": selectors.registration_for(meeting, user) if member else None,
        "form": form or (_registration_form(meeting, user) if member else None),
        "login_url": f"{reverse('login')}?next={request.path}",
    }


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("project"), public_token=token, invitation_published=True
    )
    return render(request, "workshops/invitation.html", _invitation_context(request, meeting))


@login_required
def invitation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, pk)
    form = InvitationForm(request.POST or None, auto_id="id_inv_%s") if request.method == "POST" else None
    if form is not None and form.is_valid():
        try:
            services.meeting_invitation_update(
                meeting=meeting, user=request_user(request), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Inbjudan är sparad."))
            return redirect(reverse("workshops:edit", args=[meeting.pk]) + "#invitation-heading")
    form = form or invitation_form_for(meeting)
    return render(request, "workshops/invitation_edit.html", {"meeting": meeting, "invitation_form": form})


def _rate_limited(request: HttpRequest) -> bool:
    hits = [(WRITES_PER_USER, str(request_user(request).pk))]
    return ratelimit.hit(hits)[0] > WRITES_PER_USER.allowed


@login_required
@require_POST
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register, change or (action=cancel) cancel; a member of another project gets 404."""
    meeting = get_meeting_for_user(request, pk)
    user = request_user(request)
    if _rate_limited(request):
        messages.error(
            request, _("Du har ändrat din anmälan många gånger. Vänta några minuter och försök igen.")
        )
        return render(request, "workshops/invitation.html", _invitation_context(request, meeting), status=429)
    try:
        if request.POST.get("action") == "cancel":
            if services.registration_cancel(meeting=meeting, user=user):
                messages.success(request, _("Din anmälan är avbokad."))
            return _back(meeting)
        form = _registration_form(meeting, user, request.POST)
        if not form.is_valid():
            context = _invitation_context(request, meeting, form)
            return render(request, "workshops/invitation.html", context, status=400)
        had = selectors.registration_for(meeting, user) is not None
        services.registration_save(meeting=meeting, user=user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(meeting)
    messages.success(request, _("Din anmälan är ändrad.") if had else _("Tack! Du är anmäld."))
    return _back(meeting)


def _back(meeting: Meeting) -> HttpResponse:
    if meeting.invitation_published and meeting.public_token:
        return redirect(
            reverse("workshops:invitation", args=[meeting.public_token]) + "#registration-heading"
        )
    return redirect("workshops:list")


@login_required
def registrations(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, pk)
    people = selectors.registrations_list(meeting)
    context = {
        "meeting": meeting,
        "people": people,
        "by_organisation": selectors.registrations_by_organisation(meeting),
        "in_person": sum(r.attendance == Registration.Attendance.IN_PERSON for r in people),
        "online": sum(r.attendance == Registration.Attendance.ONLINE for r in people),
        "dietary": [r for r in people if r.dietary_needs],
        "when": selectors.meeting_when_text(meeting),
        "deadline": selectors.deadline_text(meeting),
    }
    return render(request, "workshops/registrations.html", context)


@login_required
def registrations_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    filename = f"anmalningar-{meeting.pk}-{slugify(meeting.title)[:40]}"
    return table_response(selectors.registrations_table(meeting), fmt, filename, _("Anmälningar"))


@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The meeting for one's own calendar: for project members and facilitators (it holds the link)."""
    meeting = get_meeting_for_user(request, pk)
    if meeting.starts_at is None:
        raise Http404(_("Mötet har ingen starttid än."))
    if meeting.invitation_published and meeting.public_token:
        url = request.build_absolute_uri(reverse("workshops:invitation", args=[meeting.public_token]))
    else:
        url = request.build_absolute_uri(reverse("workshops:documentation", args=[meeting.pk]))
    body = selectors.calendar_bytes(meeting, url=url, include_link=True)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="mote-{meeting.pk}.ics"'
    return response
