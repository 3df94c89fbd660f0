"""A phone's answer resent (same nonce) to two web processes at once is saved once and acked twice, for every
kind of question. On PostgreSQL the race is real (two connections, the second waits on the first's
uncommitted row); on any database the second save is made to find nothing before it inserts, as when the
other process's row was not committed yet when it looked."""

import threading
from collections.abc import Callable
from typing import Any
from unittest import mock

import pytest
from django.db import connection, connections, transaction

from livsmiljo.workshops import services
from livsmiljo.workshops.models import Participant, Poll, Response
from livsmiljo.workshops.services.batch import VoteItem, responses_submit_many
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OPTIONS = ["1", "2", "3"]
KINDS: dict[str, Any] = {
    Poll.Kind.WORDCLOUD: "nyfiken",
    Poll.Kind.OPEN_TEXT: "mer samverkan",
    Poll.Kind.SCALE: "2",
    Poll.Kind.MOOD: "3",
    Poll.Kind.CHOICE: "1",
    Poll.Kind.RANKING: ["3", "1", "2"],
}
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections racing on one row need PostgreSQL"
)


def _batch(poll: Poll, participant: Participant, value: Any, nonce: str) -> Any:
    item = VoteItem(participant=participant, poll_id=poll.pk, value=value, nonce=nonce)
    return responses_submit_many(items=[item])[0]


def _single(poll: Poll, participant: Participant, value: Any, nonce: str) -> Any:
    return services.response_submit(poll=poll, participant=participant, value=value, nonce=nonce).poll_id


SAVES = {"batch": _batch, "single": _single}


@pytest.fixture
def anna(facilitator) -> Participant:
    return join(seed_meeting(facilitator), "Anna")


def _poll(participant: Participant, kind: str) -> Poll:
    return open_poll(participant.meeting, kind, OPTIONS)


def _blocked_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


def _in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, dict[str, Any]]:
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = call()
        except Exception as error:  # reported by the test
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@postgres_only
@pytest.mark.parametrize("earlier", [False, True], ids=["first answer", "after an earlier answer"])
@pytest.mark.parametrize("path", SAVES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_resend_saved_by_two_processes_at_once_is_one_answer_and_both_are_acked(anna, kind, path, earlier):
    poll, value = _poll(anna, kind), KINDS[kind]
    if earlier:
        SAVES[path](poll, anna, value, "n-0")
    written, commit = threading.Event(), threading.Event()

    def first_process() -> Any:
        with transaction.atomic():
            result = SAVES[path](poll, anna, value, "n-1")
            written.set()
            commit.wait(timeout=30)
        return result

    first, first_outcome = _in_thread(first_process)
    assert written.wait(timeout=30)
    second, second_outcome = _in_thread(lambda: SAVES[path](poll, anna, value, "n-1"))
    while second.is_alive() and not _blocked_on_a_lock():  # the second insert waits for the first row
        second.join(timeout=0.01)
    commit.set()
    first.join()
    second.join()
    assert first_outcome == {"result": poll.pk}
    assert second_outcome == {"result": poll.pk}
    expected = [(value, "n-1")]
    if earlier and poll.allows_many_answers:
        expected.insert(0, (value, "n-0"))
    assert list(Response.objects.filter(poll=poll).values_list("value", "nonce")) == expected


@pytest.mark.parametrize("path", SAVES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_resend_whose_first_save_the_second_did_not_see_is_a_quiet_no_op(anna, kind, path):
    """The IntegrityError path, made deterministic: the second save looked before the first was committed."""
    poll, value = _poll(anna, kind), KINDS[kind]
    Response.objects.create(poll=poll, participant=anna, value=value, nonce="n-1")
    with mock.patch.object(Response.objects, "filter", return_value=Response.objects.none()):
        assert SAVES[path](poll, anna, value, "n-1") == poll.pk
    assert list(Response.objects.filter(poll=poll).values_list("value", "nonce")) == [(value, "n-1")]


@pytest.mark.parametrize("path", SAVES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_resend_of_a_saved_answer_changes_nothing_not_even_an_answer_hidden_meanwhile(anna, kind, path):
    poll, value = _poll(anna, kind), KINDS[kind]
    assert SAVES[path](poll, anna, value, "n-1") == poll.pk
    Response.objects.filter(poll=poll).update(hidden=True)  # the facilitator hid it from the screen
    assert SAVES[path](poll, anna, value, "n-1") == poll.pk  # acked again
    assert list(Response.objects.filter(poll=poll).values_list("value", "nonce", "hidden")) == [
        (value, "n-1", True)
    ]
