from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from livsmiljo.organisations.models import AuditEntry, Organisation
from livsmiljo.workshops import services
from livsmiljo.workshops.live import chat_payload
from livsmiljo.workshops.models import AgendaBlock, BoardNote, Meeting, Poll, Response
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.django_db


def timer_length(meeting: Meeting) -> timedelta:
    assert meeting.timer_ends_at is not None and meeting.timer_started_at is not None
    return meeting.timer_ends_at - meeting.timer_started_at


def remaining(meeting: Meeting) -> timedelta:
    assert meeting.timer_ends_at is not None
    return meeting.timer_ends_at - timezone.now()


def test_the_seed_template_reproduces_the_workshop_script(facilitator):
    meeting = seed_meeting(facilitator)
    kinds = list(meeting.blocks.values_list("kind", flat=True))
    assert kinds == [
        "information",
        "incheckning",
        "foredrag",
        "paus",
        "information",
        "gruppdialog",
        "reflektion",
        "information",
        "utcheckning",
    ]
    assert "Var generös!" in meeting.blocks.get(order=1).description
    dialogue = meeting.blocks.get(kind="gruppdialog")
    steps = list(dialogue.steps.values_list("title", "duration_minutes", "per_person"))
    assert steps == [
        ("Individuellt", 2, False),
        ("Laget runt", 1, True),
        ("Samtal", 10, False),
        ("Skriv på tavlan", 5, False),
    ]
    assert "högst tre" in dialogue.steps.get(title="Samtal").instruction
    polls = set(meeting.polls.values_list("block__kind", "kind"))
    assert polls == {("incheckning", "ordmoln"), ("utcheckning", "humor"), ("utcheckning", "fritext")}
    assert AuditEntry.objects.filter(action="meeting.create", object_id=str(meeting.pk)).exists()


def test_join_codes_are_eight_digits_and_unique_among_meetings_that_have_not_ended(facilitator):
    codes = {seed_meeting(facilitator, title=f"M{i}").join_code for i in range(5)}
    assert len(codes) == 5
    assert all(len(c) == 8 and c.isdigit() for c in codes)


def test_start_times_follow_from_the_durations(facilitator):
    meeting = seed_meeting(facilitator)
    meeting.starts_at = datetime(2026, 9, 12, 13, 0, tzinfo=ZoneInfo("Europe/Stockholm"))
    starts = [start.strftime("%H:%M") for _, start in services.block_start_times(meeting) if start]
    assert starts[:4] == ["13:00", "13:05", "13:20", "13:50"]


def test_the_agenda_can_be_extended_reordered_shortened_and_trimmed(facilitator):
    meeting = seed_meeting(facilitator)
    block = services.block_add(
        meeting=meeting, user=facilitator, kind="omrostning", title="Röstning", duration_minutes=5
    )
    assert block.order == 10
    services.block_move(block=block, user=facilitator, direction=-1)
    assert list(meeting.blocks.values_list("title", flat=True))[-2] == "Röstning"
    services.block_update(
        block=block, user=facilitator, title="Omröstning", duration_minutes=7, description=""
    )
    block.refresh_from_db()
    assert (block.title, block.duration_minutes) == ("Omröstning", 7)
    services.block_remove(block=block, user=facilitator)
    assert list(meeting.blocks.values_list("order", flat=True)) == list(range(1, 10))


def test_a_block_needs_a_sensible_duration(facilitator):
    meeting = seed_meeting(facilitator)
    with pytest.raises(ValidationError, match="mellan 1 och 600"):
        services.block_add(meeting=meeting, user=facilitator, kind="paus", title="Paus", duration_minutes=0)


def test_joining_with_the_code_creates_a_participant_with_a_secret_token(facilitator, region):
    meeting = seed_meeting(facilitator)
    spaced = f"{meeting.join_code[:4]} {meeting.join_code[4:]}"
    participant = services.participant_join(code=spaced, display_name=" Anna ", organisation=region)
    assert participant.meeting == meeting
    assert participant.display_name == "Anna"
    assert len(participant.token) >= 30


def test_a_wrong_code_or_the_code_of_an_ended_meeting_opens_nothing(facilitator):
    meeting = seed_meeting(facilitator)
    with pytest.raises(ValidationError, match="inget pågående möte"):
        services.participant_join(code="1234567")
    services.meeting_end(meeting=meeting, user=facilitator)
    with pytest.raises(ValidationError):
        services.participant_join(code=meeting.join_code)


def test_starting_a_meeting_makes_the_first_block_current_with_a_running_timer(facilitator):
    meeting = seed_meeting(facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.LIVE
    assert meeting.current_block == meeting.blocks.first()
    assert timer_length(meeting) == timedelta(minutes=5)


def test_stepping_to_the_check_in_opens_its_word_cloud_poll(facilitator):
    meeting = seed_meeting(facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    services.meeting_step(meeting=meeting, user=facilitator, direction=1)
    meeting.refresh_from_db()
    block, poll = meeting.current_block, meeting.current_poll
    assert block is not None and block.kind == "incheckning"
    assert poll is not None and (poll.kind, poll.status) == ("ordmoln", Poll.Status.OPEN)


def test_pausing_keeps_the_remaining_time_and_resuming_continues_from_it(facilitator):
    meeting = seed_meeting(facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    services.timer_pause(meeting=meeting, user=facilitator)
    assert meeting.timer_ends_at is None and meeting.timer_paused_remaining is not None
    assert timedelta(minutes=4, seconds=58) < meeting.timer_paused_remaining <= timedelta(minutes=5)
    services.timer_resume(meeting=meeting, user=facilitator)
    assert remaining(meeting) > timedelta(minutes=4, seconds=58)
    services.timer_extend(meeting=meeting, user=facilitator, seconds=60)
    assert remaining(meeting) > timedelta(minutes=5, seconds=58)


def test_a_scale_vote_counts_once_per_participant_and_a_new_vote_replaces_the_old(facilitator):
    meeting = seed_meeting(facilitator)
    poll = open_poll(meeting, "skala", ["1", "2", "3", "4", "5"])
    anna = join(meeting, "Anna")
    services.response_submit(poll=poll, participant=anna, value=2, nonce="a")
    services.response_submit(poll=poll, participant=anna, value="4", nonce="b")
    assert list(Response.objects.values_list("value", flat=True)) == ["4"]


def test_word_cloud_takes_several_answers_but_the_same_nonce_only_once(facilitator):
    meeting = seed_meeting(facilitator)
    poll = open_poll(meeting, "ordmoln")
    anna = join(meeting)
    services.response_submit(poll=poll, participant=anna, value="samverkan", nonce="n1")
    services.response_submit(poll=poll, participant=anna, value="samverkan", nonce="n1")
    services.response_submit(poll=poll, participant=anna, value="trygghet", nonce="n2")
    assert Response.objects.filter(poll=poll).count() == 2


@pytest.mark.parametrize(
    ("kind", "options", "value", "message"),
    [
        ("flerval", ["Ja", "Nej"], "Kanske", "Välj ett av"),
        ("rangordning", ["a", "b"], ["a", "a"], "bara rangordnas en gång"),
        ("ordmoln", [], "x" * 61, "högst 60 tecken"),
        ("fritext", [], "   ", "Skriv ett svar"),
    ],
)
def test_bad_answers_get_a_swedish_message_and_nothing_is_saved(facilitator, kind, options, value, message):
    meeting = seed_meeting(facilitator)
    poll = open_poll(meeting, kind, options)
    with pytest.raises(ValidationError, match=message):
        services.response_submit(poll=poll, participant=join(meeting), value=value)
    assert not Response.objects.exists()


def test_nobody_can_answer_a_closed_poll_or_a_poll_of_another_meeting(facilitator):
    meeting, other = seed_meeting(facilitator), seed_meeting(facilitator, title="Annat")
    poll = open_poll(meeting, "fritext")
    with pytest.raises(ValidationError, match="hör inte till ditt möte"):
        services.response_submit(poll=poll, participant=join(other), value="hej")
    services.poll_close(poll=poll, user=facilitator)
    with pytest.raises(ValidationError, match="inte öppen"):
        services.response_submit(poll=poll, participant=join(meeting), value="hej")


def test_groups_mix_organisations_and_the_round_lasts_a_minute_per_person(facilitator):
    meeting = seed_meeting(facilitator)
    orgs = list(Organisation.objects.filter(kind="region")[:4])
    for org in orgs:
        for i in range(2):
            join(meeting, f"{org.slug}-{i}", org)
    dialogue = meeting.blocks.get(kind="gruppdialog")
    services.meeting_goto(meeting=meeting, user=facilitator, block=dialogue)
    groups = services.groups_form(block=dialogue, user=facilitator, size=4)
    assert [g.members.count() for g in groups] == [4, 4]
    for group in groups:
        slugs = list(group.members.values_list("participant__organisation__slug", flat=True))
        assert len(set(slugs)) == 4
    services.dialogue_step(meeting=meeting, user=facilitator, direction=1)
    services.dialogue_step(meeting=meeting, user=facilitator, direction=1)
    meeting.refresh_from_db()
    assert meeting.current_step is not None and meeting.current_step.title == "Laget runt"
    assert timer_length(meeting) == timedelta(minutes=4)


def test_notes_go_to_the_group_board_in_a_dialogue_and_to_the_plenary_board_otherwise(facilitator, region):
    meeting = seed_meeting(facilitator)
    anna = join(meeting, "Anna", region)
    note = services.note_create(participant=anna, text="Plenum")
    assert note.group is None
    dialogue = meeting.blocks.get(kind="gruppdialog")
    services.meeting_goto(meeting=meeting, user=facilitator, block=dialogue)
    services.groups_form(block=dialogue, user=facilitator, size=4)
    anna.refresh_from_db()
    note = services.note_create(
        participant=anna, text="Lära av varandra", meeting=Meeting.objects.get(pk=meeting.pk)
    )
    assert note.group is not None and note.group.block == dialogue


def test_a_participant_votes_once_per_note(facilitator):
    meeting = seed_meeting(facilitator)
    anna, bo = join(meeting), join(meeting)
    note = services.note_create(participant=anna, text="Kollektivtrafik")
    services.note_vote(note=note, participant=bo)
    with pytest.raises(ValidationError, match="redan röstat"):
        services.note_vote(note=note, participant=bo)
    assert BoardNote.objects.get(pk=note.pk).votes == 1


def test_the_chat_shows_a_signed_in_persons_name_rather_than_their_user_name(facilitator):
    facilitator.first_name, facilitator.last_name = "Fia", "Processledare"
    facilitator.save()
    meeting = seed_meeting(facilitator)
    message = services.chat_post(meeting=meeting, user=facilitator, text="Välkomna")
    assert chat_payload(message)["author"] == "Fia Processledare"
    facilitator.first_name = facilitator.last_name = ""
    facilitator.save()
    message.refresh_from_db()
    assert message.author == "fia"


def test_moderation_hides_without_deleting(facilitator):
    meeting = seed_meeting(facilitator)
    anna = join(meeting)
    message = services.chat_post(meeting=meeting, participant=anna, text="Hej alla")
    services.chat_hide(message=message, user=facilitator)
    message.refresh_from_db()
    assert message.hidden and message.text == "Hej alla"
    assert AuditEntry.objects.filter(action="chat.hide").exists()


def test_a_group_dialogue_block_added_by_hand_gets_the_four_steps(facilitator):
    meeting = seed_meeting(facilitator)
    block = services.block_add(
        meeting=meeting,
        user=facilitator,
        kind=AgendaBlock.Kind.GROUP_DIALOGUE,
        title="Dialog",
        duration_minutes=20,
    )
    assert block.steps.count() == 4
