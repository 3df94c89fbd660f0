"""How many cores a task worker's embedding model uses: `livsmiljo worker --threads`, else
LIVSMILJO_WORKER_THREADS, else one."""

import os

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from livsmiljo.engine import embeddings
from livsmiljo.management.commands import worker as worker_command


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch, settings) -> list[int]:
    """The thread count each started worker was given (the worker itself does not run)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    given: list[int] = []
    monkeypatch.setattr(worker_command, "threads_use", given.append)
    monkeypatch.setattr(worker_command.ResilientWorker, "run", lambda self: None)
    monkeypatch.setattr(worker_command.ResilientWorker, "configure_signals", lambda self: None)
    monkeypatch.delenv("LIVSMILJO_WORKER_THREADS", raising=False)
    return given


@pytest.mark.django_db
def test_a_worker_uses_one_core_unless_told_otherwise(started: list[int]):
    call_command("worker")

    assert started == [1]


@pytest.mark.django_db
def test_the_option_wins_over_the_environment_which_wins_over_the_default(
    started: list[int], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("LIVSMILJO_WORKER_THREADS", "3")
    call_command("worker")
    call_command("worker", "--threads", "2")

    assert started == [3, 2]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["0", "-1", "två"])
def test_a_thread_count_that_is_not_a_whole_number_from_one_up_stops_the_worker(
    started: list[int], monkeypatch: pytest.MonkeyPatch, value: str
):
    monkeypatch.setenv("LIVSMILJO_WORKER_THREADS", value)
    with pytest.raises(CommandError, match="LIVSMILJO_WORKER_THREADS"):
        call_command("worker")
    monkeypatch.delenv("LIVSMILJO_WORKER_THREADS")
    with pytest.raises(CommandError):
        call_command("worker", "--threads", value)

    assert started == []


def test_the_thread_count_reaches_the_model_runtime_through_its_environment(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)

    embeddings.threads_use(2)

    assert os.environ["OMP_NUM_THREADS"] == "2"
    with pytest.raises(ValueError):
        embeddings.threads_use(0)
