"""What happens in a live meeting: joining, polls and answers, groups, the board and the chat."""

import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from livsmiljo.engine.grouping import form_groups, form_groups_by_curiosity
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import audit_log
from livsmiljo.workshops.models import (
    AgendaBlock,
    BoardNote,
    ChatMessage,
    Group,
    GroupMember,
    Meeting,
    NoteVote,
    Participant,
    Poll,
    Response,
)
from livsmiljo.workshops.seed import mood_options

MAX_WORD = 60
MAX_TEXT = 1000
MAX_NOTE = 500
MIX_ORGANISATIONS, MIX_CURIOSITY = "organisationer", "nyfikenhet"  # how groups are formed (groups_form)
K = Poll.Kind


def normalise_code(code: str) -> str:
    return re.sub(r"\D", "", code or "")


def meeting_for_code(code: str) -> Meeting | None:
    """The meeting a join code opens; codes of ended meetings open nothing."""
    digits = normalise_code(code)
    if len(digits) != 8:
        return None
    return Meeting.objects.filter(join_code=digits).exclude(status=Meeting.Status.ENDED).first()


def participant_join(
    *, code: str, display_name: str = "", organisation: Organisation | None = None, user: User | None = None
) -> Participant:
    """`user`: the person signed in on the phone, if any; lets them save answers to their network page."""
    meeting = meeting_for_code(code)
    if meeting is None and Meeting.objects.filter(join_code=normalise_code(code)).exists():
        raise ValidationError(
            _(
                "Mötet med den koden är avslutat, så det går inte att delta längre. "
                "Har du fått en ny kod, skriv in den i stället."
            )
        )
    if meeting is None:
        raise ValidationError(
            _("Det finns inget pågående möte med den koden. Kontrollera de åtta siffrorna på skärmen.")
        )
    participant = Participant.objects.create(
        meeting=meeting,
        display_name=display_name.strip()[:100],
        organisation=organisation,
        token=secrets.token_urlsafe(24),
        user=user if user is not None and user.pk else None,
    )
    audit_log(action="participant.join", obj=participant, meeting=meeting.pk)
    return participant


# Polls ---------------------------------------------------------------------------------------------


def _clean_options(kind: str, options: list[str]) -> list[str]:
    options = [o.strip() for o in options if o and o.strip()]
    if kind == K.SCALE and not options:
        options = ["1", "2", "3", "4", "5"]
    if kind == K.MOOD and not options:
        options = mood_options()
    if kind in (K.SCALE, K.MOOD, K.CHOICE, K.RANKING):
        if len(options) < 2:
            raise ValidationError(_("Skriv minst två svarsalternativ, ett per rad."))
        if len(set(options)) != len(options):
            raise ValidationError(_("Samma svarsalternativ står två gånger. Ta bort dubbletten."))
        return options
    return []


def _clean_poll(
    meeting_id: int, kind: str, question: str, options: list[str] | None, block: AgendaBlock | None
) -> list[str]:
    """The checks a new or changed question passes; returns its cleaned options."""
    if kind not in K.values:
        raise ValidationError(_("Välj en typ av fråga."))
    if not question.strip():
        raise ValidationError(_("Skriv frågan."))
    if block is not None and block.meeting_id != meeting_id:
        raise ValidationError(_("Programpunkten hör inte till det här mötet."))
    return _clean_options(kind, options or [])


def poll_create(
    *,
    meeting: Meeting,
    user: User,
    kind: str,
    question: str,
    options: list[str] | None = None,
    block: AgendaBlock | None = None,
) -> Poll:
    cleaned = _clean_poll(meeting.pk, kind, question, options, block)
    poll = Poll.objects.create(
        meeting=meeting, block=block, kind=kind, question=question.strip()[:300], options=cleaned
    )
    audit_log(action="poll.create", user=user, obj=poll)
    return poll


def poll_update(
    *,
    poll: Poll,
    user: User,
    kind: str,
    question: str,
    options: list[str] | None = None,
    block: AgendaBlock | None = None,
) -> Poll:
    """Change a question; once someone has answered, its kind and options stay as they were answered."""
    cleaned = _clean_poll(poll.meeting_id, kind, question, options, block)
    if (kind != poll.kind or cleaned != poll.options) and poll.responses.exists():
        raise ValidationError(
            _(
                "Frågan har redan svar, så typ och svarsalternativ kan inte ändras. "
                "Lägg till en ny fråga i stället; frågetexten och programpunkten går att ändra."
            )
        )
    poll.kind, poll.question, poll.options, poll.block = kind, question.strip()[:300], cleaned, block
    poll.save(update_fields=["kind", "question", "options", "block"])
    audit_log(action="poll.update", user=user, obj=poll)
    return poll


@transaction.atomic
def poll_delete(*, poll: Poll, user: User) -> bool:
    """Delete a question and its answers; True when it was the meeting's current question."""
    was_current = Meeting.objects.filter(pk=poll.meeting_id, current_poll=poll).update(current_poll=None) > 0
    audit_log(
        action="poll.delete",
        user=user,
        obj=poll,
        question=poll.question,
        responses=poll.responses.count(),
    )
    poll.delete()
    return was_current


def poll_open(*, poll: Poll, user: User | None) -> Poll:
    if Meeting.objects.filter(pk=poll.meeting_id, status=Meeting.Status.ENDED).exists():
        raise ValidationError(_("Mötet är avslutat, så frågor kan inte öppnas. Lägg frågan i ett nytt möte."))
    poll.status = Poll.Status.OPEN
    poll.save(update_fields=["status"])
    Meeting.objects.filter(pk=poll.meeting_id).update(current_poll=poll)
    audit_log(action="poll.open", user=user, obj=poll)
    return poll


def poll_close(*, poll: Poll, user: User | None) -> Poll:
    poll.status = Poll.Status.CLOSED
    poll.save(update_fields=["status"])
    audit_log(action="poll.close", user=user, obj=poll)
    return poll


def poll_set_results_visible(*, poll: Poll, user: User | None, visible: bool) -> Poll:
    poll.results_visible = visible
    poll.save(update_fields=["results_visible"])
    audit_log(action="poll.results_visible", user=user, obj=poll, visible=visible)
    return poll


def _clean_value(poll: Poll, value: Any) -> Any:
    if poll.kind in (K.SCALE, K.MOOD, K.CHOICE):
        text = str(value) if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if text not in poll.options:
            raise ValidationError(_("Välj ett av svarsalternativen."))
        return text
    if poll.kind == K.RANKING:
        if not isinstance(value, list) or not value or any(v not in poll.options for v in value):
            raise ValidationError(_("Ordna svarsalternativen och skicka igen."))
        if len(set(value)) != len(value):
            raise ValidationError(_("Varje alternativ kan bara rangordnas en gång."))
        return value
    limit = MAX_WORD if poll.kind == K.WORDCLOUD else MAX_TEXT
    text = " ".join(str(value if isinstance(value, str) else "").split())
    if not text:
        raise ValidationError(_("Skriv ett svar innan du skickar."))
    if len(text) > limit:
        raise ValidationError(_("Svaret är för långt. Skriv högst %(n)s tecken.") % {"n": limit})
    return text


def response_submit(*, poll: Poll, participant: Participant, value: Any, nonce: str = "") -> Response:
    """Save a participant's answer. Scale, mood, choice and ranking keep one answer each (a new vote
    replaces the old); word cloud and open text take several. The same nonce twice is saved once, so a
    phone that re-sends after a dropped connection does not count double; the resend changes nothing (an
    answer hidden meanwhile stays hidden), also when another web process saved the first send meanwhile.

    Not audit-logged one by one: 300 answers a minute are the meeting's record themselves.
    """
    if poll.meeting_id != participant.meeting_id:
        raise ValidationError(_("Frågan hör inte till ditt möte."))
    if poll.status != Poll.Status.OPEN:
        raise ValidationError(_("Frågan är inte öppen för svar just nu."))
    clean = _clean_value(poll, value)
    nonce = str(nonce or "")[:64]
    if nonce:
        earlier = Response.objects.filter(poll=poll, participant=participant, nonce=nonce).first()
        if earlier is not None:
            return earlier
    if poll.allows_many_answers:
        try:
            with transaction.atomic():
                return Response.objects.create(poll=poll, participant=participant, value=clean, nonce=nonce)
        except IntegrityError:  # the same re-sent answer, saved meanwhile by another web process
            return Response.objects.get(poll=poll, participant=participant, nonce=nonce)
    # Another process saving the same resend meanwhile: the unique nonce fails this one's insert, and
    # update_or_create then finds that row and writes the same answer into it.
    response, _created = Response.objects.update_or_create(
        poll=poll, participant=participant, defaults={"value": clean, "nonce": nonce, "hidden": False}
    )
    return response


def response_hide(*, response: Response, user: User, hidden: bool = True) -> Response:
    response.hidden = hidden
    response.save(update_fields=["hidden"])
    audit_log(action="response.hide", user=user, obj=response, hidden=hidden)
    return response


# Groups --------------------------------------------------------------------------------------------


@transaction.atomic
def groups_form(
    *, block: AgendaBlock, user: User | None, size: int = 4, mix: str = MIX_ORGANISATIONS
) -> list[Group]:
    """Form groups of about `size` for a group dialogue (or a matrix block, whose pairs are shared out over
    its groups), mixing organisations; replaces earlier groups. With `mix=MIX_CURIOSITY` people whose
    curiosity meets another's contribution (their person pages, engine/grouping.py) are put together
    first, and everyone else is dealt in mixing organisations."""
    if block.kind not in (AgendaBlock.Kind.GROUP_DIALOGUE, AgendaBlock.Kind.MATRIX):
        raise ValidationError(_("Grupper bildas bara för en gruppdialog."))
    if not 2 <= size <= 20:
        raise ValidationError(_("Välj en gruppstorlek mellan 2 och 20."))
    if mix not in (MIX_ORGANISATIONS, MIX_CURIOSITY):
        raise ValidationError(_("Välj hur grupperna ska blandas."))
    rows = list(block.meeting.participants.values_list("pk", "organisation__slug", "user_id"))
    people: list[tuple[int, str | None]] = [(pk, org) for pk, org, _user in rows]
    if not people:
        raise ValidationError(_("Ingen har anslutit till mötet ännu."))
    block.groups.all().delete()
    groups = []
    for number, member_ids in enumerate(_grouping(block, people, rows, size, mix), start=1):
        group = Group.objects.create(
            meeting=block.meeting, block=block, number=number, name=_("Grupp %(n)s") % {"n": number}
        )
        GroupMember.objects.bulk_create(GroupMember(group=group, participant_id=pid) for pid in member_ids)
        groups.append(group)
    action = "matrix.groups_form" if block.kind == AgendaBlock.Kind.MATRIX else "groups.form"
    audit_log(action=action, user=user, obj=block, count=len(groups), size=size, mix=mix)
    return groups


def _grouping(
    block: AgendaBlock, people: list[tuple[int, str | None]], rows: list[Any], size: int, mix: str
) -> list[list[int]]:
    if mix != MIX_CURIOSITY:
        return form_groups(people, size=size, seed=block.pk)
    from livsmiljo.network.matching import participant_people  # the network app builds on this one

    pages = participant_people(user_of={pk: uid for pk, _org, uid in rows if uid is not None})
    return form_groups_by_curiosity(people, pages, size=size, seed=block.pk)


@transaction.atomic
def group_assign(*, group: Group, participant: Participant, user: User) -> GroupMember:
    """Move a participant into a group by hand (out of any other group of the same block)."""
    if participant.meeting_id != group.meeting_id:
        raise ValidationError(_("Deltagaren är inte med i det här mötet."))
    GroupMember.objects.filter(participant=participant, group__block=group.block).delete()
    member = GroupMember.objects.create(group=group, participant=participant)
    audit_log(action="group.assign", user=user, obj=group, participant=participant.pk)
    return member


def participant_group(participant: Participant, meeting: Meeting) -> Group | None:
    """The participant's group in the meeting's current block, if that block is a group dialogue."""
    block_id = meeting.current_block_id
    if block_id is None:
        return None
    return Group.objects.filter(block_id=block_id, members__participant=participant).first()


# Board and chat ------------------------------------------------------------------------------------


def _clean_text(text: Any, limit: int) -> str:
    clean = " ".join(str(text if isinstance(text, str) else "").split())
    if not clean:
        raise ValidationError(_("Skriv något innan du skickar."))
    if len(clean) > limit:
        raise ValidationError(_("Texten är för lång. Skriv högst %(n)s tecken.") % {"n": limit})
    return clean


def note_create(*, participant: Participant, text: str, meeting: Meeting | None = None) -> BoardNote:
    """A note on the participant's group board, or on the plenary board when they are in no group."""
    meeting = meeting or participant.meeting
    if meeting.status == Meeting.Status.ENDED:
        raise ValidationError(_("Mötet är avslutat."))
    clean = _clean_text(text, MAX_NOTE)
    group = participant_group(participant, meeting)
    return BoardNote.objects.create(meeting=meeting, group=group, participant=participant, text=clean)


def note_add_by_facilitator(
    *, meeting: Meeting, user: User, text: str, group: Group | None = None
) -> BoardNote:
    note = BoardNote.objects.create(meeting=meeting, group=group, text=_clean_text(text, MAX_NOTE))
    audit_log(action="note.create", user=user, obj=note)
    return note


def note_hide(*, note: BoardNote, user: User, hidden: bool = True) -> BoardNote:
    note.hidden = hidden
    note.save(update_fields=["hidden"])
    audit_log(action="note.hide", user=user, obj=note, hidden=hidden)
    return note


def note_vote(*, note: BoardNote, participant: Participant) -> BoardNote:
    if note.meeting_id != participant.meeting_id or note.hidden:
        raise ValidationError(_("Lappen finns inte på ert möte."))
    if Meeting.objects.filter(pk=note.meeting_id, status=Meeting.Status.ENDED).exists():
        raise ValidationError(_("Mötet är avslutat."))
    try:
        with transaction.atomic():
            NoteVote.objects.create(note=note, participant=participant)
    except IntegrityError:
        raise ValidationError(_("Du har redan röstat på den här lappen.")) from None
    BoardNote.objects.filter(pk=note.pk).update(votes=F("votes") + 1)
    note.refresh_from_db(fields=["votes"])
    return note


def chat_post(
    *, meeting: Meeting, text: str, participant: Participant | None = None, user: User | None = None
) -> ChatMessage:
    if meeting.status == Meeting.Status.ENDED:
        raise ValidationError(_("Mötet är avslutat."))
    if participant is not None and participant.meeting_id != meeting.pk:
        raise ValidationError(_("Du är inte med i det här mötet."))
    return ChatMessage.objects.create(
        meeting=meeting, participant=participant, user=user, text=_clean_text(text, MAX_TEXT)
    )


def chat_hide(*, message: ChatMessage, user: User, hidden: bool = True) -> ChatMessage:
    message.hidden = hidden
    message.save(update_fields=["hidden"])
    audit_log(action="chat.hide", user=user, obj=message, hidden=hidden)
    return message
