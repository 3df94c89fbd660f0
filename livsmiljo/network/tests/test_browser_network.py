"""Issue 15 in a browser: a signed-in participant saves a check-in answer from the phone to their page."""

import pytest
from playwright.sync_api import expect

from livsmiljo.network.models import SavedAnswer
from livsmiljo.tests.browser import assert_accessible, collect_csp_violations, login
from livsmiljo.workshops import services as workshops
from livsmiljo.workshops.models import AgendaBlock, Participant
from livsmiljo.workshops.tests.factories import seed_meeting

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 900}
QUESTION = "Vad är du särskilt nyfiken på kopplat till hållbara livsmiljöer?"


def test_a_signed_in_participant_saves_a_ticked_check_in_answer_and_sees_it_on_their_page(
    page, asgi_server, facilitator, owner, region
):
    owner.first_name, owner.last_name = "Alice", "Andersson"
    owner.save()
    meeting = seed_meeting(facilitator, organisations=[region])
    workshops.meeting_goto(
        meeting=meeting, user=facilitator, block=meeting.blocks.get(kind=AgendaBlock.Kind.CHECKIN)
    )
    csp = collect_csp_violations(page.context)
    page.set_viewport_size(PHONE)
    login(page, asgi_server, owner)

    page.goto(f"{asgi_server}/verkstad/delta/")
    page.get_by_label("Kod").fill(meeting.join_code)
    page.get_by_label("Ditt namn (frivilligt)").fill("Alice")
    page.get_by_role("button", name="Gå med").click()
    expect(page.locator("#poll legend")).to_have_text(QUESTION)
    tick = page.locator(".live-poll").get_by_label("Spara mitt svar på min sida i nätverket")
    expect(tick).to_be_visible()
    expect(tick).not_to_be_checked()
    expect(page.locator(".live-poll").get_by_text("Sparas: svarets text och mötets namn.")).to_be_visible()

    answer = page.locator(".live-poll").get_by_label("Ditt svar")
    answer.fill("Utan kryss")
    page.locator(".live-poll").get_by_role("button", name="Skicka").click()
    expect(page.locator("#feedback")).to_have_text("Tack! Ditt svar är skickat.")
    answer.fill("Grönstruktur")
    tick.check()
    page.locator(".live-poll").get_by_role("button", name="Skicka").click()
    expect(page.get_by_text("Svaret är sparat på din sida i nätverket.")).to_be_visible()
    expect(tick).not_to_be_checked()  # the next answer needs its own tick

    assert Participant.objects.get(meeting=meeting).user == owner
    assert list(SavedAnswer.objects.values_list("text", "meeting_id")) == [("Grönstruktur", meeting.pk)]
    page.goto(f"{asgi_server}/natverk/personer/{owner.pk}/")
    expect(page.locator("main h1")).to_have_text("Alice Andersson")
    expect(page.locator(".person-fields")).to_contain_text("Grönstruktur")
    expect(page.locator(".person-fields")).not_to_contain_text("Utan kryss")
    assert_accessible(page)
    page.goto(f"{asgi_server}/natverk/")
    expect(page.get_by_role("link", name="Alice Andersson")).to_be_visible()
    assert_accessible(page)
    page.goto(f"{asgi_server}/natverk/min-sida/")
    expect(page.locator(".saved-answers")).to_contain_text(meeting.title)
    assert_accessible(page)
    assert not csp, csp


def test_a_phone_not_signed_in_offers_a_login_that_comes_back_to_the_phone(
    page, asgi_server, facilitator, owner, region
):
    meeting = seed_meeting(facilitator, organisations=[region])
    workshops.meeting_goto(
        meeting=meeting, user=facilitator, block=meeting.blocks.get(kind=AgendaBlock.Kind.CHECKIN)
    )
    page.set_viewport_size(PHONE)
    page.goto(f"{asgi_server}/verkstad/delta/{meeting.join_code}/")
    page.get_by_role("button", name="Gå med").click()
    expect(page.locator("#poll legend")).to_have_text(QUESTION)
    phone = page.url

    page.get_by_role("link", name="Logga in för att spara svar på din sida").click()
    page.locator("#id_username").fill(owner.username)
    page.locator("#id_password").fill("ett-langt-losenord-for-test")
    page.locator("main form button").click()

    page.wait_for_url(phone)
    expect(
        page.locator(".live-poll").get_by_label("Spara mitt svar på min sida i nätverket")
    ).not_to_be_checked()
    assert_accessible(page)


def test_a_ticked_note_in_the_group_dialogue_is_saved_to_what_the_person_wants_to_learn(
    page, asgi_server, facilitator, owner, region
):
    meeting = seed_meeting(facilitator, organisations=[region])
    dialogue = meeting.blocks.get(kind=AgendaBlock.Kind.GROUP_DIALOGUE)
    workshops.meeting_goto(meeting=meeting, user=facilitator, block=dialogue)
    workshops.dialogue_step(meeting=meeting, user=facilitator, direction=1)
    page.set_viewport_size(PHONE)
    login(page, asgi_server, owner)
    page.goto(f"{asgi_server}/verkstad/delta/{meeting.join_code}/")
    page.get_by_role("button", name="Gå med").click()
    board = page.locator(".live-board")
    tick = board.get_by_label("Spara mitt svar på min sida i nätverket")
    expect(tick).to_be_visible()
    expect(page.locator(".live-poll .network-consent")).to_be_hidden()  # no check-in question is open

    board.get_by_label("Skriv en lapp").fill("Mäta social hållbarhet")
    tick.check()
    board.get_by_role("button", name="Sätt upp lappen").click()

    expect(board.get_by_text("Svaret är sparat på din sida i nätverket.")).to_be_visible()
    assert list(SavedAnswer.objects.values_list("field", "text")) == [("lara", "Mäta social hållbarhet")]
