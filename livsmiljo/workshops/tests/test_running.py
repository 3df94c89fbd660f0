"""Running a meeting from start to end: questions that open when their item is reached, and a clean end
(the projector, the phones, the console and the join page all know the meeting is over)."""

import re

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from livsmiljo.workshops import services
from livsmiljo.workshops.models import Meeting, Poll
from livsmiljo.workshops.tests.factories import join, seed_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(facilitator, region):
    return seed_meeting(facilitator, organisations=[region])


def check_in_poll(meeting: Meeting) -> Poll:
    return Poll.objects.get(meeting=meeting, block__kind="incheckning")


def step(meeting: Meeting, user, direction: int = 1) -> Meeting:
    services.meeting_step(meeting=meeting, user=user, direction=direction)
    meeting.refresh_from_db()
    return meeting


# Questions open when the facilitator reaches their item ------------------------------------------------


def test_starting_the_seed_opens_no_question_and_reaching_the_check_in_opens_its_question(
    meeting, facilitator
):
    services.meeting_start(meeting=meeting, user=facilitator)
    meeting.refresh_from_db()
    assert meeting.current_poll is None
    assert not meeting.polls.filter(status=Poll.Status.OPEN).exists()
    step(meeting, facilitator)
    poll = check_in_poll(meeting)
    assert meeting.current_poll == poll and poll.status == Poll.Status.OPEN


def test_going_back_to_an_item_does_not_reopen_its_closed_question(meeting, facilitator):
    services.meeting_start(meeting=meeting, user=facilitator)
    step(meeting, facilitator)  # the check-in: its question opens
    step(meeting, facilitator)  # moving on closes it
    assert check_in_poll(meeting).status == Poll.Status.CLOSED
    step(meeting, facilitator, direction=-1)
    assert meeting.current_block is not None and meeting.current_block.kind == "incheckning"
    assert meeting.current_poll is None
    assert check_in_poll(meeting).status == Poll.Status.CLOSED


def test_the_check_in_question_opened_early_by_hand_stays_open_when_its_item_is_reached(meeting, facilitator):
    services.meeting_start(meeting=meeting, user=facilitator)
    poll = check_in_poll(meeting)
    services.poll_open(poll=poll, user=facilitator)
    meeting.refresh_from_db()
    step(meeting, facilitator)
    poll.refresh_from_db()
    assert poll.status == Poll.Status.OPEN and meeting.current_poll == poll


def test_an_item_question_waits_while_another_question_is_open(meeting, facilitator):
    services.meeting_start(meeting=meeting, user=facilitator)
    step(meeting, facilitator)  # check-in, its question open
    first, second = (
        services.poll_create(meeting=meeting, user=facilitator, kind="fritext", question=q)
        for q in ("A?", "B?")
    )
    services.poll_open(poll=first, user=facilitator)
    services.poll_open(poll=second, user=facilitator)  # two open: the second is current, the first stays open
    checkout = meeting.blocks.get(kind="utcheckning")
    services.meeting_goto(meeting=meeting, user=facilitator, block=checkout)
    meeting.refresh_from_db()
    assert Poll.objects.get(pk=first.pk).status == Poll.Status.OPEN
    assert not checkout.polls.filter(status=Poll.Status.OPEN).exists()


# Ending ------------------------------------------------------------------------------------------------


def test_ending_records_the_time_closes_questions_and_keeps_the_first_end_time(meeting, facilitator):
    services.meeting_start(meeting=meeting, user=facilitator)
    step(meeting, facilitator)
    services.meeting_end(meeting=meeting, user=facilitator)
    meeting.refresh_from_db()
    ended_at = meeting.ended_at
    assert meeting.status == Meeting.Status.ENDED and ended_at is not None
    assert not meeting.polls.filter(status=Poll.Status.OPEN).exists()
    services.meeting_end(meeting=meeting, user=facilitator)
    meeting.refresh_from_db()
    assert meeting.ended_at == ended_at


def test_an_ended_meeting_cannot_be_stepped_back_to_life(meeting, facilitator):
    services.meeting_start(meeting=meeting, user=facilitator)
    services.meeting_end(meeting=meeting, user=facilitator)
    with pytest.raises(ValidationError, match="avslutat"):
        services.meeting_goto(meeting=meeting, user=facilitator, block=meeting.blocks.first())
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.ENDED and meeting.current_block is None


@pytest.mark.parametrize(
    "action",
    [
        lambda m, u: services.timer_extend(meeting=m, user=u, seconds=60),
        lambda m, u: services.timer_restart(meeting=m, user=u),
        lambda m, u: services.timer_resume(meeting=m, user=u),
        lambda m, u: services.timer_pause(meeting=m, user=u),
    ],
)
def test_a_console_left_open_cannot_start_a_clock_on_an_ended_meeting(meeting, facilitator, action):
    services.meeting_start(meeting=meeting, user=facilitator)
    services.meeting_end(meeting=meeting, user=facilitator)
    with pytest.raises(ValidationError, match="avslutat"):
        action(meeting, facilitator)
    meeting.refresh_from_db()
    assert meeting.timer_ends_at is None and meeting.timer_paused_remaining is None


def test_after_the_end_no_question_opens_and_the_console_offers_no_way_back(
    facilitator_client, meeting, facilitator
):
    services.meeting_start(meeting=meeting, user=facilitator)
    services.meeting_end(meeting=meeting, user=facilitator)
    with pytest.raises(ValidationError, match="avslutat"):
        services.poll_open(poll=check_in_poll(meeting), user=facilitator)
    assert not Poll.objects.filter(meeting=meeting, status=Poll.Status.OPEN).exists()
    html = facilitator_client.get(reverse("workshops:console", args=[meeting.pk])).content.decode()
    assert 'value="goto"' not in html and 'value="poll_open"' not in html
    assert meeting.blocks.first().title in html  # the agenda is still listed, as it ran


def test_a_late_join_with_the_code_of_an_ended_meeting_says_it_has_ended(client, meeting, facilitator):
    cache.clear()
    services.meeting_end(meeting=meeting, user=facilitator)
    response = client.post(reverse("workshops:join"), {"code": meeting.join_code})
    assert response.status_code == 200
    assert "Mötet med den koden är avslutat" in response.content.decode()
    assert not meeting.participants.exists()


def test_the_projector_of_an_ended_meeting_thanks_instead_of_showing_the_code(client, meeting, facilitator):
    services.meeting_end(meeting=meeting, user=facilitator)
    html = client.get(reverse("workshops:screen", args=[meeting.screen_token])).content.decode()
    ended_view = re.search(r'<section id="ended-view"[^>]*>', html)
    assert ended_view is not None and "hidden" not in ended_view.group(0)
    assert "Mötet är avslutat" in html
    assert reverse("workshops:documentation", args=[meeting.pk]) in html
    assert re.search(r'<aside id="join-panel"[^>]* hidden>', html)
    assert re.search(r'<div id="live-view" hidden>', html)


def test_the_projector_of_a_live_meeting_shows_the_code_and_keeps_the_thanks_hidden(
    client, meeting, facilitator
):
    services.meeting_start(meeting=meeting, user=facilitator)
    html = client.get(reverse("workshops:screen", args=[meeting.screen_token])).content.decode()
    assert re.search(r'<section id="ended-view"[^>]* hidden>', html)
    assert re.search(r'<aside id="join-panel"[^>]*aria-labelledby="join-heading">', html)


def test_a_phone_reloaded_after_the_end_has_no_forms_and_says_why(client, meeting, facilitator):
    participant = join(meeting, "Anna")
    page = reverse("workshops:participant", args=[participant.token])
    assert 'id="chat-form"' in client.get(page).content.decode()
    services.meeting_end(meeting=meeting, user=facilitator)
    html = client.get(page).content.decode()
    assert "<form" not in html and "<textarea" not in html
    assert "Mötet är avslutat" in html and "inte längre" in html
    assert 'data-ended="1"' in html


def test_the_console_offers_start_before_next_while_live_and_documentation_after(facilitator_client, meeting):
    url = reverse("workshops:console", args=[meeting.pk])
    ready = facilitator_client.get(url).content.decode()
    assert re.search(r'value="start" class="primary"', ready) and 'value="next"' not in ready
    facilitator_client.post(url, {"action": "start"})
    live = facilitator_client.get(url).content.decode()
    assert 'value="start"' not in live and re.search(r'value="next" class="primary"', live)
    response = facilitator_client.post(url, {"action": "end"}, HTTP_HX_REQUEST="true")
    panel = response.content.decode()
    meeting.refresh_from_db()
    assert meeting.ended_at is not None
    assert "Mötet avslutades kl." in panel
    documentation = reverse("workshops:documentation", args=[meeting.pk])
    assert f'class="button primary" href="{documentation}"' in panel
    for gone in ('value="start"', 'value="next"', 'value="end"', 'value="timer_pause"'):
        assert gone not in panel
    page = facilitator_client.get(url).content.decode()
    assert re.search(r"<span data-hide-when-ended hidden>", page)


def test_an_empty_draft_offers_to_fill_the_agenda_rather_than_start(facilitator_client, facilitator):
    project = services.project_create(title="P", user=facilitator)
    draft = services.meeting_create(project=project, title="Tomt", user=facilitator, template="tom")
    html = facilitator_client.get(reverse("workshops:console", args=[draft.pk])).content.decode()
    assert 'value="start"' not in html
    assert f'class="button primary" href="{reverse("workshops:edit", args=[draft.pk])}"' in html
