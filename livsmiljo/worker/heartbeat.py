"""A run's heartbeat: `heartbeat_at` is refreshed while a process works on it, so a stale one means the
process is gone (killed, out of memory, machine restarted) and the run can be resumed."""

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils import timezone

logger = logging.getLogger(__name__)


def stale_before() -> datetime:
    """Runs whose heartbeat is older than this have lost their process."""
    return timezone.now() - timedelta(seconds=settings.LIVSMILJO_RUN_STALE_SECONDS)


def beat(model: Any, pk: int) -> bool:
    """Refresh the run's heartbeat; best effort (a locked database only delays the next beat)."""
    try:
        model.objects.filter(pk=pk).update(heartbeat_at=timezone.now())
    except DatabaseError as error:
        logger.info("heartbeat of %s %s skipped: %s", model.__name__, pk, error)
        return False
    return True


@contextmanager
def heartbeat(model: Any, pk: int) -> Iterator[None]:
    """Beat now and then from a thread, several times per stale period, until the block ends.

    Progress reports beat too, but one step (reading a long PDF, tagging a large document) may take longer
    than the stale period. Inside a transaction (tests) no thread is started: its own connection could not
    see the uncommitted run, and would wait for the transaction's write lock."""
    beat(model, pk)
    if connection.in_atomic_block:
        yield
        return
    stop = threading.Event()
    interval = max(settings.LIVSMILJO_RUN_STALE_SECONDS / 6, 0.2)
    thread = threading.Thread(
        target=_beat_until, args=(model, pk, stop, interval), name=f"heartbeat-{pk}", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=2)


def _beat_until(model: Any, pk: int, stop: threading.Event, interval: float) -> None:
    try:
        while not stop.wait(interval):
            beat(model, pk)
    finally:
        connections.close_all()  # this thread's own connections
