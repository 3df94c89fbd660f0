import io
import json
import socket

import pytest
from django.core.management import CommandError, call_command

from livsmiljo.workshops import services
from livsmiljo.workshops.loadtest import (
    LoadtestError,
    Target,
    loadtest_run,
    loadtest_target,
    loopback_url,
    percentile,
    vote_value,
)
from livsmiljo.workshops.models import BoardNote, Meeting, Participant, Response


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:8000/", "http://[::1]:8000", "https://127.0.0.2"]
)
def test_it_accepts_loopback_addresses(url):
    assert loopback_url(url) == url.rstrip("/")


@pytest.mark.parametrize(
    "url", ["http://example.org", "http://10.0.0.5:8000", "ftp://127.0.0.1", "127.0.0.1:8000", "http://"]
)
def test_it_refuses_anything_but_the_own_machine_with_a_swedish_message(url):
    with pytest.raises(LoadtestError, match="bara köras mot den egna datorn"):
        loopback_url(url)


def test_the_command_refuses_a_remote_server_before_touching_it(db):
    with pytest.raises(CommandError, match="egna datorn"):
        call_command("loadtest", "--url", "https://www.example.org", "--code", "12345678")


def test_the_command_says_when_no_meeting_has_the_code(db):
    with pytest.raises(CommandError, match="inget pågående möte med koden 00000000"):
        call_command("loadtest", "--code", "0000 0000")


@pytest.mark.parametrize("participants", [0, 5000])
def test_it_refuses_a_number_of_participants_out_of_range(participants):
    target = Target(base_url="http://127.0.0.1:8000", code="12345678", screen_token="x")
    with pytest.raises(LoadtestError, match="Ange mellan 1 och 2000 deltagare"):
        loadtest_run(target=target, participants=participants)


def test_percentiles_use_the_nearest_rank():
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.95) == 95.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile([], 0.5) is None


@pytest.mark.parametrize(
    ("poll", "expected"),
    [
        ({"kind": "skala", "options": ["1", "2", "3", "4", "5"]}, "3"),
        ({"kind": "flerval", "options": ["Ja", "Nej"]}, "Ja"),
        ({"kind": "rangordning", "options": ["a", "b", "c"]}, ["c", "a", "b"]),
    ],
)
def test_votes_fit_the_poll_kind_and_spread_over_the_options(poll, expected):
    assert vote_value(poll, 2) == expected


def test_word_cloud_and_open_text_votes_are_short_texts():
    word = vote_value({"kind": "ordmoln", "options": []}, 5)
    text = vote_value({"kind": "fritext", "options": []}, 5)
    assert isinstance(word, str) and 1 <= len(word) <= 60
    assert isinstance(text, str) and 1 <= len(text) <= 1000


# --- Against a real ASGI server (uvicorn in a thread, the test database, real WebSockets) ------------


@pytest.fixture
def live_meeting(facilitator):
    """The seed workshop, started, with the check-in's word-cloud poll open."""
    project = services.project_create(title="Lärprojekt lasttest", user=facilitator)
    meeting = services.meeting_create(project=project, title="Träff 1", user=facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    services.poll_open(poll=meeting.polls.get(kind="ordmoln"), user=facilitator)
    meeting.refresh_from_db()
    return meeting


def test_twenty_phones_vote_and_write_notes_and_the_projector_counts_every_vote(asgi_server, live_meeting):
    target = loadtest_target(url=asgi_server, code=live_meeting.join_code)

    report = loadtest_run(target=target, participants=20, timeout=60)

    poll = live_meeting.current_poll
    assert report.errors == []
    assert (report.participants, report.joined, report.votes_sent) == (20, 20, 20)
    assert (report.votes_counted, report.lost) == (20, 0)
    assert report.projector_total == Response.objects.filter(poll=poll).count() == 20
    assert report.notes_acked == BoardNote.objects.filter(meeting=live_meeting).count() == 20
    assert Participant.objects.filter(meeting=live_meeting).count() == 20
    p50, p95, worst = (report.latency_ms[k] or 0.0 for k in ("p50", "p95", "max"))
    assert 0 < p50 <= p95 <= worst < 10_000


def test_votes_in_a_scale_poll_are_counted_per_option(asgi_server, live_meeting, facilitator):
    poll = services.poll_create(meeting=live_meeting, user=facilitator, kind="skala", question="Hur nöjd?")
    services.poll_open(poll=poll, user=facilitator)

    report = loadtest_run(
        target=loadtest_target(url=asgi_server, code=live_meeting.join_code), participants=10, timeout=60
    )

    assert (report.votes_counted, report.lost) == (10, 0)
    stored = sorted(Response.objects.filter(poll=poll).values_list("value", flat=True))
    assert stored == ["1", "1", "2", "2", "3", "3", "4", "4", "5", "5"]


def test_it_says_so_when_no_poll_is_open(asgi_server, live_meeting, facilitator):
    services.poll_close(poll=live_meeting.current_poll, user=facilitator)
    Meeting.objects.filter(pk=live_meeting.pk).update(current_poll=None)

    with pytest.raises(LoadtestError, match="ingen öppen omröstning"):
        loadtest_run(
            target=loadtest_target(url=asgi_server, code=live_meeting.join_code), participants=2, timeout=20
        )


def test_it_says_so_when_no_server_answers(live_meeting):
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    target = loadtest_target(url=f"http://127.0.0.1:{port}", code=live_meeting.join_code)

    with pytest.raises(LoadtestError, match="Är servern igång"):
        loadtest_run(target=target, participants=2, timeout=10)


def test_the_command_prints_the_figures_as_json(asgi_server, live_meeting):
    out = io.StringIO()

    call_command(
        "loadtest",
        "--url",
        asgi_server,
        "--code",
        live_meeting.join_code,
        "--participants",
        "3",
        "--json",
        stdout=out,
    )

    printed = json.loads(out.getvalue())
    assert {"participants", "votes_sent", "votes_counted", "lost", "latency_ms"} <= printed.keys()
    assert (printed["participants"], printed["votes_sent"], printed["votes_counted"], printed["lost"]) == (
        3,
        3,
        3,
        0,
    )
    assert set(printed["latency_ms"]) == {"p50", "p95", "max"}


def test_at_a_matrix_block_phones_score_pairs_and_resends_are_saved_once(asgi_server, facilitator):
    from livsmiljo.matrix import services_live
    from livsmiljo.matrix.models import Score
    from livsmiljo.matrix.services import GoalSpec, create_matrix

    project = services.project_create(title="Lärprojekt matris", user=facilitator)
    meeting = services.meeting_create(project=project, title="Träff med matris", user=facilitator)
    goals = [GoalSpec(f"Mål {n}") for n in range(1, 7)]
    matrix = create_matrix(project=project, title="RUS-mål", goals=goals, user=facilitator)
    block = services_live.matrix_block_create(matrix=matrix, meeting=meeting, user=facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    services.meeting_goto(meeting=meeting, user=facilitator, block=block)

    report = loadtest_run(
        target=loadtest_target(url=asgi_server, code=meeting.join_code), participants=8, timeout=60, pairs=5
    )

    assert report.errors == []
    assert report.matrix["scores_sent"] == 40 + report.matrix["resends"] and report.matrix["resends"] > 0
    assert report.matrix["distinct_pairs_sent"] == 40
    assert report.matrix["saved"] == Score.objects.filter(matrix=matrix).count() == 40
    assert report.matrix["saved_equals_distinct"] is True
