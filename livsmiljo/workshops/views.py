"""Pages for planning meetings and reading their documentation; the live pages are in views_live.py."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.organisations.access import HtmxHttpRequest, request_user, require_facilitator
from livsmiljo.workshops import live, services
from livsmiljo.workshops.access import get_meeting_for_facilitator, get_meeting_for_user, meetings_visible_to
from livsmiljo.workshops.forms import BlockForm, MeetingEditForm, MeetingForm, PollForm
from livsmiljo.workshops.inbound import object_id
from livsmiljo.workshops.models import AgendaBlock, Meeting
from livsmiljo.workshops.views_editing import agenda_context, polls_context
from livsmiljo.workshops.views_registration import invitation_form_for


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = meetings_visible_to(request_user(request)).annotate(participant_count=Count("participants"))
    return render(request, "workshops/meeting_list.html", {"meetings": meetings})


@login_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    require_facilitator(request)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = data["project"] or services.project_create(
                title=data["new_project"], user=request_user(request)
            )
            meeting = services.meeting_create(
                project=project,
                title=data["title"],
                user=request_user(request),
                template=data["template"],
                starts_at=data["starts_at"],
                place=data["place"],
                digital=data["digital"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mötet är skapat. Justera programmet nedan."))
            return redirect("workshops:edit", pk=meeting.pk)
    return render(request, "workshops/meeting_create.html", {"form": form})


def _agenda_context(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "agenda": services.block_start_times(meeting),
        "block_form": BlockForm(auto_id="id_block_%s"),
    }


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, pk)
    initial = {
        "title": meeting.title,
        "starts_at": meeting.starts_at,
        "place": meeting.place,
        "digital": meeting.digital,
    }
    form = MeetingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(meeting=meeting, user=request_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mötet är sparat."))
            return redirect("workshops:edit", pk=meeting.pk)
    poll_form = PollForm(meeting=meeting, auto_id="id_poll_%s")
    context = {**_agenda_context(meeting), **polls_context(meeting), "form": form, "poll_form": poll_form}
    context["invitation_form"] = invitation_form_for(meeting)  # R4: invitation and registration
    return render(request, "workshops/meeting_edit.html", context)


def _agenda_change(request: HttpRequest, meeting: Meeting) -> str | None:
    """Apply one agenda edit from the POST; return a Swedish error or None."""
    action = request.POST.get("action")
    if action == "add":
        form = BlockForm(request.POST)
        if not form.is_valid():
            return _("Fyll i typ, rubrik och antal minuter (1–600).")
        services.block_add(meeting=meeting, user=request_user(request), **form.cleaned_data)
        return None
    # A malformed id ("²", 10**30) is a missing block, not a server error.
    block = get_object_or_404(AgendaBlock, pk=object_id(request.POST.get("block")) or 0, meeting=meeting)
    if action == "remove":
        services.block_remove(block=block, user=request_user(request))
    elif action in ("up", "down"):
        services.block_move(block=block, user=request_user(request), direction=-1 if action == "up" else 1)
    elif action == "update":
        form = BlockForm({**request.POST.dict(), "kind": block.kind})
        if not form.is_valid():
            return _("Ange en rubrik och en längd mellan 1 och 600 minuter.")
        data = form.cleaned_data
        services.block_update(
            block=block,
            user=request_user(request),
            title=data["title"],
            duration_minutes=data["duration_minutes"],
            description=data["description"],
        )
    return None


@login_required
@require_POST
def agenda_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, pk)
    try:
        error = _agenda_change(request, meeting)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if error:
        messages.error(request, error)
    if meeting.status == Meeting.Status.LIVE:
        live.broadcast_state(meeting.pk)
    if request.htmx:
        context = {**agenda_context(meeting), "agenda_error": error}
        return render(request, "workshops/_agenda.html", context)
    return redirect("workshops:edit", pk=meeting.pk)


@login_required
@require_POST
def poll_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, pk)
    form = PollForm(request.POST, meeting=meeting)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.poll_create(
                meeting=meeting,
                user=request_user(request),
                kind=data["kind"],
                question=data["question"],
                options=data["options"].splitlines(),
                block=data["block"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Frågan är tillagd."))
    else:
        messages.error(request, _("Välj typ av fråga och skriv frågan."))
    if request.POST.get("next") == "console":
        return redirect("workshops:console", pk=meeting.pk)
    return redirect("workshops:edit", pk=meeting.pk)


@login_required
def meeting_documentation(request: HttpRequest, pk: int) -> HttpResponse:
    """The documentation is one view of the meeting's report, built in the reports app (issue 12)."""
    from livsmiljo.reports.views_documentation import meeting_documentation as report_page

    return report_page(request, pk)


@login_required
def meeting_clusters(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Themes across the groups' notes with related library passages; loaded after the page (embedding)."""
    from livsmiljo.workshops.clustering import note_clusters  # numpy and the embedder: only when asked

    meeting = get_meeting_for_user(request, pk)
    clusters = note_clusters(meeting=meeting, user=request_user(request))
    template = "workshops/_clusters.html" if request.htmx else "workshops/clusters.html"
    return render(request, template, {"meeting": meeting, "clusters": clusters})
