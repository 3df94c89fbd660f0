"""Many answers or notes saved in one transaction: what a busy meeting's phones send within ~20 ms.

SQLite (and any database) commits one transaction at a time; 300 phones voting at once would queue 300
commits. The live consumers collect what arrives while the previous batch is being written and save it
with these functions; each item gets its own result (the saved id, or a Swedish error), so every phone
still gets its own ack or error. Same rules as `response_submit` and `note_create`.
"""

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livsmiljo.workshops.inbound import object_id
from livsmiljo.workshops.models import (
    AgendaBlock,
    BoardNote,
    GroupMember,
    Meeting,
    Participant,
    Poll,
    Response,
)
from livsmiljo.workshops.services.participation import MAX_NOTE, _clean_text, _clean_value


@dataclass(frozen=True)
class VoteItem:
    participant: Participant
    poll_id: Any
    value: Any
    nonce: str


@dataclass(frozen=True)
class NoteItem:
    participant: Participant
    text: Any


# (poll id, participant id) for answers that replace; (poll id, participant id, nonce) for answers that add.
AnswerKey = tuple[int, int] | tuple[int, int, str]


def _check(item: VoteItem, polls: dict[int, Poll]) -> tuple[Poll, Any]:
    poll_id = object_id(item.poll_id)
    poll = polls.get(poll_id) if poll_id is not None else None
    if poll is None:
        raise ValidationError(_("Frågan finns inte. Ladda om sidan."))
    if poll.meeting_id != item.participant.meeting_id:
        raise ValidationError(_("Frågan hör inte till ditt möte."))
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("Frågan är inte öppen för svar just nu."))
    return poll, _clean_value(poll, item.value)


def _key(poll: Poll, item: VoteItem) -> AnswerKey:
    if poll.allows_many_answers:
        return (poll.pk, item.participant.pk, item.nonce)
    return (poll.pk, item.participant.pk)


@transaction.atomic
def responses_submit_many(*, items: list[VoteItem]) -> list[int | str]:
    """Save answers; per item the poll id it counted in, or a Swedish error message."""
    ids = {pid for pid in (object_id(i.poll_id) for i in items) if pid is not None}
    polls = Poll.objects.in_bulk(ids)
    results: list[int | str] = []
    wanted: dict[AnswerKey, tuple[Poll, VoteItem, Any]] = {}
    for item in items:
        try:
            poll, value = _check(item, polls)
        except ValidationError as error:
            results.append(str(error.messages[0]))
            continue
        wanted[_key(poll, item)] = (poll, item, value)
        results.append(poll.pk)
    existing = Response.objects.filter(
        poll_id__in=ids, participant_id__in={i.participant.pk for i in items}
    ).only("id", "poll_id", "participant_id", "nonce", "value", "hidden")
    found: dict[AnswerKey, Response] = {}
    for response in existing:
        poll = polls[response.poll_id]
        key: AnswerKey = (response.poll_id, response.participant_id)
        if poll.allows_many_answers:
            key = (response.poll_id, response.participant_id, response.nonce)
        found[key] = response
    new, changed = [], []
    for key, (poll, item, value) in wanted.items():
        earlier = found.get(key)
        if earlier is None:
            new.append(Response(poll=poll, participant=item.participant, value=value, nonce=item.nonce[:64]))
        elif not poll.allows_many_answers and not (item.nonce and earlier.nonce == item.nonce[:64]):
            earlier.value, earlier.nonce, earlier.hidden = value, item.nonce[:64], False
            changed.append(earlier)
        # else a resend of what is saved (by this process or another): nothing changes, the phone gets its ack
    # Another web process may be saving the same re-sent answer right now: the unique nonce keeps one.
    Response.objects.bulk_create(new, ignore_conflicts=True)
    Response.objects.bulk_update(changed, ["value", "nonce", "hidden"])
    return results


@transaction.atomic
def notes_create_many(*, meeting_id: int, items: list[NoteItem]) -> list[int | str]:
    """Save notes of one meeting; per item the note id, or a Swedish error message."""
    meeting = Meeting.objects.select_related("current_block").get(pk=meeting_id)
    if meeting.status == Meeting.Status.ENDED:
        return [_("Mötet är avslutat.")] * len(items)
    block = meeting.current_block
    group_of: dict[int, int] = {}
    if block is not None and block.kind == AgendaBlock.Kind.GROUP_DIALOGUE:
        members = GroupMember.objects.filter(
            group__block=block, participant_id__in={i.participant.pk for i in items}
        )
        group_of = dict(members.values_list("participant_id", "group_id"))
    results: list[int | str | BoardNote] = []
    for item in items:
        try:
            text = _clean_text(item.text, MAX_NOTE)
        except ValidationError as error:
            results.append(str(error.messages[0]))
            continue
        group_id = group_of.get(item.participant.pk)
        results.append(BoardNote(meeting=meeting, group_id=group_id, participant=item.participant, text=text))
    # One INSERT for the batch; the database returns the new ids (SQLite 3.35+, PostgreSQL).
    BoardNote.objects.bulk_create([r for r in results if isinstance(r, BoardNote)])
    return [r.pk if isinstance(r, BoardNote) else r for r in results]
