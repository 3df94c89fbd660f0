"""`/halsa/` tells a monitor whether the database, Redis and a task worker work, and which one does not;
logs can be JSON lines."""

import json
import logging
import os
import subprocess
import sys
import time

import pytest
from django.db import OperationalError

from livsmiljo import health
from livsmiljo.logs import JsonFormatter
from livsmiljo.worker import alive

pytestmark = pytest.mark.django_db
CLOSED_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_it_answers_200_naming_each_part_when_the_database_works_and_nothing_else_is_configured(
    client, settings
):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = "", True

    response = client.get("/halsa/")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "parts": {"database": "ok", "redis": "off", "worker": "off"},
        "failed": [],
    }
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_naming_the_worker_when_no_worker_has_a_heartbeat(client, settings):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = "", False

    response = client.get("/halsa/")

    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]
    assert response.json()["parts"]["database"] == "ok"


def test_a_fresh_worker_heartbeat_makes_it_healthy_and_a_stale_one_does_not(client, settings, monkeypatch):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = "", False
    settings.LIVSMILJO_WORKER_STALE_SECONDS = 60
    alive.worker_beat("worker-a")

    assert client.get("/halsa/").status_code == 200

    later = time.time() + 61
    monkeypatch.setattr(alive.time, "time", lambda: later)
    response = client.get("/halsa/")
    assert response.status_code == 503
    assert response.json()["failed"] == ["worker"]


def test_a_worker_that_stops_on_purpose_is_gone_at_once(settings):
    settings.LIVSMILJO_WORKER_STALE_SECONDS = 60
    alive.worker_beat("worker-a")
    alive.worker_beat("worker-b")

    alive.worker_gone("worker-a")

    assert [b.worker for b in alive.workers_alive()] == ["worker-b"]


def test_it_answers_503_naming_redis_when_redis_does_not_answer(client, settings):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = CLOSED_REDIS, True

    response = client.get("/halsa/")

    assert response.status_code == 503
    assert response.json()["failed"] == ["redis"]
    assert response.json()["parts"] == {"database": "ok", "redis": "error", "worker": "off"}


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (the Redis pass of CI sets it)"
)
def test_it_counts_redis_as_working_when_it_answers(client, settings):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = os.environ["REDIS_URL"], True

    response = client.get("/halsa/")

    assert response.status_code == 200
    assert response.json()["parts"]["redis"] == "ok"


class _BrokenConnection:
    def cursor(self):
        raise OperationalError('could not connect to server: password authentication failed for "livsmiljo"')


def test_it_answers_503_naming_the_database_and_says_nothing_of_the_error(client, settings, monkeypatch):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = "", True
    monkeypatch.setattr(health, "connections", {"default": _BrokenConnection()})

    response = client.get("/halsa/")

    assert response.status_code == 503
    assert response.json()["failed"] == ["database"]
    assert b"password" not in response.content and b"livsmiljo" not in response.content


def test_it_answers_only_get(client):
    assert client.post("/halsa/").status_code == 405


# --- JSON logs ------------------------------------------------------------------------------------


def test_a_json_log_line_parses_with_its_level_logger_message_extra_fields_and_traceback():
    record = logging.LogRecord(
        "livsmiljo.test", logging.ERROR, __file__, 1, "Körning %s misslyckades", (7,), None
    )
    try:
        raise ValueError("trasig fil")
    except ValueError:
        record.exc_info = sys.exc_info()
    record.run_id = 7

    line = JsonFormatter().format(record)

    entry = json.loads(line)
    assert "\n" not in line
    assert entry["level"] == "ERROR" and entry["logger"] == "livsmiljo.test"
    assert entry["message"] == "Körning 7 misslyckades"
    assert entry["run_id"] == 7
    assert "ValueError: trasig fil" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_livsmiljo_log_format_json_makes_every_line_a_json_object(tmp_path):
    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('livsmiljo.demo').warning('Arbetaren startade om %s gånger', 2)"
    )
    env = {
        **{k: v for k, v in os.environ.items() if k != "LIVSMILJO_TESTING"},
        "DJANGO_SETTINGS_MODULE": "livsmiljo.settings",
        "LIVSMILJO_DATA_DIR": str(tmp_path),
        "LIVSMILJO_LOG_FORMAT": "json",
    }

    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)

    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert [json.loads(line)["message"] for line in lines] == ["Arbetaren startade om 2 gånger"]


def test_a_load_balancer_asking_over_plain_http_gets_the_answer_not_a_redirect(client, settings):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = "", True
    settings.SECURE_SSL_REDIRECT = True

    assert client.get("/halsa/").status_code == 200
    assert client.get("/").status_code == 301  # everything else still goes to https
