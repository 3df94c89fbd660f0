"""What the meeting documentation page shows: the agenda as run, attendance, results, areas, chat."""

from collections import Counter
from typing import Any

from django.utils.translation import gettext as _

from livsmiljo.organisations.models import User
from livsmiljo.workshops import live
from livsmiljo.workshops.models import AgendaBlock, BoardNote, Meeting
from livsmiljo.workshops.services import block_start_times


def attendance(meeting: Meeting) -> list[tuple[str, int]]:
    counts = Counter(
        str(p.organisation) if p.organisation_id else _("Utan organisation")
        for p in meeting.participants.select_related("organisation")
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def poll_sections(meeting: Meeting) -> list[dict[str, Any]]:
    sections = []
    for poll in meeting.polls.select_related("block"):
        results = live.results_payload(poll)
        counts = results.get("counts") or {}
        top = max(counts.values(), default=0) or 1
        sections.append(
            {
                "poll": poll,
                "results": results,
                "bars": [(option, n, round(100 * n / top)) for option, n in counts.items()],
                "checkout": poll.block is not None and poll.block.kind == AgendaBlock.Kind.CHECKOUT,
            }
        )
    return sections


def group_areas(meeting: Meeting) -> list[tuple[str, list[BoardNote]]]:
    notes = BoardNote.objects.filter(meeting=meeting, hidden=False).select_related("group")
    areas: dict[str, list[BoardNote]] = {}
    for note in notes.order_by("group__number", "-votes", "id"):
        areas.setdefault(str(note.group) if note.group_id else _("Helgrupp"), []).append(note)
    return list(areas.items())


def documentation_context(meeting: Meeting, user: User) -> dict[str, Any]:
    polls = poll_sections(meeting)
    return {
        "meeting": meeting,
        "agenda": block_start_times(meeting),
        "attendance": attendance(meeting),
        "participant_count": meeting.participants.count(),
        "polls": [p for p in polls if not p["checkout"]],
        "checkout_polls": [p for p in polls if p["checkout"]],
        "areas": group_areas(meeting),
        "chat": meeting.chat_messages.filter(hidden=False).select_related("participant", "user"),
    }
