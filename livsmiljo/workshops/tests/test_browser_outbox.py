"""A phone that is offline when the answer is given sends it when the connection is back, once."""

import json
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from livsmiljo.tests.browser import assert_accessible
from livsmiljo.workshops import services
from livsmiljo.workshops.models import Response
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def test_an_answer_given_offline_arrives_once_after_the_phone_reconnects(browser, asgi_server, facilitator):
    meeting = seed_meeting(facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    poll = open_poll(meeting, "ordmoln")
    participant = join(meeting, "Anna")
    context = browser.new_context(locale="sv-SE", base_url=str(asgi_server), **PHONE)
    context.set_default_timeout(15_000)
    phone = context.new_page()
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

    phone.route_web_socket(re.compile(r"/ws/verkstad/deltagare/"), route)
    phone.goto(f"/verkstad/m/{participant.token}/")
    expect(phone.locator("#connection")).to_have_text("Ansluten")
    phone.get_by_label("Ditt svar").fill("nyfiken")
    phone.get_by_role("region", name="Fråga").get_by_role("button", name="Skicka").click()

    expect(phone.locator("#feedback")).to_have_text("Skickas …")
    assert_accessible(phone)
    phone.wait_for_timeout(1500)
    assert len(held) >= 1 and not Response.objects.filter(poll=poll).exists()

    connections[0].close()  # the connection drops; the page reconnects by itself and sends the outbox again
    expect(phone.locator("#feedback")).to_have_text("Tack! Ditt svar är skickat.")
    saved = Response.objects.get(poll=poll)
    assert saved.value == "nyfiken"
    assert saved.nonce == json.loads(held[0])["nonce"]  # the same nonce as the first, lost, send
    phone.wait_for_timeout(1500)  # nothing more arrives: the outbox is empty
    assert Response.objects.filter(poll=poll).count() == 1
    assert len(connections) == 2
    context.close()


def test_an_answer_whose_ack_never_came_is_sent_again_on_the_open_connection(
    browser, asgi_server, facilitator
):
    meeting = seed_meeting(facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    poll = open_poll(meeting, "ordmoln")
    participant = join(meeting, "Anna")
    context = browser.new_context(locale="sv-SE", base_url=str(asgi_server), **PHONE)
    context.set_default_timeout(15_000)
    phone = context.new_page()
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

    phone.route_web_socket(re.compile(r"/ws/verkstad/deltagare/"), route)
    phone.goto(f"/verkstad/m/{participant.token}/")
    expect(phone.locator("#connection")).to_have_text("Ansluten")
    phone.get_by_label("Ditt svar").fill("glad")
    phone.get_by_role("region", name="Fråga").get_by_role("button", name="Skicka").click()
    expect(phone.locator("#feedback")).to_have_text("Skickas …")

    # about 5 s later the outbox sends it again, with the same nonce, on the same connection
    expect(phone.locator("#feedback")).to_have_text("Tack! Ditt svar är skickat.", timeout=12_000)
    assert [json.loads(m)["nonce"] for m in forwarded] == [json.loads(lost[0])["nonce"]]
    assert Response.objects.get(poll=poll).value == "glad"
    context.close()
