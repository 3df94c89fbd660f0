"""Scoring a matrix live over real WebSockets: saved once per participant and pair, the screens updated."""

import pytest
from channels.db import database_sync_to_async

from livsmiljo.matrix import services as matrix_services
from livsmiljo.matrix import services_live
from livsmiljo.matrix.models import Score
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.workshops import live, services
from livsmiljo.workshops.tests.factories import join, seed_meeting
from livsmiljo.workshops.tests.test_consumers import phone, receive_until, screen

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
db = database_sync_to_async


def _matrix_meeting(user, title="RUS-mål"):
    meeting = seed_meeting(user)
    goals = [GoalSpec(n) for n in ("Bostäder", "Pendling", "Grönområden")]
    matrix = matrix_services.create_matrix(project=meeting.project, title=title, goals=goals, user=user)
    block = services_live.matrix_block_create(matrix=matrix, meeting=meeting, user=user)
    services.meeting_start(meeting=meeting, user=user)
    services.meeting_goto(meeting=meeting, user=user, block=block)
    return meeting, matrix, [g.pk for g in matrix.goals.all()]


@pytest.fixture
def live_matrix(facilitator):
    return _matrix_meeting(facilitator)


def _scores(matrix):
    return list(Score.objects.filter(matrix=matrix).values_list("source_id", "target_id", "value", "reason"))


async def test_a_phone_gets_its_first_pair_when_it_connects_to_a_matrix_block(live_matrix):
    meeting, matrix, ids = live_matrix
    anna = await phone(await db(join)(meeting, "Anna"))
    pair = await receive_until(anna, "matrix.pair")
    assert pair["matrix"] == matrix.pk
    assert (pair["done"], pair["total"]) == (0, 6)
    assert pair["source"]["id"] in ids and pair["target"]["id"] in ids
    await anna.disconnect()


async def test_a_score_is_saved_once_and_a_resent_score_replaces_it(live_matrix):
    meeting, matrix, (a, b, _c) = live_matrix
    anna = await phone(await db(join)(meeting, "Anna"))
    message = {
        "action": "matrix.score",
        "source": a,
        "target": b,
        "value": 2,
        "reason": "Täta",
        "nonce": "s1",
    }
    await anna.send_json_to(message)
    assert await receive_until(anna, "ack") == {"type": "ack", "nonce": "s1", "ok": True}
    following = await receive_until(anna, "matrix.pair")
    assert following["done"] == 1
    assert (following["source"]["id"], following["target"]["id"]) != (a, b)
    await anna.send_json_to({**message, "value": -1, "reason": "Ändrat", "nonce": "s2"})
    await receive_until(anna, "ack")
    assert await db(_scores)(matrix) == [(a, b, -1, "Ändrat")]
    await anna.disconnect()


async def test_the_score_may_be_sent_with_type_instead_of_action(live_matrix):
    meeting, matrix, (a, b, _c) = live_matrix
    anna = await phone(await db(join)(meeting, "Anna"))
    await anna.send_json_to({"type": "matrix.score", "source": a, "target": b, "value": 3, "nonce": "t"})
    await receive_until(anna, "ack")
    assert await db(_scores)(matrix) == [(a, b, 3, "")]
    await anna.disconnect()


async def test_invalid_scores_get_a_swedish_error_and_save_nothing(live_matrix, facilitator):
    meeting, matrix, (a, b, _c) = live_matrix
    _other_meeting, _other, (x, _y, _z) = await db(_matrix_meeting)(facilitator, "Annan")
    anna = await phone(await db(join)(meeting, "Anna"))
    bad = [
        ({"source": a, "target": x, "value": 1}, "Målen finns inte i den här matrisen"),
        ({"source": a, "target": b, "value": 5}, "Välj en bedömning på skalan från −3 till +3."),
        ({"source": a, "target": a, "value": 1}, "Ett mål bedöms inte mot sig självt"),
        ({"source": a, "target": b, "value": 1, "reason": "x" * 1001}, "Motiveringen är för lång"),
        ({"source": "²", "target": b, "value": 1}, "Målen finns inte"),
    ]
    for number, (fields, text) in enumerate(bad):
        await anna.send_json_to({"action": "matrix.score", "nonce": f"b{number}", **fields})
        error = await receive_until(anna, "error")
        assert error["nonce"] == f"b{number}" and text in error["message"]
    assert await db(_scores)(matrix) == []
    await anna.disconnect()


async def test_the_screen_receives_a_heatmap_update_without_reasons(live_matrix):
    meeting, _matrix, (a, b, _c) = live_matrix
    projector = await screen(meeting)
    first = await receive_until(projector, "matrix.heatmap")
    assert first["scored"] == 0 and [g["name"] for g in first["goals"]] == [
        "Bostäder",
        "Pendling",
        "Grönområden",
    ]
    anna = await phone(await db(join)(meeting, "Anna"))
    await anna.send_json_to(
        {"action": "matrix.score", "source": a, "target": b, "value": -2, "reason": "Hemligt", "nonce": "h"}
    )
    heatmap = await receive_until(projector, "matrix.heatmap")
    while heatmap["scored"] == 0:  # the screen may get a state change in between
        heatmap = await receive_until(projector, "matrix.heatmap")
    cell = next(c for c in heatmap["cells"] if (c["source"], c["target"]) == (a, b))
    assert (cell["count"], cell["median"], heatmap["scored"], heatmap["total"]) == (1, -2, 1, 6)
    assert "Hemligt" not in str(heatmap)
    await anna.disconnect()
    await projector.disconnect()


async def test_leaving_the_block_stops_the_scoring(live_matrix, facilitator):
    meeting, matrix, (a, b, _c) = live_matrix
    anna = await phone(await db(join)(meeting, "Anna"))
    await receive_until(anna, "matrix.pair")
    await db(services.meeting_step)(meeting=meeting, user=facilitator, direction=-1)
    await db(live.broadcast_state)(meeting.pk)
    state = await receive_until(anna, "state")
    assert state["block"]["kind"] != "matris"
    await anna.send_json_to({"action": "matrix.score", "source": a, "target": b, "value": 1, "nonce": "late"})
    error = await receive_until(anna, "error")
    assert "tar inte emot bedömningar" in error["message"]
    assert await db(_scores)(matrix) == []
    await anna.disconnect()


async def test_moving_to_the_matrix_block_sends_the_pair_and_the_heatmap(facilitator):
    meeting, matrix, _ids = await db(_matrix_meeting)(facilitator)
    await db(services.meeting_step)(meeting=meeting, user=facilitator, direction=-1)
    anna = await phone(await db(join)(meeting, "Anna"))
    projector = await screen(meeting)
    await db(services.meeting_goto)(meeting=meeting, user=facilitator, block=await db(lambda: matrix.block)())
    await db(live.broadcast_state)(meeting.pk)
    assert (await receive_until(anna, "matrix.pair"))["total"] == 6
    assert (await receive_until(projector, "matrix.heatmap"))["matrix"] == matrix.pk
    await anna.disconnect()
    await projector.disconnect()
