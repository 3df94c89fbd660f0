"""Projects, meetings, their agenda and running them: steps through blocks, timers and dialogue steps."""

import secrets
from dataclasses import asdict
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import audit_log
from livsmiljo.workshops.models import AgendaBlock, DialogueStep, Meeting, Poll, Project
from livsmiljo.workshops.seed import TEMPLATES, BlockSpec, dialogue_steps

MAX_BLOCK_MINUTES = 600


def project_create(
    *, title: str, user: User | None, description: str = "", organisations: list[Organisation] | None = None
) -> Project:
    title = title.strip()
    if not title:
        raise ValidationError(_("Skriv en titel för lärprojektet."))
    project = Project.objects.create(title=title, description=description)
    project.participants.set(organisations if organisations is not None else Organisation.objects.all())
    audit_log(action="project.create", user=user, obj=project)
    return project


def project_get_or_create(*, title: str, user: User | None) -> Project:
    found = Project.objects.filter(title__iexact=title.strip()).first()
    return found or project_create(title=title, user=user)


def _new_join_code() -> str:
    """Eight random digits, unique among meetings that have not ended (codes of ended meetings may recur)."""
    while True:
        code = f"{secrets.randbelow(10**8):08d}"
        if not Meeting.objects.filter(join_code=code).exclude(status=Meeting.Status.ENDED).exists():
            return code


def _blocks_from_template(*, meeting: Meeting, specs: list[BlockSpec]) -> None:
    for order, spec in enumerate(specs, start=1):
        block = AgendaBlock.objects.create(
            meeting=meeting,
            order=order,
            kind=spec.kind,
            title=spec.title,
            description=spec.description,
            duration_minutes=spec.duration_minutes,
        )
        for poll in spec.polls:
            Poll.objects.create(
                meeting=meeting, block=block, kind=poll.kind, question=poll.question, options=poll.options
            )
        for step_order, step in enumerate(spec.steps, start=1):
            DialogueStep.objects.create(block=block, order=step_order, **asdict(step))


@transaction.atomic
def meeting_create(
    *,
    project: Project,
    title: str,
    user: User | None,
    template: str = "seed",
    starts_at: datetime | None = None,
    place: str = "",
    digital: bool = False,
) -> Meeting:
    title = title.strip()
    if not title:
        raise ValidationError(_("Skriv en titel för mötet."))
    if template not in TEMPLATES:
        raise ValidationError(_("Okänd mall. Välj ”seed” eller ”tom”."))
    meeting = Meeting.objects.create(
        project=project,
        title=title,
        starts_at=starts_at,
        place=place,
        digital=digital,
        status=Meeting.Status.READY if template != "tom" else Meeting.Status.DRAFT,
        join_code=_new_join_code(),
        screen_token=secrets.token_urlsafe(24),
        created_by=user if user is not None and user.pk else None,
    )
    _blocks_from_template(meeting=meeting, specs=TEMPLATES[template]())
    audit_log(action="meeting.create", user=user, obj=meeting, template=template)
    return meeting


def meeting_update(
    *, meeting: Meeting, user: User, title: str, starts_at: datetime | None, place: str, digital: bool
) -> Meeting:
    if not title.strip():
        raise ValidationError(_("Skriv en titel för mötet."))
    meeting.title, meeting.starts_at, meeting.place, meeting.digital = (
        title.strip(),
        starts_at,
        place,
        digital,
    )
    meeting.save(update_fields=["title", "starts_at", "place", "digital"])
    audit_log(action="meeting.update", user=user, obj=meeting)
    return meeting


def block_start_times(meeting: Meeting) -> list[tuple[AgendaBlock, datetime | None]]:
    """Each block with its planned start: the meeting's start plus the durations before it."""
    start = meeting.starts_at
    result: list[tuple[AgendaBlock, datetime | None]] = []
    for block in meeting.blocks.all():
        result.append((block, start))
        if start is not None:
            start = start + block.duration
    return result


def _check_minutes(minutes: int) -> None:
    if not 0 < minutes <= MAX_BLOCK_MINUTES:
        raise ValidationError(_("Ange en längd mellan 1 och %(max)s minuter.") % {"max": MAX_BLOCK_MINUTES})


def block_add(
    *, meeting: Meeting, user: User, kind: str, title: str, duration_minutes: int, description: str = ""
) -> AgendaBlock:
    if kind not in AgendaBlock.Kind.values:
        raise ValidationError(_("Välj en typ av programpunkt."))
    if not title.strip():
        raise ValidationError(_("Skriv en rubrik för programpunkten."))
    _check_minutes(duration_minutes)
    last = meeting.blocks.aggregate(last=Max("order"))["last"] or 0
    block = AgendaBlock.objects.create(
        meeting=meeting,
        order=last + 1,
        kind=kind,
        title=title.strip(),
        description=description,
        duration_minutes=duration_minutes,
    )
    if kind == AgendaBlock.Kind.GROUP_DIALOGUE:
        for order, step in enumerate(dialogue_steps(), start=1):
            DialogueStep.objects.create(block=block, order=order, **asdict(step))
    audit_log(action="block.add", user=user, obj=block)
    return block


def block_update(
    *,
    block: AgendaBlock,
    user: User,
    title: str,
    duration_minutes: int,
    description: str,
    kind: str | None = None,
) -> AgendaBlock:
    """Change a block's text and length, and its kind when given (None keeps it)."""
    kind = kind or block.kind
    if kind not in AgendaBlock.Kind.values:
        raise ValidationError(_("Välj en typ av programpunkt."))
    if not title.strip():
        raise ValidationError(_("Skriv en rubrik för programpunkten."))
    _check_minutes(duration_minutes)
    block.title, block.duration_minutes, block.description = title.strip(), duration_minutes, description
    block.kind = kind
    block.save(update_fields=["title", "duration_minutes", "description", "kind"])
    if kind == AgendaBlock.Kind.GROUP_DIALOGUE and not block.steps.exists():
        # A block that becomes a group dialogue gets the seed's script, as a new one would.
        for order, step in enumerate(dialogue_steps(), start=1):
            DialogueStep.objects.create(block=block, order=order, **asdict(step))
    audit_log(action="block.update", user=user, obj=block)
    return block


def block_remove(*, block: AgendaBlock, user: User) -> None:
    audit_log(action="block.remove", user=user, obj=block, title=block.title)
    block.delete()
    _renumber(block.meeting)


def _renumber(meeting: Meeting) -> None:
    for order, block in enumerate(meeting.blocks.all(), start=1):
        if block.order != order:
            block.order = order
            block.save(update_fields=["order"])


@transaction.atomic
def block_move(*, block: AgendaBlock, user: User, direction: int) -> None:
    """Move a block one place up (direction -1) or down (+1)."""
    _renumber(block.meeting)
    blocks = list(block.meeting.blocks.all())
    index = next(i for i, b in enumerate(blocks) if b.pk == block.pk)
    other = index + (1 if direction > 0 else -1)
    if not 0 <= other < len(blocks):
        return
    blocks[index].order, blocks[other].order = blocks[other].order, blocks[index].order
    for b in (blocks[index], blocks[other]):
        b.save(update_fields=["order"])
    audit_log(action="block.move", user=user, obj=block, direction=direction)


# Running a meeting ---------------------------------------------------------------------------------


def _set_timer(meeting: Meeting, duration: timedelta | None) -> None:
    now = timezone.now()
    meeting.timer_started_at = now if duration else None
    meeting.timer_ends_at = now + duration if duration else None
    meeting.timer_paused_remaining = None


def _save_run_state(meeting: Meeting) -> None:
    meeting.save(
        update_fields=[
            "status",
            "current_block",
            "current_poll",
            "current_step",
            "timer_started_at",
            "timer_ends_at",
            "timer_paused_remaining",
        ]
    )


def _enter_block(meeting: Meeting, block: AgendaBlock | None) -> None:
    now = timezone.now()
    previous = meeting.current_block
    if previous is not None and previous.ended_at is None:
        previous.ended_at = now
        previous.save(update_fields=["ended_at"])
    meeting.current_poll = _poll_kept_open(meeting.current_poll, block)
    meeting.current_block = block
    meeting.current_step = None
    _set_timer(meeting, block.duration if block else None)
    if block is None:
        return
    block.started_at, block.ended_at = now, None
    block.save(update_fields=["started_at", "ended_at"])
    _open_first_question(meeting, block)


def _poll_kept_open(poll: Poll | None, block: AgendaBlock | None) -> Poll | None:
    """Moving on closes the question that was on screen (it can be reopened from the console), unless the
    facilitator opened it by hand for the item being entered: that one stays open and current."""
    if poll is None or poll.status != Poll.Status.OPEN:
        return None
    if block is not None and poll.block_id == block.pk:
        return poll
    poll.status = Poll.Status.CLOSED
    poll.save(update_fields=["status"])
    return None


def _open_first_question(meeting: Meeting, block: AgendaBlock) -> None:
    """Reaching an item with a question opens its first one that has never been open, when no question is
    open: a closed question is not reopened, and one the facilitator opened by hand is not pushed aside."""
    if meeting.current_poll is not None or meeting.polls.filter(status=Poll.Status.OPEN).exists():
        return
    poll = block.polls.filter(status=Poll.Status.DRAFT).order_by("id").first()
    if poll is not None:
        poll.status = Poll.Status.OPEN
        poll.save(update_fields=["status"])
        meeting.current_poll = poll


@transaction.atomic
def meeting_start(*, meeting: Meeting, user: User | None) -> Meeting:
    if meeting.status == Meeting.Status.ENDED:
        raise ValidationError(_("Mötet är avslutat och kan inte startas igen."))
    meeting.status = Meeting.Status.LIVE
    _enter_block(meeting, meeting.blocks.first())
    _save_run_state(meeting)
    audit_log(action="meeting.start", user=user, obj=meeting)
    return meeting


@transaction.atomic
def meeting_goto(*, meeting: Meeting, user: User | None, block: AgendaBlock | None) -> Meeting:
    if block is not None and block.meeting_id != meeting.pk:
        raise ValidationError(_("Programpunkten hör inte till det här mötet."))
    if meeting.status == Meeting.Status.ENDED:
        raise ValidationError(_("Mötet är avslutat. Programmet kan inte längre stegas fram."))
    if meeting.status != Meeting.Status.LIVE:
        meeting.status = Meeting.Status.LIVE
    _enter_block(meeting, block)
    _save_run_state(meeting)
    audit_log(action="meeting.goto", user=user, obj=meeting, block=block.pk if block else None)
    return meeting


def meeting_step(*, meeting: Meeting, user: User | None, direction: int) -> Meeting:
    """Go to the next (+1) or previous (-1) agenda block; past the last block nothing is current."""
    blocks = list(meeting.blocks.all())
    ids = [b.pk for b in blocks]
    if meeting.current_block_id in ids:
        index = ids.index(meeting.current_block_id) + (1 if direction > 0 else -1)
    else:
        index = 0 if direction > 0 else len(blocks) - 1
    target = blocks[index] if 0 <= index < len(blocks) else None
    return meeting_goto(meeting=meeting, user=user, block=target)


def meeting_end(*, meeting: Meeting, user: User | None) -> Meeting:
    """End the meeting: its code stops working, every question closes, phones can no longer write."""
    if meeting.status == Meeting.Status.ENDED:
        return meeting  # a second click (or a second facilitator) keeps the first end time
    _enter_block(meeting, None)
    meeting.status = Meeting.Status.ENDED
    meeting.ended_at = timezone.now()
    Poll.objects.filter(meeting=meeting, status=Poll.Status.OPEN).update(status=Poll.Status.CLOSED)
    _save_run_state(meeting)
    meeting.save(update_fields=["ended_at"])
    audit_log(action="meeting.end", user=user, obj=meeting)
    _document(meeting)
    return meeting


def _document(meeting: Meeting) -> None:
    """The documentation writes itself once the end has committed (issue 12), in the background."""
    from livsmiljo.reports.services import documentation_enqueue

    documentation_enqueue(meeting=meeting)


def _require_not_ended(meeting: Meeting) -> None:
    """A console tab left open from before the end cannot start a clock on an ended meeting."""
    if meeting.status == Meeting.Status.ENDED:
        raise ValidationError(_("Mötet är avslutat. Klockan går inte att ändra."))


def timer_pause(*, meeting: Meeting, user: User | None) -> Meeting:
    _require_not_ended(meeting)
    if meeting.timer_ends_at is None:
        raise ValidationError(_("Ingen klocka går just nu."))
    meeting.timer_paused_remaining = max(meeting.timer_ends_at - timezone.now(), timedelta(0))
    meeting.timer_ends_at = None
    _save_run_state(meeting)
    audit_log(action="timer.pause", user=user, obj=meeting)
    return meeting


def timer_resume(*, meeting: Meeting, user: User | None) -> Meeting:
    _require_not_ended(meeting)
    if meeting.timer_paused_remaining is None:
        raise ValidationError(_("Klockan är inte pausad."))
    _set_timer(meeting, meeting.timer_paused_remaining)
    _save_run_state(meeting)
    audit_log(action="timer.resume", user=user, obj=meeting)
    return meeting


def timer_restart(*, meeting: Meeting, user: User | None) -> Meeting:
    _require_not_ended(meeting)
    step, block = meeting.current_step, meeting.current_block
    if block is None:
        raise ValidationError(_("Välj en programpunkt först."))
    _set_timer(meeting, step_duration(step) if step else block.duration)
    _save_run_state(meeting)
    audit_log(action="timer.start", user=user, obj=meeting)
    return meeting


def timer_extend(*, meeting: Meeting, user: User | None, seconds: int) -> Meeting:
    _require_not_ended(meeting)
    if not -3600 <= seconds <= 3600:
        raise ValidationError(_("Ange högst en timme."))
    extra = timedelta(seconds=seconds)
    if meeting.timer_ends_at is not None:
        meeting.timer_ends_at = max(meeting.timer_ends_at + extra, timezone.now())
    elif meeting.timer_paused_remaining is not None:
        meeting.timer_paused_remaining = max(meeting.timer_paused_remaining + extra, timedelta(0))
    else:
        _set_timer(meeting, extra if seconds > 0 else None)
    _save_run_state(meeting)
    audit_log(action="timer.extend", user=user, obj=meeting, seconds=seconds)
    return meeting


def step_duration(step: DialogueStep) -> timedelta:
    """A per-person step lasts its minutes times the size of the largest group (the seed's round)."""
    minutes = step.duration_minutes
    if step.per_person:
        sizes = [g.members.count() for g in step.block.groups.all()]
        minutes *= max(sizes, default=3)
    return timedelta(minutes=minutes)


def dialogue_step(*, meeting: Meeting, user: User | None, direction: int) -> Meeting:
    """Go to the next/previous step of the current group dialogue; each step starts its own timer."""
    block = meeting.current_block
    if block is None or block.kind != AgendaBlock.Kind.GROUP_DIALOGUE:
        raise ValidationError(_("Samtalsstegen finns bara under en gruppdialog."))
    steps = list(block.steps.all())
    ids = [s.pk for s in steps]
    index = ids.index(meeting.current_step_id) + direction if meeting.current_step_id in ids else 0
    step = steps[index] if 0 <= index < len(steps) else None
    now = timezone.now()
    if meeting.current_step_id is not None:
        DialogueStep.objects.filter(pk=meeting.current_step_id, ended_at=None).update(ended_at=now)
    meeting.current_step = step
    if step is not None:
        step.started_at = now
        step.save(update_fields=["started_at"])
    _set_timer(meeting, step_duration(step) if step else None)
    _save_run_state(meeting)
    audit_log(action="dialogue.step", user=user, obj=meeting, step=step.pk if step else None)
    return meeting
