"""Hostile and malformed input over real WebSockets: each message is judged on its own, the sender gets a
Swedish error, the connection stays open and nobody else's message is lost."""

import asyncio
import logging

import pytest
from channels.db import database_sync_to_async

from livsmiljo.workshops import consumers
from livsmiljo.workshops.models import BoardNote, Response
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting
from livsmiljo.workshops.tests.test_consumers import phone, receive_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
db = database_sync_to_async


@pytest.fixture
def meeting(facilitator):
    return seed_meeting(facilitator)


@pytest.fixture
def no_tracebacks(caplog):
    caplog.set_level(logging.WARNING)
    yield
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


async def still_answers(communicator, poll_id: int) -> None:
    """The connection is open and works: a good vote after the bad message is acknowledged."""
    await communicator.send_json_to({"action": "vote", "poll": poll_id, "value": "Ja", "nonce": "after"})
    assert await receive_until(communicator, "ack") == {"type": "ack", "nonce": "after", "ok": True}


@pytest.mark.parametrize("poison", ["²", 10**30, -1, 0, True, 1.5, [1], {"id": 1}, "1" * 40])
async def test_a_poisoned_vote_among_twenty_honest_ones_fails_alone(meeting, poison, no_tracebacks):
    poll = await db(open_poll)(meeting, "flerval", ["Ja", "Nej"])
    honest = [await phone(await db(join)(meeting)) for _ in range(20)]
    attacker = await phone(await db(join)(meeting))
    await attacker.send_json_to({"action": "vote", "poll": poison, "value": "Ja", "nonce": "evil"})
    for i, p in enumerate(honest):
        await p.send_json_to({"action": "vote", "poll": poll.pk, "value": "Ja", "nonce": f"v{i}"})
    error = await receive_until(attacker, "error")
    assert error["nonce"] == "evil" and "Frågan finns inte" in error["message"]
    acks = [await receive_until(p, "ack") for p in honest]
    assert [a["nonce"] for a in acks] == [f"v{i}" for i in range(20)]
    assert await db(Response.objects.filter(poll=poll).count)() == 20
    await still_answers(attacker, poll.pk)
    for p in [*honest, attacker]:
        await p.disconnect()


@pytest.mark.parametrize(
    "message",
    [
        {"action": "note_vote", "note": "²", "nonce": "m"},
        {"action": "note_vote", "note": 10**30, "nonce": "m"},
        {"action": "note_vote", "note": None, "nonce": "m"},
        {"action": "vote", "poll": None, "value": "Ja", "nonce": "m"},
        {"action": "vote", "poll": 1, "value": {"a": [1, {"b": 2}]}, "nonce": "m"},
        {"action": "vote", "poll": 1, "value": ["Ja", ["Nej"]], "nonce": "m"},
        {"action": "note", "text": {"x": 1}, "nonce": "m"},
        {"action": "chat", "text": ["a", "b"], "nonce": "m"},
        {"action": ["vote"], "nonce": "m"},
        {"action": "vote", "poll": 1, "value": "Ja", "nonce": {"deep": [1, 2, 3]}},
        {"action": "vote", "poll": 1, "value": "Ja", "nonce": "n" * 10_000},
    ],
)
async def test_a_message_with_wrong_types_gets_a_swedish_error_and_the_connection_stays_open(
    meeting, message, no_tracebacks
):
    poll = await db(open_poll)(meeting, "flerval", ["Ja", "Nej"])
    anna = await phone(await db(join)(meeting))
    await anna.send_json_to(message)
    error = await receive_until(anna, "error")
    assert error["message"] and error["message"].endswith(".")
    assert error["nonce"] in ("m", None)
    await still_answers(anna, poll.pk)
    assert not await db(BoardNote.objects.exists)()
    await anna.disconnect()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("[" * 100_000, "för stort"),
        ("[" * 10_000, "kunde inte läsas"),
        ('{"a":' * 2_000 + "1" + "}" * 2_000, "kunde inte läsas"),
        ('{"action": "chat", "text": "' + "x" * 70_000 + '"}', "för stort"),
        ("inte json", "kunde inte läsas"),
        ("[1, 2]", "kunde inte läsas"),
        (" ", "kunde inte läsas"),
    ],
)
async def test_unreadable_deep_or_oversized_text_gets_an_error_and_the_connection_stays_open(
    meeting, text, expected, no_tracebacks
):
    poll = await db(open_poll)(meeting, "flerval", ["Ja", "Nej"])
    anna = await phone(await db(join)(meeting))
    await anna.send_to(text_data=text)
    error = await receive_until(anna, "error")
    assert expected in error["message"] and error["nonce"] is None
    await still_answers(anna, poll.pk)
    await anna.disconnect()


async def test_binary_frames_get_an_error_and_the_connection_stays_open(meeting, no_tracebacks):
    poll = await db(open_poll)(meeting, "flerval", ["Ja", "Nej"])
    anna = await phone(await db(join)(meeting))
    await anna.send_to(bytes_data=b"\x00\xff" * 10)
    assert "kunde inte läsas" in (await receive_until(anna, "error"))["message"]
    await still_answers(anna, poll.pk)
    await anna.disconnect()


async def test_an_unknown_action_gets_an_error_with_its_nonce(meeting, no_tracebacks):
    anna = await phone(await db(join)(meeting))
    await anna.send_json_to({"action": "__class__", "nonce": 7})
    assert await receive_until(anna, "error") == {"type": "error", "nonce": 7, "message": "Okänd åtgärd."}
    await anna.disconnect()


async def test_a_vote_for_an_unknown_note_gets_an_error_and_others_can_still_vote(meeting, no_tracebacks):
    anna = await phone(await db(join)(meeting))
    await anna.send_json_to({"action": "note", "text": "Lära av varandra", "nonce": "n"})
    await receive_until(anna, "ack")
    note = await db(BoardNote.objects.get)()
    bo = await phone(await db(join)(meeting))
    await asyncio.gather(
        anna.send_json_to({"action": "note_vote", "note": "²", "nonce": "bad"}),
        bo.send_json_to({"action": "note_vote", "note": note.pk, "nonce": "good"}),
    )
    assert "Lappen finns inte" in (await receive_until(anna, "error"))["message"]
    assert (await receive_until(bo, "ack"))["nonce"] == "good"
    await db(note.refresh_from_db)()
    assert note.votes == 1
    await anna.disconnect()
    await bo.disconnect()


@pytest.mark.parametrize("same_process", [True, False])
async def test_a_phone_that_floods_stays_limited_across_reconnects(meeting, same_process):
    poll = await db(open_poll)(meeting, "flerval", ["Ja", "Nej"])
    anna = await db(join)(meeting)
    replies = []
    for connection in range(3):
        if not same_process:
            consumers.RECENT.clear()  # as if each reconnect reached another server process
        communicator = await phone(anna)
        for i in range(12):
            vote = {"action": "vote", "poll": poll.pk, "value": "Ja", "nonce": f"c{connection}-{i}"}
            await communicator.send_json_to(vote)
            replies.append(await receive_until_reply(communicator))
        await communicator.disconnect()
    throttled = [r["nonce"] for r in replies if "väldigt många" in r.get("message", "")]
    assert throttled == [f"c2-{i}" for i in range(6, 12)]  # messages 31 to 36 of the window


async def receive_until_reply(communicator) -> dict:
    while True:
        message = await communicator.receive_json_from(timeout=3)
        if message["type"] in ("ack", "error"):
            return message
