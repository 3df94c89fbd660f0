"""The live pages: joining with a code, the participant's phone, the projector and the console."""

from collections.abc import Callable
from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from livsmiljo.matrix import live as matrix_live
from livsmiljo.matrix import services_live
from livsmiljo.organisations.access import HtmxHttpRequest, request_user
from livsmiljo.organisations.models import User
from livsmiljo.workshops import live, services
from livsmiljo.workshops.access import get_meeting_for_facilitator
from livsmiljo.workshops.forms import JoinForm, PollForm
from livsmiljo.workshops.inbound import object_id
from livsmiljo.workshops.models import BoardNote, ChatMessage, Group, Meeting, Participant, Poll, Response
from livsmiljo.workshops.ratelimit import join_blocked_for, join_failed
from livsmiljo.workshops.strings import live_strings


def _blocked_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "För många felaktiga koder. Försök igen om %(n)s minut.",
        "För många felaktiga koder. Försök igen om %(n)s minuter.",
        minutes,
    ) % {"n": minutes}


def join(request: HttpRequest, code: str = "") -> HttpResponse:
    form = JoinForm(request.POST or None, initial={"code": services.normalise_code(code)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            participant = services.participant_join(
                code=data["code"],
                display_name=data["display_name"],
                organisation=data["organisation"],
                user=request.user if isinstance(request.user, User) else None,
            )
        except ValidationError as error:
            # Only wrong codes are limited: a right one gets in even from a blocked browser or address.
            blocked = join_blocked_for(request)
            if blocked:
                form.add_error(None, _blocked_message(blocked))
                return render(request, "workshops/join.html", {"form": form}, status=429)
            join_failed(request)
            form.add_error("code", error)
        else:
            return redirect("workshops:participant", token=participant.token)
    return render(request, "workshops/join.html", {"form": form})


def participant_page(request: HttpRequest, token: str) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.select_related("meeting"), token=token)
    context = {
        "participant": participant,
        "meeting": participant.meeting,
        "ended": participant.meeting.status == Meeting.Status.ENDED,
        "ws_path": f"/ws/verkstad/deltagare/{participant.token}/",
        "strings": live_strings(),
        "matrix_scale": matrix_live.scale(),
    }
    return render(request, "workshops/participant.html", context)


def _join_url(request: HttpRequest, meeting: Meeting) -> str:
    return request.build_absolute_uri(reverse("workshops:join_code", args=[meeting.join_code]))


def screen(request: HttpRequest, token: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, screen_token=token)
    join_url = _join_url(request, meeting)
    context = {
        "meeting": meeting,
        "ended": meeting.status == Meeting.Status.ENDED,
        "documentation_url": request.build_absolute_uri(
            reverse("workshops:documentation", args=[meeting.pk])
        ),
        "join_url": join_url,
        "join_short_url": request.build_absolute_uri(reverse("workshops:join")),
        "qr_svg": segno.make(join_url, error="m").svg_inline(scale=8, dark="#000", light="#fff", border=2),
        "ws_path": f"/ws/verkstad/skarm/{meeting.screen_token}/",
        "strings": live_strings(),
    }
    return render(request, "workshops/screen.html", context)


def _console_context(request: HttpRequest, meeting: Meeting) -> dict[str, Any]:
    poll_form = PollForm(meeting=meeting)
    block = meeting.current_block
    groups = (
        Group.objects.filter(block=block).prefetch_related("members__participant__organisation")
        if block is not None
        else Group.objects.none()
    )
    return {
        "meeting": meeting,
        "agenda": services.block_start_times(meeting),
        "polls": meeting.polls.select_related("block"),
        "groups": groups,
        "participants": meeting.participants.select_related("organisation"),
        "steps": block.steps.all() if block is not None else [],
        "poll_form": poll_form,
        "join_url": _join_url(request, meeting),
        "screen_url": request.build_absolute_uri(reverse("workshops:screen", args=[meeting.screen_token])),
        "ws_path": f"/ws/verkstad/konsol/{meeting.pk}/",
        "strings": live_strings(),
    }


@login_required
def console(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """GET: the console page. POST: a console action (see PROTOCOL.md), then the refreshed panel."""
    if request.method == "POST":
        return console_action(request, pk)
    meeting = get_meeting_for_facilitator(request, pk)
    return render(request, "workshops/console.html", _console_context(request, meeting))


def _int(request: HttpRequest, name: str, default: int = 0) -> int:
    try:
        return int(request.POST.get(name, default))
    except (TypeError, ValueError):
        raise ValidationError(_("Ogiltigt värde. Ladda om sidan och försök igen.")) from None


def _id(request: HttpRequest, name: str) -> int:
    """A database id from the form; "²" or 10**30 gets the message instead of a server error."""
    value = object_id(request.POST.get(name))
    if value is None:
        raise ValidationError(_("Ogiltigt värde. Ladda om sidan och försök igen."))
    return value


def _poll(request: HttpRequest, meeting: Meeting) -> Poll:
    return get_object_or_404(Poll, pk=_id(request, "poll"), meeting=meeting)


Action = Callable[[HttpRequest, Meeting, User], Any]

ACTIONS: dict[str, Action] = {
    "start": lambda r, m, u: services.meeting_start(meeting=m, user=u),
    "next": lambda r, m, u: services.meeting_step(meeting=m, user=u, direction=1),
    "previous": lambda r, m, u: services.meeting_step(meeting=m, user=u, direction=-1),
    "goto": lambda r, m, u: services.meeting_goto(
        meeting=m, user=u, block=get_object_or_404(m.blocks, pk=_id(r, "block"))
    ),
    "end": lambda r, m, u: services.meeting_end(meeting=m, user=u),
    "timer_start": lambda r, m, u: services.timer_restart(meeting=m, user=u),
    "timer_pause": lambda r, m, u: services.timer_pause(meeting=m, user=u),
    "timer_resume": lambda r, m, u: services.timer_resume(meeting=m, user=u),
    "timer_extend": lambda r, m, u: services.timer_extend(meeting=m, user=u, seconds=_int(r, "seconds", 60)),
    "poll_open": lambda r, m, u: services.poll_open(poll=_poll(r, m), user=u),
    "poll_close": lambda r, m, u: services.poll_close(poll=_poll(r, m), user=u),
    "results_show": lambda r, m, u: services.poll_set_results_visible(poll=_poll(r, m), user=u, visible=True),
    "results_hide": lambda r, m, u: services.poll_set_results_visible(
        poll=_poll(r, m), user=u, visible=False
    ),
    "groups_form": lambda r, m, u: services.groups_form(
        block=_current_block(m), user=u, size=_int(r, "size", 4), mix=r.POST.get("mix", "organisationer")
    ),
    "group_assign": lambda r, m, u: services.group_assign(
        group=get_object_or_404(Group, pk=_id(r, "group"), meeting=m),
        participant=get_object_or_404(Participant, pk=_id(r, "participant"), meeting=m),
        user=u,
    ),
    "matrix_groups": lambda r, m, u: services_live.matrix_groups_form(
        block=_current_block(m), user=u, size=_int(r, "size", 4)
    ),
    "step_next": lambda r, m, u: services.dialogue_step(meeting=m, user=u, direction=1),
    "step_previous": lambda r, m, u: services.dialogue_step(meeting=m, user=u, direction=-1),
}

# Moderation: hide an entry, then send the changed entry (or results) to the screens.
MODERATION: dict[str, Action] = {
    "response_hide": lambda r, m, u: live.broadcast_results(
        services.response_hide(
            response=get_object_or_404(Response, pk=_id(r, "id"), poll__meeting=m), user=u
        ).poll_id
    ),
    "note_hide": lambda r, m, u: live.broadcast_board(
        m.pk, [services.note_hide(note=get_object_or_404(BoardNote, pk=_id(r, "id"), meeting=m), user=u).pk]
    ),
    "chat_hide": lambda r, m, u: live.broadcast_chat(
        m.pk,
        [services.chat_hide(message=get_object_or_404(ChatMessage, pk=_id(r, "id"), meeting=m), user=u).pk],
    ),
}


def _current_block(meeting: Meeting) -> Any:
    if meeting.current_block is None:
        raise ValidationError(_("Gå till gruppdialogen i programmet först."))
    return meeting.current_block


@login_required
@require_POST
def console_action(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    get_meeting_for_facilitator(request, pk)
    name = request.POST.get("action", "")
    error = "" if name in ACTIONS or name in MODERATION else _("Okänd åtgärd.")
    try:
        # One action at a time per meeting, each on the meeting as the previous one left it, so that two
        # quick clicks (or two facilitators) never save over each other's changes.
        with transaction.atomic():
            meeting = Meeting.objects.select_for_update().get(pk=pk)
            if name in MODERATION:
                MODERATION[name](request, meeting, request_user(request))
            elif name in ACTIONS:
                ACTIONS[name](request, meeting, request_user(request))
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if name in ACTIONS and not error:
        live.broadcast_state(pk)
    meeting = get_meeting_for_facilitator(request, pk)
    if request.htmx:
        context = {**_console_context(request, meeting), "console_error": error}
        return render(request, "workshops/_console_panel.html", context, status=200)
    if error:
        messages.error(request, error)
    return redirect("workshops:console", pk=meeting.pk)
