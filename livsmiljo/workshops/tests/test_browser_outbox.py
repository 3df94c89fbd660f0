"""A phone that is offline when the answer is given sends it when the connection is back, once."""

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from livsmiljo.tests.browser import assert_accessible
from livsmiljo.workshops import services
from livsmiljo.workshops.models import Poll, Response
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@dataclass(frozen=True)
class Phone:
    """A participant's phone on a started meeting's open word cloud."""

    page: Page
    poll: Poll
    token: str

    def answer(self, word: str, *, route: Callable[[Any], None]) -> None:
        """Open the phone page with its live connection passed through `route`, and send `word`."""
        self.page.route_web_socket(re.compile(r"/ws/verkstad/deltagare/"), route)
        self.page.goto(f"/verkstad/m/{self.token}/")
        expect(self.page.locator("#connection")).to_have_text("Ansluten")
        self.page.get_by_label("Ditt svar").fill(word)
        self.page.get_by_role("region", name="Fråga").get_by_role("button", name="Skicka").click()
        expect(self.page.locator("#feedback")).to_have_text("Skickas …")


@pytest.fixture
def phone(browser, asgi_server, facilitator) -> Iterator[Phone]:
    meeting = seed_meeting(facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    poll = open_poll(meeting, "ordmoln")
    participant = join(meeting, "Anna")
    context = browser.new_context(locale="sv-SE", base_url=str(asgi_server), **PHONE)
    context.set_default_timeout(15_000)
    yield Phone(page=context.new_page(), poll=poll, token=participant.token)
    context.close()


def test_an_answer_given_offline_arrives_once_after_the_phone_reconnects(phone):
    connections: list[Any] = []
    held: list[str] = []  # what the phone sent while "offline": it never reached the server

    def route(ws: Any) -> None:
        connections.append(ws)
        server = ws.connect_to_server()
        if len(connections) > 1:
            return  # back online: everything goes through

        def offline(message: str | bytes) -> None:
            if isinstance(message, str) and '"vote"' in message:
                held.append(message)
            else:
                server.send(message)

        ws.on_message(offline)

    phone.answer("nyfiken", route=route)
    page, poll = phone.page, phone.poll
    assert_accessible(page)
    page.wait_for_timeout(1500)
    assert len(held) >= 1 and not Response.objects.filter(poll=poll).exists()

    connections[0].close()  # the connection drops; the page reconnects by itself and sends the outbox again
    expect(page.locator("#feedback")).to_have_text("Tack! Ditt svar är skickat.")
    saved = Response.objects.get(poll=poll)
    assert saved.value == "nyfiken"
    assert saved.nonce == json.loads(held[0])["nonce"]  # the same nonce as the first, lost, send
    page.wait_for_timeout(1500)  # nothing more arrives: the outbox is empty
    assert Response.objects.filter(poll=poll).count() == 1
    assert len(connections) == 2


def test_an_answer_whose_ack_never_came_is_sent_again_on_the_open_connection(phone):
    lost: list[str] = []
    forwarded: list[str] = []

    def route(ws: Any) -> None:
        server = ws.connect_to_server()

        def lose_the_first_vote(message: str | bytes) -> None:
            if isinstance(message, str) and '"vote"' in message and not lost:
                lost.append(message)  # the frame vanishes on the way; the connection stays up
                return
            if isinstance(message, str) and '"vote"' in message:
                forwarded.append(message)
            server.send(message)

        ws.on_message(lose_the_first_vote)

    phone.answer("glad", route=route)

    # about 5 s later the outbox sends it again, with the same nonce, on the same connection
    expect(phone.page.locator("#feedback")).to_have_text("Tack! Ditt svar är skickat.", timeout=12_000)
    assert [json.loads(m)["nonce"] for m in forwarded] == [json.loads(lost[0])["nonce"]]
    assert Response.objects.get(poll=phone.poll).value == "glad"
