"""A meeting's documentation as a Report: the agenda as it ran, attendance, results as charts, the groups'
areas and board, themes with quotes and library passages, the matrix, reflections, check-out, homework
and a summary, with the facilitator's edits in place of the generated text.

Two audiences: "project" is what the project's members read in the platform; "public" is what may go on
the project's website: no chat (it carries names), only shared homework and shared documents.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from livsmiljo.engine.report import BulletList, Heading, Paragraph, Quote, Report, Source
from livsmiljo.engine.report.model import Block
from livsmiljo.reports import meeting_parts
from livsmiljo.reports.labels import date_text, report_labels, report_language
from livsmiljo.reports.models import MeetingDocumentation
from livsmiljo.reports.snapshot import AUDIENCES, build_snapshot
from livsmiljo.workshops.models import AgendaBlock, BoardNote, Meeting
from livsmiljo.workshops.registration import registrations_by_organisation
from livsmiljo.workshops.services import block_start_times

SUMMARY, INTRODUCTION, CLOSING = "sammanfattning", "inledning", "avslutning"
QUOTES_PER_CLUSTER = 3


@dataclass
class Context:
    meeting: Meeting
    audience: str
    snapshot: dict[str, Any]
    edits: dict[str, str] = field(default_factory=dict)

    @property
    def public(self) -> bool:
        return self.audience == "public"


def build_meeting_report(meeting: Meeting, *, audience: str = "project", summarise: bool = True) -> Report:
    """The documentation as it stands: the stored one with its edits, or (before the meeting has been
    documented) one computed now; then `summarise=False` leaves the summary for when it is generated."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    documentation = MeetingDocumentation.objects.filter(meeting=meeting).first()
    if documentation is not None:
        edits = {e.section: e.text for e in documentation.edits.all()}
        context = Context(meeting, audience, documentation.snapshot, edits)
    else:
        context = Context(meeting, audience, build_snapshot(meeting, (audience,), summarise=summarise))
    report = _report_head(meeting)
    for part in PARTS:
        report.add(*part(context))
    return report


def _clock(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%H:%M") if value else "–"


def _report_head(meeting: Meeting) -> Report:
    when = meeting.starts_at or meeting.ended_at
    place = meeting.place or (_("Digitalt möte") if meeting.digital else "")
    return Report(
        title=_("Dokumentation: %(title)s") % {"title": meeting.title},
        subtitle=place,  # the project is the report's author, shown next to the date
        date=timezone.localtime(when).date() if when else None,
        date_text=date_text(when) if when else "",
        language=report_language(),
        author=meeting.project.title,
        labels=report_labels(),
    )


def edited_mark() -> Paragraph:
    return Paragraph(_("Redigerad av processledaren"), muted=True)


def _edited(context: Context, section: str, generated: list[Block]) -> list[Block]:
    text = context.edits.get(section, "").strip()
    if not text:
        return generated
    paragraphs: list[Block] = [Paragraph(p.strip()) for p in text.split("\n\n") if p.strip()]
    return [*paragraphs, edited_mark()]


# -- the parts, in the order they appear --------------------------------------------------------------


def introduction_text(meeting: Meeting) -> str:
    rows = attendance_rows(meeting)
    people, organisations = sum(n for _, n in rows), len(rows)
    when = meeting.starts_at or meeting.ended_at
    text = _("Mötet %(title)s i lärprojektet %(project)s") % {
        "title": meeting.title,
        "project": meeting.project.title,
    }
    if when:
        text += " " + _("hölls %(date)s") % {"date": date_text(when)}
    if meeting.place:
        text += " " + _("i %(place)s") % {"place": meeting.place}
    text += ". " + ngettext(
        "%(people)d deltagare från %(orgs)d organisation var med.",
        "%(people)d deltagare från %(orgs)d organisationer var med.",
        organisations,
    ) % {"people": people, "orgs": organisations}
    return text


def _introduction(context: Context) -> list[Block]:
    head = Heading(1, _("Inledning"), "inledning")
    return [head, *_edited(context, INTRODUCTION, [Paragraph(introduction_text(context.meeting))])]


def summary_paragraphs(context: Context) -> list[Block]:
    summary = (context.snapshot.get("summary") or {}).get(context.audience)
    if not summary or not summary.get("sentences"):
        return [Paragraph(_("Ingen sammanfattning ännu."), muted=True)]
    blocks: list[Block] = [
        Paragraph(s["text"], sources=tuple(_source(src, context) for src in s["sources"]))
        for s in summary["sentences"]
    ]
    if summary.get("note"):
        blocks.append(Paragraph(summary["note"], muted=True))
    return blocks


def _source(data: dict[str, Any], context: Context) -> Source:
    href = "" if context.public and data["kind"] == "passage" else data.get("href", "")
    return Source(data["kind"], data["id"], data["label"], href)


def _summary(context: Context) -> list[Block]:
    return [
        Heading(1, _("Sammanfattning"), "sammanfattning"),
        *_edited(context, SUMMARY, summary_paragraphs(context)),
    ]


def _agenda(context: Context) -> list[Block]:
    rows = []
    for block, planned in block_start_times(context.meeting):
        rows.append(
            (
                block.title,
                str(block.get_kind_display()),
                _clock(planned) if planned else "–",
                _("%(n)d min") % {"n": block.duration_minutes},
                _ran(block),
                _minutes(block),
            )
        )
    header = (_("Punkt"), _("Typ"), _("Planerad start"), _("Planerat"), _("Genomfört"), _("Tog"))
    table = meeting_parts.table(_("Programmet som det genomfördes"), header, rows, numeric=(), name="program")
    return [Heading(1, _("Programmet som det genomfördes"), "program"), table]


def _ran(block: AgendaBlock) -> str:
    if block.started_at is None:
        return _("Inte genomförd")
    return f"{_clock(block.started_at)}–{_clock(block.ended_at) if block.ended_at else ''}"


def _minutes(block: AgendaBlock) -> str:
    if block.started_at is None or block.ended_at is None:
        return "–"
    return _("%(n)d min") % {"n": round((block.ended_at - block.started_at).total_seconds() / 60)}


def attendance_rows(meeting: Meeting) -> list[tuple[str, int]]:
    """(organisation, people) for everyone who joined with the code, most first."""
    counts = Counter(
        str(p.organisation) if p.organisation_id else _("Utan organisation")
        for p in meeting.participants.select_related("organisation")
    )
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _attendance(context: Context) -> list[Block]:
    """Who joined with the code, and beside it who had registered (on site or online) per organisation."""
    joined = dict(attendance_rows(context.meeting))
    registered = {
        name: (n, here, online) for name, n, here, online in registrations_by_organisation(context.meeting)
    }
    heading = Heading(1, _("Närvaro"), "narvaro")
    if not joined and not registered:
        return [heading, Paragraph(_("Ingen deltog."), muted=True)]
    total = sum(joined.values())
    blocks: list[Block] = [heading]
    blocks.append(
        Paragraph(ngettext("%(n)d deltagare var med.", "%(n)d deltagare var med.", total) % {"n": total})
    )
    names = sorted(set(joined) | set(registered), key=lambda n: (-joined.get(n, 0), n))
    rows: list[tuple[str, ...]]
    if not registered:
        rows = [(name, str(joined[name])) for name in names]
        header: tuple[str, ...] = (_("Organisation"), _("Deltagare"))
        numeric: tuple[int, ...] = (1,)
    else:
        here = sum(r[1] for r in registered.values())
        online = sum(r[2] for r in registered.values())
        blocks.append(
            Paragraph(
                ngettext(
                    "%(n)d hade anmält sig: %(here)d på plats och %(online)d digitalt.",
                    "%(n)d hade anmält sig: %(here)d på plats och %(online)d digitalt.",
                    here + online,
                )
                % {"n": here + online, "here": here, "online": online}
            )
        )
        rows = [
            (name, str(joined.get(name, 0)), *(str(x) for x in registered.get(name, (0, 0, 0))))
            for name in names
        ]
        header = (_("Organisation"), _("Deltog"), _("Anmälda"), _("varav på plats"), _("varav digitalt"))
        numeric = (1, 2, 3, 4)
    blocks.append(
        meeting_parts.table(_("Närvaro per organisation"), header, rows, numeric=numeric, name="narvaro")
    )
    return blocks


def _polls(context: Context) -> list[Block]:
    polls = meeting_parts.polls_in(context.meeting, exclude=meeting_parts.CLOSING_KINDS)
    if not polls:
        return []
    blocks: list[Block] = [Heading(1, _("Frågor och svar"), "fragor")]
    for poll in polls:
        blocks += meeting_parts.poll_blocks(poll)
    return blocks


def _areas(context: Context) -> list[Block]:
    blocks: list[Block] = [Heading(1, _("Områden som grupperna valt"), "omraden")]
    areas = group_areas(context.meeting)
    for name, notes in areas:
        blocks.append(Heading(2, name))
        blocks.append(BulletList(tuple(_note_item(note) for note in notes)))
    if not areas:
        blocks.append(Paragraph(_("Inga lappar på tavlan."), muted=True))
    return blocks


def group_areas(meeting: Meeting) -> list[tuple[str, list[BoardNote]]]:
    """The board's visible notes by group (the whole room's notes last), most votes first."""
    notes = BoardNote.objects.filter(meeting=meeting, hidden=False).select_related("group")
    areas: dict[str, list[BoardNote]] = {}
    for note in notes.order_by("group__number", "-votes", "id"):
        areas.setdefault(str(note.group) if note.group_id else _("Helgrupp"), []).append(note)
    return list(areas.items())


def note_source(note: BoardNote) -> Source:
    return Source("note", note.pk, _("lapp %(id)d") % {"id": note.pk})


def _note_item(note: BoardNote) -> Paragraph:
    votes = ngettext("%(n)d röst", "%(n)d röster", note.votes) % {"n": note.votes}
    return Paragraph(f"{note.text} ({votes})", sources=(note_source(note),))


def _themes(context: Context) -> list[Block]:
    clusters = context.snapshot.get("clusters") or []
    notes = BoardNote.objects.filter(meeting=context.meeting, hidden=False).select_related("group").in_bulk()
    passages = meeting_parts.passages_by_id([pk for c in clusters for pk in c["passages"]])
    blocks: list[Block] = []
    for cluster in clusters:
        members = [notes[pk] for pk in cluster["notes"] if pk in notes]
        if members:
            blocks += _theme(context, cluster, members, passages)
    if not blocks:
        return []
    return [Heading(1, _("Teman över grupperna"), "teman"), *blocks]


def _theme(
    context: Context, cluster: dict[str, Any], members: list[BoardNote], passages: dict
) -> list[Block]:
    title = context.edits.get(cluster["key"], "").strip()
    blocks: list[Block] = [Heading(2, title or cluster["label"], cluster["key"])]
    if title:
        blocks.append(edited_mark())
    groups = sorted({str(n.group) for n in members if n.group_id})
    count = ngettext("%(n)d lapp", "%(n)d lappar", len(members)) % {"n": len(members)}
    blocks.append(Paragraph(f"{count}: {', '.join(groups)}" if groups else count))
    for note in members[:QUOTES_PER_CLUSTER]:
        attribution = str(note.group) if note.group_id else _("Helgrupp")
        blocks.append(Quote(note.text, attribution, note_source(note)))
    related = [passages[pk] for pk in cluster["passages"] if pk in passages]
    if related:
        blocks.append(Paragraph(_("Relaterat i kunskapsbanken:")))
        blocks.append(BulletList(tuple(meeting_parts.passage_item(p, context.public) for p in related)))
    return blocks


def _matrices(context: Context) -> list[Block]:
    return meeting_parts.matrix_blocks(context.meeting, public=context.public)


def _reflections(context: Context) -> list[Block]:
    polls = meeting_parts.polls_in(context.meeting, only=(AgendaBlock.Kind.REFLECTION,))
    if not polls:
        return []
    blocks: list[Block] = [Heading(1, _("Reflektioner"), "reflektioner")]
    for poll in polls:
        blocks += meeting_parts.poll_blocks(poll)
    return blocks


def _checkout(context: Context) -> list[Block]:
    blocks: list[Block] = [Heading(1, _("Utcheckning"), "utcheckning")]
    polls = meeting_parts.polls_in(context.meeting, only=(AgendaBlock.Kind.CHECKOUT,))
    for poll in polls:
        blocks += meeting_parts.poll_blocks(poll)
    if not polls:
        blocks.append(Paragraph(_("Ingen utcheckning."), muted=True))
    return blocks


def _homework(context: Context) -> list[Block]:
    return meeting_parts.homework_blocks(context.meeting, public=context.public)


def _chat(context: Context) -> list[Block]:
    """The chat names people: it stays in the platform and is left out of what may be published."""
    if context.public:
        return []
    messages = context.meeting.chat_messages.filter(hidden=False).select_related("participant", "user")
    items = tuple(Paragraph(f"{_clock(m.created_at)} {m.author}: {m.text}") for m in messages)
    heading = Heading(1, _("Chatten"), "chatten")
    return [
        heading,
        BulletList(items, ordered=True) if items else Paragraph(_("Inga meddelanden."), muted=True),
    ]


def _closing(context: Context) -> list[Block]:
    if not context.edits.get(CLOSING, "").strip():
        return []
    return [Heading(1, _("Avslutning"), "avslutning"), *_edited(context, CLOSING, [])]


PARTS = (
    _introduction,
    _summary,
    _agenda,
    _attendance,
    _polls,
    _areas,
    _themes,
    _matrices,
    _reflections,
    _checkout,
    _homework,
    _chat,
    _closing,
)
