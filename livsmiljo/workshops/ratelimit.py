"""Limits on guessing join codes, kept in Django's cache.

Ten wrong codes within five minutes stop one browser; thirty stop a whole address. A workshop room often
shares one address (the venue's Wi-Fi), so a few typos by others must not lock everyone out, while thirty
guesses per five minutes against 10^8 codes keep guessing hopeless.
"""

import time

from django.core.cache import cache
from django.http import HttpRequest

WINDOW_SECONDS = 300
PER_BROWSER = 10
PER_ADDRESS = 30


def _keys(request: HttpRequest) -> list[tuple[str, int]]:
    keys = [(f"workshops:join-fail:ip:{request.META.get('REMOTE_ADDR') or 'unknown'}", PER_ADDRESS)]
    if request.session.session_key:
        keys.append((f"workshops:join-fail:session:{request.session.session_key}", PER_BROWSER))
    return keys


def _recent(key: str) -> list[float]:
    return [t for t in cache.get(key, []) if t > time.time() - WINDOW_SECONDS]


def join_blocked_for(request: HttpRequest) -> int:
    """Seconds until this browser or address may try a code again (0: it may now)."""
    waits = [0]
    for key, allowed in _keys(request):
        failures = _recent(key)
        if len(failures) >= allowed:
            waits.append(int(sorted(failures)[-allowed] + WINDOW_SECONDS - time.time()) + 1)
    return max(waits)


def join_failed(request: HttpRequest) -> None:
    if not request.session.session_key:
        request.session.save()  # gives the browser a key of its own to count against
    for key, _allowed in _keys(request):
        cache.set(key, [*_recent(key), time.time()], WINDOW_SECONDS)
