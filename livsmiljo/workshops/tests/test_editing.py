"""Editing the plan after creation (issue 10, item 2): an agenda item's text and kind, a question while nobody
has answered it, deleting a question (also the one on screen), and the question form's list of items."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from livsmiljo.organisations.models import AuditEntry
from livsmiljo.workshops import live, services
from livsmiljo.workshops.live import state_payload
from livsmiljo.workshops.models import AgendaBlock, Meeting, Poll, Response
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(facilitator, region) -> Meeting:
    return seed_meeting(facilitator, organisations=[region])


@pytest.fixture
def broadcasts(monkeypatch) -> list[int]:
    sent: list[int] = []
    monkeypatch.setattr(live, "broadcast_state", sent.append)
    return sent


def _choice_poll(meeting: Meeting, user) -> Poll:
    block = meeting.blocks.first()
    return services.poll_create(
        meeting=meeting, user=user, kind="flerval", question="Vilken?", options=["A", "B"], block=block
    )


# Services ------------------------------------------------------------------------------------------


def test_an_agenda_items_kind_and_description_can_be_changed(facilitator, meeting):
    block = meeting.blocks.get(kind="paus")
    services.block_update(
        block=block,
        user=facilitator,
        title="Samtal i grupp",
        duration_minutes=25,
        description="Vad tar ni med er hem?",
        kind="gruppdialog",
    )
    block.refresh_from_db()
    assert (block.kind, block.title, block.duration_minutes) == ("gruppdialog", "Samtal i grupp", 25)
    assert block.description == "Vad tar ni med er hem?"
    assert block.steps.count() == 4  # a new group dialogue gets the seed's script


def test_an_unanswered_question_can_be_rewritten_completely(facilitator, meeting):
    poll = _choice_poll(meeting, facilitator)
    other = meeting.blocks.last()
    services.poll_update(
        poll=poll,
        user=facilitator,
        kind="rangordning",
        question=" Ordna ",
        options=["X", "Y", "Z"],
        block=other,
    )
    poll.refresh_from_db()
    assert (poll.kind, poll.question, poll.options, poll.block) == (
        "rangordning",
        "Ordna",
        ["X", "Y", "Z"],
        other,
    )
    assert AuditEntry.objects.filter(action="poll.update", object_id=str(poll.pk)).exists()


def test_an_answered_questions_options_cannot_be_changed_but_its_text_can(facilitator, meeting):
    poll = _choice_poll(meeting, facilitator)
    services.poll_open(poll=poll, user=facilitator)
    services.response_submit(participant=join(meeting), poll=poll, value="A")
    with pytest.raises(ValidationError, match="Lägg till en ny fråga i stället"):
        services.poll_update(
            poll=poll, user=facilitator, kind="flerval", question="Vilken?", options=["A", "C"]
        )
    poll.refresh_from_db()
    assert poll.options == ["A", "B"]
    services.poll_update(
        poll=poll, user=facilitator, kind="flerval", question="Vilken är bäst?", options=["A", "B"]
    )
    poll.refresh_from_db()
    assert poll.question == "Vilken är bäst?" and poll.block is None


def test_deleting_the_question_on_screen_clears_it_from_the_meeting(facilitator, meeting):
    poll = open_poll(meeting, "flerval", ["A", "B"], user=facilitator)
    services.response_submit(participant=join(meeting), poll=poll, value="A")
    assert services.poll_delete(poll=poll, user=facilitator) is True
    meeting.refresh_from_db()
    assert meeting.current_poll is None and state_payload(meeting)["poll"] is None
    assert not Poll.objects.filter(pk=poll.pk).exists() and not Response.objects.exists()
    assert AuditEntry.objects.get(action="poll.delete").data == {"question": "Fråga?", "responses": 1}


# Views ---------------------------------------------------------------------------------------------


def test_the_edit_button_swaps_in_a_site_styled_form_with_the_items_values(facilitator_client, meeting):
    block = meeting.blocks.get(kind="paus")
    url = reverse("workshops:block_edit", args=[meeting.pk, block.pk])
    response = facilitator_client.get(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'<label for="id_block-{block.pk}-description">Beskrivning</label>' in html
    assert 'value="paus" selected' in html and f'value="{block.title}"' in html


def test_saving_an_item_updates_the_database_the_agenda_and_the_question_forms_list(
    facilitator_client, meeting, broadcasts
):
    block = meeting.blocks.get(kind="paus")
    prefix = f"block-{block.pk}-"
    data = {
        prefix + "kind": "reflektion",
        prefix + "title": "Fika och samtal",
        prefix + "duration_minutes": "20",
    }
    data[prefix + "description"] = "Prata om hemuppgiften."
    url = reverse("workshops:block_edit", args=[meeting.pk, block.pk])
    response = facilitator_client.post(url, data, HTTP_HX_REQUEST="true")
    block.refresh_from_db()
    assert (block.kind, block.title, block.duration_minutes) == ("reflektion", "Fika och samtal", 20)
    assert block.description == "Prata om hemuppgiften."
    html = response.content.decode()
    assert response["HX-Retarget"] == "#agenda" and "Prata om hemuppgiften." in html
    assert 'id="poll-block-field" hx-swap-oob="true"' in html and ">Fika och samtal</option>" in html
    assert broadcasts == []  # the meeting is not running: no screens to tell


def test_a_bad_item_edit_keeps_the_form_with_a_swedish_message_and_saves_nothing(facilitator_client, meeting):
    block = meeting.blocks.first()
    prefix = f"block-{block.pk}-"
    data = {prefix + "kind": block.kind, prefix + "title": "", prefix + "duration_minutes": "0"}
    url = reverse("workshops:block_edit", args=[meeting.pk, block.pk])
    response = facilitator_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Detta fält måste fyllas i." in html and "större än eller lika med 1" in html
    old_title = block.title
    block.refresh_from_db()
    assert block.title == old_title


def test_adding_or_removing_an_item_refreshes_the_question_forms_list(facilitator_client, meeting):
    url = reverse("workshops:agenda", args=[meeting.pk])
    data = {"action": "add", "kind": "paus", "title": "Extra paus", "duration_minutes": "5"}
    html = facilitator_client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-swap-oob="true"' in html and ">Extra paus</option>" in html
    block = AgendaBlock.objects.get(title="Extra paus")
    html = facilitator_client.post(
        url, {"action": "remove", "block": block.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-swap-oob="true"' in html and "Extra paus" not in html


def test_a_question_is_edited_through_the_view_and_the_list_comes_back(
    facilitator_client, meeting, facilitator
):
    poll = _choice_poll(meeting, facilitator)
    prefix = f"poll-{poll.pk}-"
    data = {
        prefix + "kind": "flerval",
        prefix + "question": "Vilket alternativ?",
        prefix + "options": "A\nB\nC",
    }
    url = reverse("workshops:poll_edit", args=[meeting.pk, poll.pk])
    response = facilitator_client.post(url, data, HTTP_HX_REQUEST="true")
    poll.refresh_from_db()
    assert (poll.question, poll.options, poll.block) == ("Vilket alternativ?", ["A", "B", "C"], None)
    assert response["HX-Retarget"] == "#poll-list" and "Frågan är sparad." in response.content.decode()


def test_changing_an_answered_questions_options_is_refused_with_what_to_do(
    facilitator_client, meeting, facilitator
):
    poll = _choice_poll(meeting, facilitator)
    services.poll_open(poll=poll, user=facilitator)
    services.response_submit(participant=join(meeting), poll=poll, value="A")
    prefix = f"poll-{poll.pk}-"
    data = {prefix + "kind": "flerval", prefix + "question": "Vilken?", prefix + "options": "A\nB\nC"}
    url = reverse("workshops:poll_edit", args=[meeting.pk, poll.pk])
    form = facilitator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Frågan har redan svar." in form
    response = facilitator_client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Lägg till en ny fråga i stället" in response.content.decode()
    poll.refresh_from_db()
    assert poll.options == ["A", "B"]


def test_deleting_the_live_question_tells_the_screens_and_phones(
    facilitator_client, meeting, facilitator, broadcasts
):
    services.meeting_start(meeting=meeting, user=facilitator)
    poll = open_poll(meeting, "flerval", ["A", "B"], user=facilitator)
    url = reverse("workshops:poll_delete", args=[meeting.pk, poll.pk])
    confirm = facilitator_client.get(url)
    assert confirm.status_code == 200 and "Ja, ta bort frågan" in confirm.content.decode()
    assert Poll.objects.filter(pk=poll.pk).exists()  # asking first deletes nothing
    response = facilitator_client.post(url, {"next": "console"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "workshops:console", args=[meeting.pk]
    )
    meeting.refresh_from_db()
    assert meeting.current_poll_id is None and not Poll.objects.filter(pk=poll.pk).exists()
    assert broadcasts == [meeting.pk]


def test_a_question_of_another_meeting_is_not_found(facilitator_client, meeting, facilitator):
    other = seed_meeting(facilitator, title="Annat möte")
    poll = other.polls.all()[0]
    for name in ("workshops:poll_edit", "workshops:poll_delete"):
        assert facilitator_client.post(reverse(name, args=[meeting.pk, poll.pk])).status_code == 404
    block = other.blocks.all()[0]
    assert (
        facilitator_client.get(reverse("workshops:block_edit", args=[meeting.pk, block.pk])).status_code
        == 404
    )
    assert Poll.objects.filter(pk=poll.pk).exists()


def test_without_javascript_the_edit_links_open_pages_and_saving_returns_to_the_meeting(
    facilitator_client, meeting, facilitator
):
    block, poll = meeting.blocks.all()[0], _choice_poll(meeting, facilitator)
    block_url = reverse("workshops:block_edit", args=[meeting.pk, block.pk])
    assert "<h1>Ändra programpunkt</h1>" in facilitator_client.get(block_url).content.decode()
    prefix = f"block-{block.pk}-"
    data = {prefix + "kind": block.kind, prefix + "title": "Välkomna", prefix + "duration_minutes": "5"}
    response = facilitator_client.post(block_url, data)
    assert response.status_code == 302 and response["Location"] == reverse(
        "workshops:edit", args=[meeting.pk]
    )
    block.refresh_from_db()
    assert block.title == "Välkomna" and block.duration_minutes == 5
    poll_url = reverse("workshops:poll_edit", args=[meeting.pk, poll.pk]) + "?next=console"
    page = facilitator_client.get(poll_url).content.decode()
    assert "<h1>Ändra frågan</h1>" in page and 'name="next" value="console"' in page
