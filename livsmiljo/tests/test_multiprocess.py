"""Several processes, one site: limits counted in Redis hold across processes, two web processes serve one
meeting (a vote through one reaches the projector on the other, a browser's wrong join codes count on both),
`serve --workers N` starts N web processes and one background worker, and two workers racing on one
ingestion ingest it once (leases).

The two-web-process tests run when PostgreSQL and Redis are configured (DATABASE_URL=postgres://…, REDIS_URL:
the second CI pass), the Redis ones when REDIS_URL is set; they are skipped otherwise, saying why. The worker
race runs on every database. Child processes are real `livsmiljo` commands on the test database (committed
data: transactional tests) and in the test's Redis namespace.
"""

import asyncio
import functools
import http.cookiejar
import json
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from websockets.asyncio.client import connect
from websockets.typing import Origin

from livsmiljo import ratelimit
from livsmiljo.analysis.models import PassageTag
from livsmiljo.documents.models import Document, IngestionFile, IngestionRun, Passage
from livsmiljo.documents.services import ingestion_run_create
from livsmiljo.documents.tasks import ingestion_run_task
from livsmiljo.documents.tests.factories import paragraph
from livsmiljo.organisations.models import Organisation
from livsmiljo.tests.processes import (
    answers,
    children,
    database_url_of_the_tests,
    environment,
    free_port,
    livsmiljo,
    migrated_data_dir,
    wait_for,
)
from livsmiljo.worker import leases
from livsmiljo.worker.recovery import _waiting_run_ids
from livsmiljo.workshops import services
from livsmiljo.workshops.loadtest import CSRF_INPUT, PARTICIPANT_PATH
from livsmiljo.workshops.models import Response

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
IDLE_SECONDS = 7
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _on_postgres_and_redis() -> bool:
    return connection.vendor == "postgresql" and bool(settings.REDIS_URL)


@pytest.fixture
def postgres_and_redis() -> None:
    if not _on_postgres_and_redis():
        pytest.skip(
            "needs PostgreSQL and Redis: run with DATABASE_URL=postgres://… and REDIS_URL=redis://… "
            "(CI's second pass does; this pass runs on "
            f"{connection.vendor}{' with' if settings.REDIS_URL else ' without'} Redis)"
        )


@pytest.fixture
def redis_configured() -> None:
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: run with REDIS_URL=redis://… (CI's second pass sets it)")


def child_environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """Children on the test database, the test's Redis namespace and the test's file folder."""
    return environment(
        data_dir,
        DATABASE_URL=database_url_of_the_tests(),
        REDIS_URL=settings.REDIS_URL,
        LIVSMILJO_REDIS_PREFIX=settings.REDIS_PREFIX,
        **extra,
    )


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- Redis: counts shared by processes ----------------------------------------------------------------


@committed
def test_two_processes_count_one_limit_in_redis(redis_configured, monkeypatch, tmp_path):
    limit = ratelimit.Limit("test-redis", allowed=5, window=60)
    code = (
        "import django; django.setup()\n"
        "from livsmiljo import ratelimit\n"
        "ratelimit.clock = lambda: 4_000_000.0\n"
        "for _ in range(3): ratelimit.hit([(ratelimit.Limit('test-redis', 5, 60), 'someone')])\n"
    )
    env = {**child_environment(tmp_path), "DJANGO_SETTINGS_MODULE": "livsmiljo.settings"}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    monkeypatch.setattr(ratelimit, "clock", lambda: 4_000_000.0)

    assert ratelimit.counts([(limit, "someone")]) == [3]
    ratelimit.hit([(limit, "someone")] * 2)
    assert ratelimit.blocked_for([(limit, "someone")]) > 0


# --- Two web processes, one meeting ---------------------------------------------------------------


@pytest.fixture
def two_web_processes(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """`livsmiljo serve --no-worker` twice, on two ports, sharing the test database and Redis."""
    env = child_environment(tmp_path)
    ports = [free_port(), free_port()]
    logs = [(tmp_path / f"serve-{p}.log").open("wb") for p in ports]
    processes = [
        subprocess.Popen(
            livsmiljo("serve", "--no-worker", "--port", str(port)),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for port, log in zip(ports, logs, strict=True)
    ]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in urls:
            wait_for(functools.partial(answers, url + "/halsa/"), 60, f"the web process at {url}")
        yield urls[0], urls[1]
    finally:
        _stop(processes)
        for log in logs:
            log.close()


class Browser:
    """One phone's cookies and CSRF token, used against any of the web processes."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
            _NoRedirect(),
        )

    def join(self, base_url: str, code: str, name: str = "") -> tuple[int, str]:
        """Post the join form at `base_url`; the status and the redirect's location (or the page)."""
        url = base_url + "/verkstad/delta/"
        with self.opener.open(url, timeout=30) as response:
            token = CSRF_INPUT.search(response.read().decode())
        assert token is not None
        form = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token["token"], "code": code, "display_name": name}
        )
        request = urllib.request.Request(url, data=form.encode(), headers={"Referer": url})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as answer:
            return answer.code, answer.headers.get("Location", "") or answer.read().decode()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


async def _next(ws: Any, wanted: Callable[[dict[str, Any]], bool], seconds: float = 20) -> dict[str, Any]:
    async def read() -> dict[str, Any]:
        while True:
            message = json.loads(await ws.recv())
            if wanted(message):
                return message

    return await asyncio.wait_for(read(), seconds)


async def _vote_through_a_seen_on_b(
    a: str, b: str, participant: str, screen: str, poll: int
) -> dict[str, Any]:
    options: dict[str, Any] = {"proxy": None, "ping_interval": None, "open_timeout": 20}
    async with connect(f"ws{b[4:]}/ws/verkstad/skarm/{screen}/", origin=Origin(b), **options) as projector:
        await _next(projector, lambda m: m["type"] == "state")
        # Longer than redis-py 8's default socket timeout (5 s), which cut the projector's idle wait for
        # messages (channels_redis blocks on BZPOPMIN) and closed its connection; projectors idle for minutes.
        await asyncio.sleep(IDLE_SECONDS)
        async with connect(
            f"ws{a[4:]}/ws/verkstad/deltagare/{participant}/", origin=Origin(a), **options
        ) as phone:
            await _next(phone, lambda m: m["type"] == "state")
            await phone.send(
                json.dumps({"action": "vote", "poll": poll, "value": "samverkan", "nonce": "n-1"})
            )
            ack = await _next(phone, lambda m: m.get("nonce") == "n-1")
            assert ack == {"type": "ack", "nonce": "n-1", "ok": True}
            return await _next(projector, lambda m: m["type"] == "results" and "n-1" in m["nonces"])


@committed
def test_a_vote_sent_through_process_a_shows_on_the_projector_of_process_b(
    postgres_and_redis, facilitator, two_web_processes
):
    a, b = two_web_processes
    project = services.project_create(title="Lärprojekt", user=facilitator)
    meeting = services.meeting_create(project=project, title="Träff 1", user=facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    poll = services.poll_open(poll=meeting.polls.get(kind="ordmoln"), user=facilitator)
    meeting.refresh_from_db()

    status, location = Browser().join(a, meeting.join_code, "Anna")
    assert status == 302
    participant = PARTICIPANT_PATH.search(location)
    assert participant is not None

    results = asyncio.run(
        _vote_through_a_seen_on_b(a, b, participant["token"], meeting.screen_token, poll.pk)
    )

    assert results["poll"] == poll.pk and results["total"] == 1
    assert results["words"] == [["samverkan", 1]]
    assert list(Response.objects.filter(poll=poll).values_list("value", flat=True)) == ["samverkan"]


@committed
def test_wrong_join_codes_from_one_browser_are_counted_together_on_both_processes(
    postgres_and_redis, facilitator, two_web_processes
):
    a, b = two_web_processes
    project = services.project_create(title="Lärprojekt", user=facilitator)
    meeting = services.meeting_create(project=project, title="Träff 1", user=facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    wrong = "00000000" if meeting.join_code != "00000000" else "11111111"
    browser = Browser()

    statuses = [browser.join(a if i % 2 else b, wrong)[0] for i in range(10)]
    over_the_limit = browser.join(a, wrong)[0], browser.join(b, wrong)[0]

    assert statuses == [200] * 10  # the form again, with an error
    assert over_the_limit == (429, 429)  # ten wrong codes in all, five on each process
    assert browser.join(b, meeting.join_code)[0] == 302  # a right code is always let in


# --- Two workers, one ingestion ---------------------------------------------------------------------


@pytest.fixture
def queued_twice(settings, tmp_path) -> IngestionRun:
    """One upload queued, and its run queued a second time (a retry and a resume at the same moment)."""
    settings.TASKS = DATABASE_QUEUE
    organisation = Organisation.objects.create(name="Region Kapplöpning", slug="kapplopning")
    text = "\n\n".join(paragraph(80, f"Avsnitt {i}. ") for i in range(6))
    run = ingestion_run_create(
        files=[("strategi.txt", text.encode())], organisation=organisation, user=None, kind="rus"
    )
    ingestion_run_task.enqueue(run.pk)
    assert DBTaskResult.objects.filter(status=TaskResultStatus.READY).count() == 2
    return run


@committed
def test_two_workers_racing_on_one_queued_ingestion_ingest_the_document_once(queued_twice, tmp_path):
    run = queued_twice
    env = child_environment(tmp_path, LIVSMILJO_LOG_LEVEL="INFO")
    command = livsmiljo("worker", "--no-startup-delay", "--interval", "0.2")
    logs = [(tmp_path / f"worker-{i}.log").open("wb") for i in range(2)]
    workers = [subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT) for log in logs]
    try:
        done = DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL)
        wait_for(lambda: done.count() == 2, 180, "both tasks to finish")
    finally:
        _stop(workers)
        for log in logs:
            log.close()

    run.refresh_from_db()
    document = Document.objects.get()
    ordinals = list(Passage.objects.filter(document=document).values_list("ordinal", flat=True))
    assert run.status == IngestionRun.Status.DONE
    assert list(IngestionFile.objects.values_list("status", flat=True)) == [IngestionFile.Status.DONE]
    assert len(ordinals) == len(set(ordinals)) >= 2
    assert PassageTag.objects.filter(document=document).count() == len(ordinals)
    assert not Passage.objects.filter(document=document, embedding__isnull=True).exists()
    # The two tasks ran one after the other (the second found the work done), never side by side.
    first, second = DBTaskResult.objects.order_by("started_at")
    assert first.finished_at and second.started_at and first.finished_at <= second.started_at


# --- `livsmiljo serve --workers N` ----------------------------------------------------------------


class _Stopped(Exception):
    pass


def _serve_without_serving(monkeypatch, *args: str) -> tuple[dict[str, Any], list[str]]:
    """Run `serve` up to uvicorn: what uvicorn was asked, and what the worker supervisor did."""
    seen: dict[str, Any] = {}
    supervisor: list[str] = []

    class FakeSupervisor:
        def start(self) -> None:
            supervisor.append("start")

        def stop(self) -> None:
            supervisor.append("stop")

    def stop(code: int) -> None:
        raise _Stopped

    monkeypatch.setattr("uvicorn.run", lambda *a, **kwargs: seen.update(kwargs))
    monkeypatch.setattr("livsmiljo.management.commands.serve.WorkerSupervisor", FakeSupervisor)
    monkeypatch.setattr("signal.signal", lambda *a: None)
    monkeypatch.setattr("os._exit", stop)
    with pytest.raises(_Stopped):
        call_command("serve", *args)
    return seen, supervisor


@pytest.mark.django_db
def test_serve_with_several_web_processes_starts_the_background_worker_once(settings, monkeypatch):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = "redis://127.0.0.1:6379/0", False

    seen, supervisor = _serve_without_serving(monkeypatch, "--workers", "3")

    assert seen["workers"] == 3
    assert supervisor == ["start", "stop"]


@pytest.mark.django_db
def test_serve_takes_the_number_of_web_processes_from_the_environment_and_no_worker_still_works(
    settings, monkeypatch
):
    settings.REDIS_URL, settings.TASKS_IMMEDIATE = "redis://127.0.0.1:6379/0", False
    settings.LIVSMILJO_WEB_WORKERS = 2

    seen, supervisor = _serve_without_serving(monkeypatch, "--no-worker")

    assert seen["workers"] == 2
    assert supervisor == []


@pytest.mark.django_db
def test_serve_refuses_several_web_processes_without_redis_and_says_why_in_swedish(settings, monkeypatch):
    settings.REDIS_URL = ""
    monkeypatch.setattr("uvicorn.run", lambda *a, **k: pytest.fail("must not serve"))

    with pytest.raises(CommandError, match="Flera webbprocesser behöver Redis: sätt REDIS_URL"):
        call_command("serve", "--workers", "2", "--no-worker")


@pytest.mark.django_db
def test_serve_as_processes_two_web_processes_and_one_worker_behind_one_address(redis_configured, tmp_path):
    data_dir = migrated_data_dir(tmp_path / "data")
    port = free_port()
    env = environment(data_dir, REDIS_URL=settings.REDIS_URL)
    with (tmp_path / "serve.log").open("wb") as log:
        serve = subprocess.Popen(
            livsmiljo("serve", "--workers", "2", "--port", str(port)),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        url = f"http://127.0.0.1:{port}/halsa/"
        wait_for(lambda: _health(url) == 200, 90, "the site with a worker's heartbeat")
        commands = [_command_line(pid) for pid in children(serve.pid)]
        assert sum("multiprocessing.spawn" in c for c in commands) == 2  # uvicorn's web processes
        assert sum(" worker " in f" {c} " for c in commands) == 1  # one background worker, not one each
    finally:
        _stop([serve])
    assert serve.returncode == 0
    assert not [p for p in children(serve.pid)]


def _health(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


# --- Leases: one task per function and arguments at a time ------------------------------------------


def _task_row(run_id: int) -> DBTaskResult:
    return DBTaskResult(
        task_path="livsmiljo.documents.tasks.ingestion_run_task", args_kwargs={"args": [run_id]}
    )


@pytest.mark.django_db
def test_a_second_worker_does_not_get_the_lease_of_the_same_work_until_the_first_lets_go():
    lease = leases.take(_task_row(7), "worker-a")
    assert lease is not None
    with lease:
        assert leases.take(_task_row(7), "worker-b") is None
        other_run = leases.take(_task_row(8), "worker-b")
        assert other_run is not None
        with other_run:
            pass

    again = leases.take(_task_row(7), "worker-b")
    assert again is not None


@pytest.mark.django_db
def test_a_postponed_task_is_ready_again_a_little_later_and_counts_as_not_started(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = DATABASE_QUEUE
    organisation = Organisation.objects.create(name="Region Vänta", slug="vanta")
    with django_capture_on_commit_callbacks(execute=True):
        run = ingestion_run_create(
            files=[("a.txt", b"Text.")], organisation=organisation, user=None, kind="rus"
        )
    task = DBTaskResult.objects.get()
    task.claim("worker-b")

    leases.postpone(task)

    task.refresh_from_db()
    assert task.status == TaskResultStatus.READY and task.started_at is None
    assert task.run_after > timezone.now() + timedelta(seconds=leases.POSTPONE_SECONDS - 2)
    assert not DBTaskResult.objects.ready().exists()
    assert run.pk in _waiting_run_ids(ingestion_run_task)  # recovery leaves it alone: it is waiting
