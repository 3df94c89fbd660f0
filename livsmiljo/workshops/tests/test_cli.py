import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from livsmiljo.workshops import services
from livsmiljo.workshops.models import Meeting, Poll
from livsmiljo.workshops.tests.factories import join

pytestmark = pytest.mark.django_db


def run(*args: str, capsys) -> Any:
    call_command("meeting", *args)
    return json.loads(capsys.readouterr().out)


def test_create_prints_the_links_as_json(capsys):
    data = run(
        "create",
        "--template",
        "seed",
        "--title",
        "Workshop",
        "--base-url",
        "http://localhost:9000",
        "--json",
        capsys=capsys,
    )
    meeting = Meeting.objects.get(pk=data["meeting_id"])
    assert data["join_code"] == meeting.join_code
    assert data["join_url"] == f"http://localhost:9000/verkstad/delta/{meeting.join_code}/"
    assert data["console_url"] == f"http://localhost:9000/verkstad/moten/{meeting.pk}/konsol/"
    assert data["screen_url"] == f"http://localhost:9000/verkstad/skarm/{meeting.screen_token}/"


def test_list_start_and_results(capsys):
    data = run("create", "--title", "Workshop", "--json", capsys=capsys)
    assert run("list", "--json", capsys=capsys) == [
        {"id": data["meeting_id"], "title": "Workshop", "status": "ready"}
    ]
    call_command("meeting", "start", str(data["meeting_id"]))
    capsys.readouterr()
    meeting = Meeting.objects.get(pk=data["meeting_id"])
    poll = meeting.current_poll
    assert meeting.status == "live" and poll is not None and poll.kind == "ordmoln"
    services.response_submit(poll=poll, participant=join(meeting), value="Samverkan")
    results = run("results", str(meeting.pk), "--json", capsys=capsys)
    assert results[0]["kind"] == "ordmoln" and results[0]["total"] == 1
    assert results[0]["words"][0][1] == 1
    assert {r["kind"] for r in results} == {"ordmoln", "humor", "fritext"}


def test_open_poll_opens_a_named_poll(capsys):
    data = run("create", "--title", "Workshop", "--json", capsys=capsys)
    poll = Poll.objects.get(meeting_id=data["meeting_id"], kind="humor")
    call_command("meeting", "open-poll", str(data["meeting_id"]), "--poll", str(poll.pk))
    poll.refresh_from_db()
    assert poll.status == "open"


def test_an_unknown_meeting_is_a_clear_error():
    with pytest.raises(CommandError, match="inget möte med id 999"):
        call_command("meeting", "start", "999")
