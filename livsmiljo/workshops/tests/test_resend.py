"""A vote whose ack never arrived is sent again with the same nonce, over real WebSockets (uvicorn)."""

import asyncio
import json
import time
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Origin

from livsmiljo import ratelimit
from livsmiljo.workshops import loadtest, services
from livsmiljo.workshops.models import Response
from livsmiljo.workshops.services.batch import VoteItem, responses_submit_many
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def phone(base_url: str, token: str) -> ClientConnection:
    url = f"ws{base_url.removeprefix('http')}/ws/verkstad/deltagare/{token}/"
    return connect(url, origin=Origin(base_url), proxy=None)


def until(ws: ClientConnection, kind: str, nonce: str | None = None) -> dict:
    while True:
        message = json.loads(ws.recv(timeout=10))
        if message["type"] == kind and (nonce is None or message.get("nonce") == nonce):
            return message


def answers(poll) -> list[str]:
    return list(Response.objects.filter(poll=poll).order_by("pk").values_list("value", flat=True))


def eventually(check, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_vote_resent_after_a_dropped_connection_is_saved_once(asgi_server, facilitator):
    meeting = seed_meeting(facilitator)
    poll = open_poll(meeting, "ordmoln")
    participant = join(meeting, "Anna")
    vote = {"action": "vote", "poll": poll.pk, "value": "nyfiken", "nonce": "n-1"}
    with phone(asgi_server, participant.token) as first:
        until(first, "state")
        first.send(json.dumps(vote))
    # gone before the ack: the phone cannot know whether the vote arrived
    eventually(lambda: len(answers(poll)) == 1)

    with phone(asgi_server, participant.token) as second:
        until(second, "state")
        second.send(json.dumps(vote))  # the outbox sends it again, with the same nonce
        assert until(second, "ack", "n-1") == {"type": "ack", "nonce": "n-1", "ok": True}
    assert answers(poll) == ["nyfiken"]


def test_votes_that_arrived_before_the_phone_went_away_are_all_saved(asgi_server, facilitator):
    meeting = seed_meeting(facilitator)
    poll = open_poll(meeting, "ordmoln")
    participant = join(meeting, "Anna")
    with phone(asgi_server, participant.token) as ws:
        until(ws, "state")
        for number, word in enumerate(["nyfiken", "glad", "modig"]):
            ws.send(json.dumps({"action": "vote", "poll": poll.pk, "value": word, "nonce": f"n-{number}"}))
    # closed: the first ack cannot be sent any more; the server must still read the two votes after it
    eventually(lambda: len(answers(poll)) == 3)
    assert sorted(answers(poll)) == ["glad", "modig", "nyfiken"]


# --- The load client does the same as the phone page ------------------------------------------------


def test_the_load_client_resends_votes_whose_connection_broke_and_none_is_lost_or_doubled(
    asgi_server, facilitator, monkeypatch
):
    meeting = seed_meeting(facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    poll = open_poll(meeting, "ordmoln")
    request, dropped = loadtest._Socket.request, set()

    async def drop_after_the_first_vote(self, payload, timeout=None):
        """The vote leaves, then the connection breaks before its ack can come back."""
        if payload.get("action") == "vote" and payload["nonce"] not in dropped:
            dropped.add(payload["nonce"])
            await self.ws.send(json.dumps(payload))
            await self.ws.close()
            await asyncio.wait([self.reader])
        return await request(self, payload, timeout)

    monkeypatch.setattr(loadtest._Socket, "request", drop_after_the_first_vote)

    report = loadtest.loadtest_run(
        target=loadtest.loadtest_target(url=asgi_server, code=meeting.join_code), participants=5, timeout=60
    )

    assert (report.votes_sent, report.reconnects, report.vote_resends) == (5, 5, 5)
    assert (report.votes_acked, report.votes_in_database, report.lost, report.votes_doubled) == (5, 5, 0, 0)
    assert Response.objects.filter(poll=poll).count() == 5


def test_votes_are_saved_when_the_shared_message_count_cannot_be_reached(
    asgi_server, facilitator, monkeypatch
):
    """The flood count lives in the shared cache (Redis with several processes); when that times out, the
    votes are still saved and acked (the limit fails open) instead of the connection dying with them."""
    meeting = seed_meeting(facilitator)
    poll = open_poll(meeting, "ordmoln")
    participant = join(meeting, "Anna")

    def unreachable(*args, **kwargs):
        raise TimeoutError("Timeout reading from 127.0.0.1:63802")

    monkeypatch.setattr(ratelimit, "hit", unreachable)
    with phone(asgi_server, participant.token) as ws:
        until(ws, "state")
        for number in range(15):  # past the 10 a phone may send before the shared count is asked
            ws.send(
                json.dumps(
                    {"action": "vote", "poll": poll.pk, "value": f"ord {number}", "nonce": f"n-{number}"}
                )
            )
            assert until(ws, "ack", f"n-{number}")["ok"] is True
    assert Response.objects.filter(poll=poll).count() == 15


def test_the_database_keeps_one_answer_per_nonce_when_two_processes_save_the_same_resend(facilitator):
    """Two web processes may each be saving a phone's re-sent answer: each has checked that the nonce is
    new before the other wrote it. The database keeps one; the batch and the single path both take that."""
    meeting = seed_meeting(facilitator)
    poll = open_poll(meeting, "ordmoln")
    participant = join(meeting, "Anna")
    Response.objects.create(poll=poll, participant=participant, value="först", nonce="n-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(poll=poll, participant=participant, value="igen", nonce="n-1")
    Response.objects.create(poll=poll, participant=participant, value="utan nonce 1", nonce="")
    Response.objects.create(poll=poll, participant=participant, value="utan nonce 2", nonce="")

    # the other process's view: it looked before "n-2" was there, then saves it as new
    item = VoteItem(participant=participant, poll_id=poll.pk, value="andra", nonce="n-2")
    Response.objects.create(poll=poll, participant=participant, value="andra", nonce="n-2")
    with mock.patch.object(Response.objects, "filter", return_value=Response.objects.none()):
        assert responses_submit_many(items=[item]) == [poll.pk]
    assert answers(poll) == ["först", "utan nonce 1", "utan nonce 2", "andra"]
