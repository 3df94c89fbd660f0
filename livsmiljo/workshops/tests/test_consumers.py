"""Real WebSocket connections through the project's ASGI application (Channels' test communicator)."""

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from livsmiljo.asgi import application
from livsmiljo.workshops import live, services
from livsmiljo.workshops.models import BoardNote, Response
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ORIGIN = (b"origin", b"http://127.0.0.1:8000")
db = database_sync_to_async


async def connect(path: str, cookie: str = "") -> WebsocketCommunicator:
    headers = [ORIGIN] + ([(b"cookie", cookie.encode())] if cookie else [])
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def receive_until(communicator: WebsocketCommunicator, kind: str, timeout: float = 3) -> dict:
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def results_with(communicator: WebsocketCommunicator, nonce: str) -> dict:
    """The first results message that counts the vote with this nonce (earlier ones may precede it)."""
    results = await receive_until(communicator, "results")
    while nonce not in results["nonces"]:
        results = await receive_until(communicator, "results")
    return results


async def phone(participant) -> WebsocketCommunicator:
    communicator = await connect(f"/ws/verkstad/deltagare/{participant.token}/")
    await receive_until(communicator, "state")
    return communicator


async def screen(meeting) -> WebsocketCommunicator:
    communicator = await connect(f"/ws/verkstad/skarm/{meeting.screen_token}/")
    await receive_until(communicator, "state")
    return communicator


@pytest.fixture
def meeting(facilitator):
    return seed_meeting(facilitator)


async def test_everyone_gets_the_state_with_the_server_clock_on_connect(meeting):
    await db(services.meeting_start)(meeting=meeting, user=None)
    participant = await db(join)(meeting, "Anna")
    communicator = await connect(f"/ws/verkstad/deltagare/{participant.token}/")
    state = await receive_until(communicator, "state")
    assert state["meeting"]["id"] == meeting.pk
    assert state["block"]["title"] == "Reglabs samtal"
    assert state["timer"]["ends_at"] - state["timer"]["server_now"] > 4 * 60 * 1000
    assert state["group"] is None and "groups" not in state
    await communicator.disconnect()


async def test_a_vote_is_acknowledged_and_the_screen_gets_results_with_its_nonce(meeting):
    poll = await db(open_poll)(meeting, "skala", ["1", "2", "3", "4", "5"])
    projector = await screen(meeting)
    anna = await phone(await db(join)(meeting, "Anna"))
    await anna.send_json_to({"action": "vote", "poll": poll.pk, "value": 4, "nonce": "n-1"})
    assert await receive_until(anna, "ack") == {"type": "ack", "nonce": "n-1", "ok": True}
    results = await results_with(projector, "n-1")
    assert results["poll"] == poll.pk
    assert results["total"] == 1
    assert results["counts"]["4"] == 1
    await anna.disconnect()
    await projector.disconnect()


async def test_many_votes_are_coalesced_into_few_results_and_none_is_lost(meeting):
    poll = await db(open_poll)(meeting, "flerval", ["Ja", "Nej"])
    projector = await screen(meeting)
    phones = [await phone(await db(join)(meeting)) for _ in range(12)]
    for i, p in enumerate(phones):
        await p.send_json_to(
            {"action": "vote", "poll": poll.pk, "value": "Ja" if i % 3 else "Nej", "nonce": f"v{i}"}
        )
    for p in phones:
        await receive_until(p, "ack")
    seen: set[str] = set()
    messages = 0
    while len(seen) < 12:
        results = await receive_until(projector, "results")
        seen.update(results["nonces"])
        messages += 1
    assert messages < 12
    assert results["total"] == 12 and results["counts"] == {"Ja": 8, "Nej": 4}
    for p in [*phones, projector]:
        await p.disconnect()


async def test_a_participant_of_another_meeting_cannot_vote(meeting, facilitator):
    poll = await db(open_poll)(meeting, "fritext")
    other = await db(seed_meeting)(facilitator, "Annat möte")
    intruder = await phone(await db(join)(other))
    await intruder.send_json_to({"action": "vote", "poll": poll.pk, "value": "hej", "nonce": "x"})
    error = await receive_until(intruder, "error")
    assert error["nonce"] == "x" and "hör inte till ditt möte" in error["message"]
    assert not await db(Response.objects.exists)()
    await intruder.disconnect()


async def test_bad_messages_get_a_swedish_error_and_the_connection_stays_open(meeting):
    anna = await phone(await db(join)(meeting))
    await anna.send_to(text_data="inte json")
    assert "kunde inte läsas" in (await receive_until(anna, "error"))["message"]
    await anna.send_json_to({"action": "dansa", "nonce": "d"})
    assert (await receive_until(anna, "error"))["message"] == "Okänd åtgärd."
    await anna.send_json_to({"action": "vote", "poll": "abc", "value": 1, "nonce": "p"})
    assert "Frågan finns inte" in (await receive_until(anna, "error"))["message"]
    await anna.disconnect()


async def test_an_unknown_token_or_an_ended_meeting_is_refused(meeting):
    communicator = WebsocketCommunicator(application, "/ws/verkstad/deltagare/gissning/", headers=[ORIGIN])
    await communicator.connect()
    assert (await communicator.receive_output())["type"] == "websocket.close"
    participant = await db(join)(meeting)
    await db(services.meeting_end)(meeting=meeting, user=None)
    communicator = WebsocketCommunicator(
        application, f"/ws/verkstad/deltagare/{participant.token}/", headers=[ORIGIN]
    )
    await communicator.connect()
    closing = await communicator.receive_output()
    assert closing == {"type": "websocket.close", "code": 4403}


async def test_the_console_needs_a_facilitator_session(meeting, owner, facilitator):
    async def cookie_for(user) -> str:
        client = Client()
        await db(client.force_login)(user)
        return f"sessionid={client.cookies['sessionid'].value}"

    communicator = WebsocketCommunicator(
        application,
        f"/ws/verkstad/konsol/{meeting.pk}/",
        headers=[ORIGIN, (b"cookie", (await cookie_for(owner)).encode())],
    )
    await communicator.connect()
    assert (await communicator.receive_output())["type"] == "websocket.close"
    console = await connect(f"/ws/verkstad/konsol/{meeting.pk}/", await cookie_for(facilitator))
    assert (await receive_until(console, "state"))["meeting"]["join_code"] == meeting.join_code
    await console.disconnect()


async def test_hiding_an_answer_removes_it_from_the_screens_results(meeting, facilitator):
    poll = await db(open_poll)(meeting, "fritext")
    projector = await screen(meeting)
    anna = await phone(await db(join)(meeting))
    await anna.send_json_to({"action": "vote", "poll": poll.pk, "value": "Olämpligt", "nonce": "o"})
    results = await results_with(projector, "o")
    assert [a["text"] for a in results["answers"]] == ["Olämpligt"]
    response = await db(Response.objects.get)()
    await db(services.response_hide)(response=response, user=facilitator)
    await db(live.broadcast_results)(poll.pk)
    results = await receive_until(projector, "results")
    assert results["answers"] == [] and results["total"] == 0
    await anna.disconnect()
    await projector.disconnect()


async def test_a_note_reaches_the_screen_board_and_can_be_voted_on(meeting):
    projector = await screen(meeting)
    anna = await phone(await db(join)(meeting, "Anna"))
    bo = await phone(await db(join)(meeting, "Bo"))
    await anna.send_json_to({"action": "note", "text": "Lära av varandra", "nonce": "n"})
    await receive_until(anna, "ack")
    board = await receive_until(projector, "board")
    while not board["notes"]:
        board = await receive_until(projector, "board")
    note_id = board["notes"][0]["id"]
    assert board["notes"][0]["text"] == "Lära av varandra"
    await bo.send_json_to({"action": "note_vote", "note": note_id, "nonce": "v"})
    await receive_until(bo, "ack")
    board = await receive_until(projector, "board")
    assert board["notes"][0]["votes"] == 1
    assert (await db(BoardNote.objects.get)(pk=note_id)).votes == 1
    for c in (anna, bo, projector):
        await c.disconnect()


async def test_a_console_step_reaches_every_phone_with_the_new_block(meeting, facilitator):
    await db(services.meeting_start)(meeting=meeting, user=facilitator)
    anna = await phone(await db(join)(meeting))
    await db(services.meeting_step)(meeting=meeting, user=facilitator, direction=1)
    await db(live.broadcast_state)(meeting.pk)
    state = await receive_until(anna, "state")
    assert state["block"]["kind"] == "incheckning"
    assert state["poll"]["kind"] == "ordmoln" and state["poll"]["status"] == "open"
    await anna.disconnect()


async def test_participants_see_results_only_when_revealed(meeting, facilitator):
    poll = await db(open_poll)(meeting, "flerval", ["Ja", "Nej"])
    await db(services.meeting_start)(meeting=meeting, user=facilitator)
    await db(services.poll_open)(poll=poll, user=facilitator)
    anna = await phone(await db(join)(meeting))
    await anna.send_json_to({"action": "vote", "poll": poll.pk, "value": "Ja", "nonce": "a"})
    await receive_until(anna, "ack")
    assert await anna.receive_nothing(timeout=0.5)
    await db(services.poll_set_results_visible)(poll=poll, user=facilitator, visible=True)
    await db(live.broadcast_state)(meeting.pk)
    results = await receive_until(anna, "results")
    assert results["counts"] == {"Ja": 1, "Nej": 0}
    await anna.disconnect()


async def test_group_members_get_their_group_and_its_board(meeting, facilitator, region, other_region):
    anna_p = await db(join)(meeting, "Anna", region)
    await db(join)(meeting, "Bo", other_region)
    dialogue = await db(meeting.blocks.get)(kind="gruppdialog")
    await db(services.meeting_goto)(meeting=meeting, user=facilitator, block=dialogue)
    anna = await phone(anna_p)
    await db(services.groups_form)(block=dialogue, user=facilitator, size=2)
    await db(live.broadcast_state)(meeting.pk)
    state = await receive_until(anna, "state")
    assert state["group"]["name"] == "Grupp 1" and sorted(state["group"]["members"]) == ["Anna", "Bo"]
    await anna.send_json_to({"action": "note", "text": "Hållbara transporter", "nonce": "g"})
    await receive_until(anna, "ack")
    board = await receive_until(anna, "board")
    while not board["notes"]:
        board = await receive_until(anna, "board")
    assert board["notes"][0]["group_name"] == "Grupp 1"
    await anna.disconnect()


async def test_ending_reaches_the_projector_and_the_phones_and_phones_can_no_longer_write(
    meeting, facilitator
):
    await db(services.meeting_start)(meeting=meeting, user=facilitator)
    await db(services.meeting_step)(meeting=meeting, user=facilitator, direction=1)
    projector = await screen(meeting)
    anna = await phone(await db(join)(meeting, "Anna"))
    await anna.send_json_to({"action": "note", "text": "Lära av varandra", "nonce": "n"})
    await receive_until(anna, "ack")
    note = await db(BoardNote.objects.get)()
    client = Client()
    await db(client.force_login)(facilitator)
    response = await db(client.post)(f"/verkstad/moten/{meeting.pk}/konsol/", {"action": "end"})
    assert response.status_code == 302
    for communicator in (projector, anna):
        state = await receive_until(communicator, "state")
        while state["meeting"]["status"] != "ended":
            state = await receive_until(communicator, "state")
        assert state["block"] is None and state["poll"] is None and state["timer"]["ends_at"] is None
    for message in (
        {"action": "chat", "text": "Hej", "nonce": "c"},
        {"action": "note", "text": "En till", "nonce": "n2"},
        {"action": "note_vote", "note": note.pk, "nonce": "v"},
    ):
        await anna.send_json_to(message)
        error = await receive_until(anna, "error")
        assert error["nonce"] == message["nonce"] and "avslutat" in error["message"]
    assert await db(BoardNote.objects.count)() == 1
    assert (await db(BoardNote.objects.get)()).votes == 0
    await anna.disconnect()
    await projector.disconnect()
