"""Limits on guessing join codes, counted in the shared cache (livsmiljo.ratelimit) so that every server
process agrees and a restart forgets nothing.

Only wrong codes count, and a right code is always let in: a room on one address (the venue's Wi-Fi) is
never locked out by someone guessing beside it. Ten wrong codes within five minutes stop one browser,
thirty stop an address, a thousand the whole site; after that a wrong code gets 429 with a Swedish message
saying when to try again. SECURITY.md, "Rate limits", has the arithmetic and what it does not stop.
"""

import logging

from django.http import HttpRequest

from livsmiljo import ratelimit

PER_BROWSER = ratelimit.Limit("join-session", allowed=10, window=300)
PER_ADDRESS = ratelimit.Limit("join-address", allowed=30, window=300)
SITE_WIDE = ratelimit.Limit("join-site", allowed=1000, window=300)
logger = logging.getLogger(__name__)


def _hits(request: HttpRequest) -> list[ratelimit.Hit]:
    hits = [
        (PER_ADDRESS, ratelimit.key_for(ratelimit.client_address(request))),
        (SITE_WIDE, "all"),
    ]
    if request.session.session_key:
        hits.append((PER_BROWSER, ratelimit.key_for(request.session.session_key)))
    return hits


def join_blocked_for(request: HttpRequest) -> int:
    """Seconds until this browser, its address and the site may have a wrong code checked again (0: now)."""
    return ratelimit.blocked_for(_hits(request))


def join_failed(request: HttpRequest) -> None:
    """Count a wrong code (callers do not count while blocked: the block is in force already)."""
    if not request.session.session_key:
        request.session.save()  # gives the browser a key of its own to count against
    hits = _hits(request)
    for (limit, _key), count in zip(hits, ratelimit.hit(hits), strict=True):
        if count >= limit.allowed:
            logger.warning(
                "Join codes: %s limit reached (%s wrong codes in %s s)", limit.name, int(count), limit.window
            )
