"""Reading invitations and registrations: the programme with times, counts per organisation, the export
table and the iCalendar file. Writes are in services/registration.py.

`registrations_by_organisation(meeting)` is what the meeting documentation uses for attendance
(livsmiljo/reports/meeting.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from livsmiljo.organisations.models import User
from livsmiljo.workshops.models import AgendaBlock, Meeting, Registration
from livsmiljo.workshops.services.meetings import block_start_times


@dataclass(frozen=True)
class ProgrammeItem:
    block: AgendaBlock
    starts_at: datetime | None
    ends_at: datetime | None


def programme(meeting: Meeting) -> list[ProgrammeItem]:
    """The agenda with planned times (the meeting's start plus the durations before each block)."""
    return [
        ProgrammeItem(block, start, start + block.duration if start else None)
        for block, start in block_start_times(meeting)
    ]


def meeting_ends_at(meeting: Meeting) -> datetime | None:
    if meeting.starts_at is None:
        return None
    minutes = sum(block.duration_minutes for block in meeting.blocks.all())
    return meeting.starts_at + timedelta(minutes=minutes)


def clock(value: datetime) -> str:
    """09.30 in Swedish (Språkrådet's style), 09:30 in English."""
    local = timezone.localtime(value)
    separator = "." if (get_language() or "sv").startswith("sv") else ":"
    return f"{local.hour:02d}{separator}{local.minute:02d}"


def meeting_when_text(meeting: Meeting) -> str:
    """'onsdag 2 december 2026 kl. 09.30–15.00' (empty when the meeting has no start time)."""
    if meeting.starts_at is None:
        return ""
    day = date_format(timezone.localtime(meeting.starts_at), "l j F Y")
    ends = meeting_ends_at(meeting)
    if ends is None or ends == meeting.starts_at:
        return _("%(day)s kl. %(start)s") % {"day": day, "start": clock(meeting.starts_at)}
    return _("%(day)s kl. %(start)s–%(end)s") % {
        "day": day,
        "start": clock(meeting.starts_at),
        "end": clock(ends),
    }


def deadline_text(meeting: Meeting) -> str:
    if meeting.registration_deadline is None:
        return ""
    local = timezone.localtime(meeting.registration_deadline)
    return _("%(day)s kl. %(time)s") % {"day": date_format(local, "l j F Y"), "time": clock(local)}


def place_text(meeting: Meeting) -> str:
    """The place, 'Digitalt', or both for a hybrid meeting."""
    if meeting.digital and meeting.place:
        return _("%(place)s och digitalt") % {"place": meeting.place}
    if meeting.digital:
        return _("Digitalt")
    return meeting.place


def registration_for(meeting: Meeting, user: Any) -> Registration | None:
    """The user's registration (any user object: anonymous visitors have none)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return Registration.objects.filter(meeting=meeting, user=user).first()


def registrations_by_organisation(meeting: Meeting) -> list[tuple[str, int, int, int]]:
    """(organisation name, registered, in person, online) per organisation, by name."""
    counts: dict[str, list[int]] = {}
    for name, attendance in meeting.registrations.values_list("organisation__name", "attendance"):
        row = counts.setdefault(name, [0, 0, 0])
        row[0] += 1
        row[1 if attendance == Registration.Attendance.IN_PERSON else 2] += 1
    return [(name, total, here, remote) for name, (total, here, remote) in sorted(counts.items())]


def registrations_list(meeting: Meeting) -> list[Registration]:
    return list(meeting.registrations.select_related("organisation"))


def registrations_table(meeting: Meeting) -> tuple[list[str], list[list[object]]]:
    """The list for CSV/XLSX (analysis.exports writes it, every cell neutralised)."""
    header = [_("namn"), _("organisation"), _("deltar"), _("specialkost"), _("anmäld")]
    rows: list[list[object]] = [
        [
            r.name,
            r.organisation.name,
            r.get_attendance_display(),
            r.dietary_needs,
            timezone.localtime(r.updated_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for r in registrations_list(meeting)
    ]
    return header, rows


def calendar_bytes(meeting: Meeting, *, url: str, include_link: bool) -> bytes:
    """An iCalendar file (RFC 5545) with one event: time, place or online link, the programme."""
    from icalendar import Calendar, Event

    assert meeting.starts_at is not None
    calendar = Calendar()
    calendar.add("prodid", "-//Livsmiljö//Verkstad//SV")
    calendar.add("version", "2.0")
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}-{meeting.created_at:%Y%m%d%H%M%S}@livsmiljo")
    event.add("dtstamp", timezone.now())
    starts = timezone.localtime(meeting.starts_at)  # Europe/Stockholm, with its VTIMEZONE below
    event.add("dtstart", starts)
    event.add("dtend", timezone.localtime(meeting_ends_at(meeting) or starts))
    event.add("summary", meeting.title)
    location = meeting.place or (meeting.online_link if include_link else "") or _("Digitalt")
    event.add("location", location)
    event.add("description", _calendar_description(meeting, url=url, include_link=include_link))
    event.add("url", url)
    calendar.add_component(event)
    calendar.add_missing_timezones()  # a VTIMEZONE for Europe/Stockholm: Outlook needs it for TZID
    return calendar.to_ical()


def _calendar_description(meeting: Meeting, *, url: str, include_link: bool) -> str:
    lines = [meeting.welcome_text] if meeting.welcome_text else []
    if include_link and meeting.online_link:
        lines.append(_("Länk till mötet: %(link)s") % {"link": meeting.online_link})
    lines += ["", _("Program")]
    for item in programme(meeting):
        start = f"{clock(item.starts_at)} " if item.starts_at else ""
        lines.append(f"{start}{item.block.title}")
    if meeting.practical_information:
        lines += ["", _("Praktisk information"), meeting.practical_information]
    lines += ["", url]
    return "\n".join(lines).strip()
