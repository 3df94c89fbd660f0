"""Whether a task worker is running, on this machine or another: every worker writes its own heartbeat into
the shared cache (Redis or the database) from a thread, also while it works on a long task, and the health
endpoint and `check-deploy` read them.

All workers share one cache entry (a dict by worker id; the cache API cannot list keys). Two workers
writing at the same moment can drop each other's beat once; each beats four times per stale period, so a
live worker is never missing for long.

Distinct from `heartbeat`, which tells whether a *run* still has a process working on it.
"""

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.db import connection, connections

logger = logging.getLogger(__name__)
KEY = "worker-alive"  # the cache adds its own prefix (LIVSMILJO_REDIS_PREFIX)


@dataclass(frozen=True)
class Beat:
    worker: str
    host: str
    pid: int
    at: float  # time.time()

    @property
    def age(self) -> float:
        return max(0.0, time.time() - self.at)


def interval() -> float:
    return max(settings.LIVSMILJO_WORKER_STALE_SECONDS / 4, 0.2)


def worker_beat(worker_id: str) -> None:
    """Record that this worker is alive now (best effort: a failed write only delays the next one)."""
    beats = _read()
    now = time.time()
    beats[worker_id] = {"host": socket.gethostname(), "pid": os.getpid(), "at": now}
    fresh = {
        w: b for w, b in beats.items() if now - float(b["at"]) < 10 * settings.LIVSMILJO_WORKER_STALE_SECONDS
    }
    try:
        caches["default"].set(KEY, fresh, timeout=int(10 * settings.LIVSMILJO_WORKER_STALE_SECONDS) + 1)
    except Exception as error:  # the cache or database is down: say so, keep working
        logger.warning("worker %s: could not write its heartbeat: %s", worker_id, error)


def worker_gone(worker_id: str) -> None:
    """Take a worker that stops on purpose off the list at once."""
    beats = _read()
    if beats.pop(worker_id, None) is not None:
        try:
            caches["default"].set(KEY, beats, timeout=int(10 * settings.LIVSMILJO_WORKER_STALE_SECONDS) + 1)
        except Exception:
            logger.info("worker %s: could not remove its heartbeat", worker_id)


def workers_alive() -> list[Beat]:
    """Workers whose heartbeat is younger than LIVSMILJO_WORKER_STALE_SECONDS, newest first."""
    beats = [
        Beat(worker=w, host=str(b["host"]), pid=int(b["pid"]), at=float(b["at"])) for w, b in _read().items()
    ]
    alive = [b for b in beats if b.age < settings.LIVSMILJO_WORKER_STALE_SECONDS]
    return sorted(alive, key=lambda b: -b.at)


def _read() -> dict[str, dict[str, Any]]:
    found = caches["default"].get(KEY)
    return dict(found) if isinstance(found, dict) else {}


class Pulse:
    """Beats from a daemon thread until stopped, so a worker busy with one long task still counts as alive."""

    def __init__(self, worker_id: str) -> None:
        self.worker_id = worker_id
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="worker-alive", daemon=True)

    def start(self) -> None:
        """Beat now, then from the thread. Inside a transaction (tests) only now: the thread's own connection
        would wait for the transaction's write lock on SQLite."""
        if connection.in_atomic_block:
            worker_beat(self.worker_id)
            return
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)
        worker_gone(self.worker_id)

    def _run(self) -> None:
        try:
            while True:
                worker_beat(self.worker_id)
                if self._stop.wait(interval()):
                    return
        finally:
            connections.close_all()  # the database cache's connection of this thread
