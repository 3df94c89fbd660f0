"""Editing a meeting's plan after creation: an agenda item in place, a question, deleting a question.

Each view answers HTMX with a partial (the agenda, a question list) and a plain browser with a page or a
redirect to the meeting's edit page, so the forms work without JavaScript too.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import retarget

from livsmiljo.organisations.access import HtmxHttpRequest, request_user
from livsmiljo.workshops import live, services
from livsmiljo.workshops.access import get_meeting_for_facilitator
from livsmiljo.workshops.forms import BlockForm, PollForm
from livsmiljo.workshops.models import AgendaBlock, Meeting, Poll


def agenda_context(meeting: Meeting) -> dict[str, Any]:
    """What _agenda.html needs, including the refreshed "Programpunkt" list of the question form."""
    return {
        "meeting": meeting,
        "agenda": services.block_start_times(meeting),
        "block_form": BlockForm(auto_id="id_block_%s"),
        "poll_form": PollForm(meeting=meeting, auto_id="id_poll_%s"),
        "refresh_poll_blocks": True,
    }


def _next(request: HtmxHttpRequest) -> str:
    """Where to go back to: the console when the form was opened from it, else the edit page."""
    return "console" if "console" in (request.POST.get("next"), request.GET.get("next")) else ""


def _back(request: HtmxHttpRequest, meeting: Meeting) -> HttpResponse:
    if _next(request) == "console":
        return redirect("workshops:console", pk=meeting.pk)
    return redirect("workshops:edit", pk=meeting.pk)


def _broadcast_if_live(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.LIVE:
        live.broadcast_state(meeting.pk)


def _block_form(request: HtmxHttpRequest, block: AgendaBlock) -> BlockForm:
    initial = {
        "kind": block.kind,
        "title": block.title,
        "duration_minutes": block.duration_minutes,
        "description": block.description,
    }
    return BlockForm(request.POST or None, initial=initial, prefix=f"block-{block.pk}")


def _save_block(request: HtmxHttpRequest, block: AgendaBlock, form: BlockForm) -> bool:
    try:
        services.block_update(block=block, user=request_user(request), **form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def block_edit(request: HtmxHttpRequest, pk: int, block_id: int) -> HttpResponse:
    """GET: the item's edit form (in place of the item under HTMX). POST: save it, then the agenda."""
    meeting = get_meeting_for_facilitator(request, pk)
    block = get_object_or_404(AgendaBlock, pk=block_id, meeting=meeting)
    form = _block_form(request, block)
    if request.method == "POST" and form.is_valid() and _save_block(request, block, form):
        _broadcast_if_live(meeting)
        if request.htmx:
            response = render(request, "workshops/_agenda.html", agenda_context(meeting))
            return retarget(response, "#agenda")
        messages.success(request, _("Programpunkten är sparad."))
        return redirect("workshops:edit", pk=meeting.pk)
    context = {"meeting": meeting, "block": block, "form": form}
    template = "workshops/_block_edit.html" if request.htmx else "workshops/block_edit.html"
    return render(request, template, context, status=422 if request.method == "POST" else 200)


def polls_context(meeting: Meeting, **extra: Any) -> dict[str, Any]:
    return {"meeting": meeting, "polls": meeting.polls.select_related("block"), **extra}


def _poll_form(request: HtmxHttpRequest, poll: Poll) -> PollForm:
    initial = {
        "block": poll.block_id,
        "kind": poll.kind,
        "question": poll.question,
        "options": "\n".join(poll.options),
    }
    return PollForm(request.POST or None, meeting=poll.meeting, initial=initial, prefix=f"poll-{poll.pk}")


def _save_poll(request: HtmxHttpRequest, poll: Poll, form: PollForm) -> bool:
    data = form.cleaned_data
    try:
        services.poll_update(
            poll=poll,
            user=request_user(request),
            kind=data["kind"],
            question=data["question"],
            options=data["options"].splitlines(),
            block=data["block"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
def poll_edit(request: HtmxHttpRequest, pk: int, poll_id: int) -> HttpResponse:
    """GET: the question's edit form. POST: save it; answered questions keep their kind and options."""
    meeting = get_meeting_for_facilitator(request, pk)
    poll = get_object_or_404(Poll, pk=poll_id, meeting=meeting)
    form = _poll_form(request, poll)
    if request.method == "POST" and form.is_valid() and _save_poll(request, poll, form):
        _broadcast_if_live(meeting)
        if request.htmx:
            context = polls_context(meeting, polls_message=_("Frågan är sparad."))
            return retarget(render(request, "workshops/_poll_list.html", context), "#poll-list")
        messages.success(request, _("Frågan är sparad."))
        return _back(request, meeting)
    answered = poll.responses.exists()
    context = {"meeting": meeting, "poll": poll, "form": form, "answered": answered, "next": _next(request)}
    template = "workshops/_poll_edit.html" if request.htmx else "workshops/poll_edit.html"
    return render(request, template, context, status=422 if request.method == "POST" else 200)


@login_required
def poll_delete(request: HtmxHttpRequest, pk: int, poll_id: int) -> HttpResponse:
    """GET: a page that asks first (without JavaScript). POST: delete; screens drop it if it was current."""
    meeting = get_meeting_for_facilitator(request, pk)
    poll = get_object_or_404(Poll, pk=poll_id, meeting=meeting)
    if request.method != "POST":
        answers = poll.responses.count()
        context = {"meeting": meeting, "poll": poll, "answers": answers, "next": _next(request)}
        return render(request, "workshops/poll_delete.html", context)
    services.poll_delete(poll=poll, user=request_user(request))
    _broadcast_if_live(meeting)
    if request.htmx:
        context = polls_context(meeting, polls_message=_("Frågan är borttagen."))
        return retarget(render(request, "workshops/_poll_list.html", context), "#poll-list")
    messages.success(request, _("Frågan är borttagen."))
    return _back(request, meeting)
