"""The shared limiter: counts agree across processes, time lets them go, and client addresses come from
X-Forwarded-For only behind a trusted proxy."""

import os
import subprocess
import sys

import pytest
from django.test import RequestFactory

from livsmiljo import ratelimit
from livsmiljo.tests.processes import database_url_of_the_tests

LIMIT = ratelimit.Limit("test", allowed=5, window=60)


def _hit_in_another_process(times: int) -> None:
    """Count in a separate Python process that reaches the same database cache, as a second `serve` would."""
    code = (
        "import django; django.setup()\n"
        "from livsmiljo import ratelimit\n"
        "ratelimit.clock = lambda: 1_000_000.0\n"
        f"for _ in range({times}): ratelimit.hit([(ratelimit.Limit('test', 5, 60), 'someone')])\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "livsmiljo.settings",
        "DATABASE_URL": database_url_of_the_tests(),
    }
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_processes_count_against_the_same_limit(monkeypatch):
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_000_000.0)  # the start of a bucket for both
    _hit_in_another_process(3)
    assert ratelimit.counts([(LIMIT, "someone")]) == [3]
    assert not ratelimit.blocked_for([(LIMIT, "someone")])
    ratelimit.hit([(LIMIT, "someone")] * 2)
    assert ratelimit.blocked_for([(LIMIT, "someone")]) > 0
    assert ratelimit.counts([(LIMIT, "someone-else")]) == [0]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_restart_forgets_nothing(monkeypatch):
    monkeypatch.setattr(ratelimit, "clock", lambda: 2_000_000.0)
    ratelimit.hit([(LIMIT, "someone")] * 5)
    from django.core.cache import caches

    caches.close_all()  # a new process would open the cache afresh
    assert ratelimit.blocked_for([(LIMIT, "someone")]) > 0


@pytest.mark.django_db
def test_counts_fade_as_the_window_slides_past(monkeypatch):
    now = [3_000_000.0]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    assert ratelimit.hit([(LIMIT, "x")] * 5)[-1] == 5
    wait = ratelimit.blocked_for([(LIMIT, "x")])
    assert 60 <= wait <= 122
    now[0] += 30  # half the window: still blocked, five hits lie within the last 60 s
    assert ratelimit.blocked_for([(LIMIT, "x")]) > 0
    now[0] += wait
    assert ratelimit.blocked_for([(LIMIT, "x")]) == 0


@pytest.mark.django_db
def test_the_same_key_twice_in_one_call_counts_twice():
    assert ratelimit.hit([(LIMIT, "y"), (LIMIT, "z"), (LIMIT, "y")])[::2] == [pytest.approx(1, abs=1), 2]


def _request(peer: str, forwarded: str = ""):
    request = RequestFactory().get("/", REMOTE_ADDR=peer)
    if forwarded:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_x_forwarded_for_is_ignored_from_a_peer_that_is_not_a_trusted_proxy(settings):
    settings.LIVSMILJO_TRUSTED_PROXIES = []
    assert ratelimit.client_address(_request("127.0.0.1", "203.0.113.9")) == "127.0.0.1"
    settings.LIVSMILJO_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert ratelimit.client_address(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_behind_a_trusted_proxy_the_nearest_untrusted_address_counts(settings):
    settings.LIVSMILJO_TRUSTED_PROXIES = ["10.0.0.0/8", "127.0.0.1"]
    # The client wrote "1.2.3.4" itself; the proxy appended the address it saw.
    assert ratelimit.client_address(_request("127.0.0.1", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert ratelimit.client_address(_request("127.0.0.1", "198.51.100.7, 10.0.0.2")) == "198.51.100.7"
    assert ratelimit.client_address(_request("10.0.0.1", "nonsense")) == "10.0.0.1"
    assert ratelimit.client_address(_request("10.0.0.1")) == "10.0.0.1"


@pytest.mark.django_db  # serve checks the database before it starts (livsmiljo.dbcheck)
def test_serve_does_not_let_uvicorn_believe_forwarded_headers(monkeypatch):
    from django.core.management import call_command

    class Stopped(Exception):
        pass

    def stop(code: int) -> None:
        raise Stopped

    seen = {}
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: seen.update(kwargs))
    monkeypatch.setattr("signal.signal", lambda *args: None)
    monkeypatch.setattr("os._exit", stop)  # serve leaves with os._exit once the server has stopped
    with pytest.raises(Stopped):
        call_command("serve", "--no-worker")
    assert seen["proxy_headers"] is False and seen["ws_max_size"] <= 64 * 1024
