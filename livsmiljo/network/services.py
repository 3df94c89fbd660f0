"""Writes to the network: editing one's page, saving an answer from a meeting (with consent), removing it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from livsmiljo.network.models import PersonPage, SavedAnswer
from livsmiljo.organisations.models import User
from livsmiljo.organisations.services import audit_log
from livsmiljo.workshops.models import AgendaBlock, Meeting, Participant, Poll

PAGE_FIELDS = ("role", "assignment", "curious_about", "wants_to_learn", "can_contribute", "hidden")
FIELD_ATTRIBUTES = {
    SavedAnswer.Field.ASSIGNMENT: "assignment",
    SavedAnswer.Field.CURIOUS: "curious_about",
    SavedAnswer.Field.LEARN: "wants_to_learn",
    SavedAnswer.Field.CONTRIBUTE: "can_contribute",
}
# Only answers in words can be kept: a scale, a mood or a ranking says nothing on its own.
TEXT_POLLS = (Poll.Kind.OPEN_TEXT, Poll.Kind.WORDCLOUD)
SAVABLE_POLL_BLOCKS = (AgendaBlock.Kind.CHECKIN, AgendaBlock.Kind.CHECKOUT)
MAX_ANSWER = 1000

_CONTRIBUTE = re.compile(r"\bbidra", re.IGNORECASE)
_LEARN = re.compile(r"\b(lära|lär)\b", re.IGNORECASE)
_CURIOUS = re.compile(r"\bnyfiken", re.IGNORECASE)


def answer_field(*, question: str, block_kind: str) -> SavedAnswer.Field:
    """Which field of the page an answer goes to, decided by the words of what it answered.

    `question` is the poll's question, or for a dialogue the block's title and the current step's title
    and instruction. The rule, in order:

    1. it asks what you can contribute ("bidra", as in "Det här vill jag/vi bidra med!") → can_contribute;
    2. it asks what you want to learn ("lära"/"lär", as in "vad du vill lära dig mer av") → wants_to_learn;
    3. it asks what you are curious about ("nyfiken") → curious_about;
    4. otherwise a check-in answer is the person's presentation → assignment (the seed's check-in asks for
       "Uppdrag just nu"), and anything else → curious_about.
    """
    if _CONTRIBUTE.search(question):
        return SavedAnswer.Field.CONTRIBUTE
    if _LEARN.search(question):
        return SavedAnswer.Field.LEARN
    if _CURIOUS.search(question):
        return SavedAnswer.Field.CURIOUS
    if block_kind == AgendaBlock.Kind.CHECKIN:
        return SavedAnswer.Field.ASSIGNMENT
    return SavedAnswer.Field.CURIOUS


def person_page_for(*, user: User) -> PersonPage:
    """The user's page, created empty on first use."""
    page, _created = PersonPage.objects.get_or_create(user=user)
    return page


def person_page_update(*, user: User, data: dict[str, object]) -> PersonPage:
    """Save the page's own fields (role, texts, hidden) as the person wrote them."""
    page = person_page_for(user=user)
    changed = [name for name in PAGE_FIELDS if name in data and getattr(page, name) != data[name]]
    for name in changed:
        setattr(page, name, data[name])
    page.save()
    audit_log(action="network.page_update", user=user, obj=page, fields=changed, hidden=page.hidden)
    return page


@dataclass(frozen=True)
class AnswerSource:
    """What an answer answered: the field it goes to and the words that say so."""

    field: SavedAnswer.Field
    source: str


def poll_answer_source(*, participant: Participant, poll_id: int) -> AnswerSource:
    """A text question of a check-in (or check-out) in the participant's meeting, else a Swedish error."""
    poll = (
        Poll.objects.select_related("block")
        .filter(pk=poll_id, meeting_id=participant.meeting_id, kind__in=TEXT_POLLS)
        .first()
    )
    if poll is None or poll.block is None or poll.block.kind not in SAVABLE_POLL_BLOCKS:
        raise ValidationError(_("Svar på den här frågan kan inte sparas på din sida."))
    return AnswerSource(answer_field(question=poll.question, block_kind=poll.block.kind), poll.question)


def dialogue_answer_source(*, meeting: Meeting) -> AnswerSource:
    """The meeting's current group dialogue (and its current step), else a Swedish error."""
    block, step = meeting.current_block, meeting.current_step
    if block is None or block.kind != AgendaBlock.Kind.GROUP_DIALOGUE:
        raise ValidationError(_("Lappar kan sparas på din sida under en gruppdialog."))
    words = " ".join([block.title, step.title, step.instruction] if step is not None else [block.title])
    source = f"{block.title} – {step.title}" if step is not None else block.title
    return AnswerSource(answer_field(question=words, block_kind=block.kind), source[:200])


def participant_claim(*, participant: Participant, user: User) -> Participant:
    """Link a phone to the signed-in person (who joined before signing in); someone else's phone: error."""
    if participant.user_id == user.pk:
        return participant
    if participant.user_id is not None:
        raise ValidationError(_("Den här telefonen är kopplad till någon annan. Gå med i mötet igen."))
    participant.user = user
    participant.save(update_fields=["user"])
    audit_log(action="participant.link_user", user=user, obj=participant, meeting=participant.meeting_id)
    return participant


def _clean_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Skriv ett svar först."))
    if len(text) > MAX_ANSWER:
        raise ValidationError(_("Svaret är för långt. Skriv högst 1000 tecken."))
    return text


@transaction.atomic
def saved_answer_create(
    *, user: User, text: str, answer: AnswerSource, meeting: Meeting | None
) -> SavedAnswer:
    """Append the answer to its field of the user's page (on a new line) and record where it came from."""
    text = _clean_text(text)
    page = PersonPage.objects.select_for_update().get(pk=person_page_for(user=user).pk)
    attribute = FIELD_ATTRIBUTES[answer.field]
    current = getattr(page, attribute)
    setattr(page, attribute, f"{current}\n{text}" if current.strip() else text)
    page.save()
    saved = SavedAnswer.objects.create(
        page=page, field=answer.field, text=text, meeting=meeting, source=answer.source[:200]
    )
    audit_log(
        action="network.answer_save", user=user, obj=saved, field=answer.field, meeting=meeting and meeting.pk
    )
    return saved


def _without(content: str, text: str) -> str:
    """The content without the first occurrence of `text` as whole lines (as saving appended it)."""
    padded = f"\n{content.replace(chr(13) + chr(10), chr(10))}\n"
    if f"\n{text}\n" not in padded:
        return content
    return padded.replace(f"\n{text}\n", "\n", 1).strip("\n")


@transaction.atomic
def saved_answer_remove(*, answer: SavedAnswer, user: User) -> None:
    """Remove a saved answer and its text from the page; text the person has since edited stays."""
    page = PersonPage.objects.select_for_update().get(pk=answer.page_id)
    attribute = FIELD_ATTRIBUTES[SavedAnswer.Field(answer.field)]
    current = getattr(page, attribute)
    remaining = _without(current, answer.text)
    if remaining != current:
        setattr(page, attribute, remaining)
        page.save()
    audit_log(action="network.answer_remove", user=user, obj=answer, field=answer.field)
    answer.delete()
