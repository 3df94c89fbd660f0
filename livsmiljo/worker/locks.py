"""Waiting out a locked database: SQLite gives up after its busy timeout and PostgreSQL rolls back one side
of a deadlock or serialization conflict; the work should not give up."""

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError

logger = logging.getLogger(__name__)
T = TypeVar("T")
FIRST_DELAY, MAX_DELAY = 0.5, 30.0


# PostgreSQL's codes for a transaction that lost to another one and was rolled back whole, so that running it
# again is the cure: serialization_failure, deadlock_detected, lock_not_available (lock_timeout, NOWAIT).
# Other errors (a lost connection, a full disk, a constraint) are not waited out.
POSTGRES_RETRY_SQLSTATES = frozenset({"40001", "40P01", "55P03"})


def database_locked(error: BaseException) -> bool:
    """True for SQLite's "database is locked"/"table is locked", PostgreSQL's serialization failures,
    deadlocks and lock timeouts, and MySQL's lock wait timeout."""
    if not isinstance(error, OperationalError) or not error.args:
        return False
    if getattr(error.__cause__, "sqlstate", None) in POSTGRES_RETRY_SQLSTATES:
        return True
    first = error.args[0]
    return (isinstance(first, str) and "is locked" in first.lower()) or first == 1205


def backoff(attempt: int) -> float:
    """Seconds to wait before attempt `attempt + 1`: 0.5, 1, 2, 4 … capped at 30."""
    return float(min(MAX_DELAY, FIRST_DELAY * 2 ** max(attempt - 1, 0)))


def retry_when_locked(
    call: Callable[[], T],
    *,
    what: str,
    budget: float | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call `call` until it does not fail on a locked database, waiting longer each time.

    Gives up (re-raising the lock error) once `budget` seconds (LIVSMILJO_LOCK_RETRY_SECONDS) have passed;
    any other error is raised at once. `call` must be safe to repeat: each attempt runs in its own
    transactions, so a failed one has left nothing half-written."""
    budget = settings.LIVSMILJO_LOCK_RETRY_SECONDS if budget is None else budget
    deadline, attempt = time.monotonic() + budget, 0
    while True:
        try:
            return call()
        except OperationalError as error:
            attempt += 1
            delay = backoff(attempt)
            if not database_locked(error) or time.monotonic() + delay > deadline:
                raise
            logger.warning("%s: the database is locked; again in %.1f s (attempt %d)", what, delay, attempt)
            sleep(delay)
