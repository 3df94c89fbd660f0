"""Sign-in that cannot be guessed at speed: wrong passwords are counted per user name and per address in
the shared cache (livsmiljo.ratelimit), and a used-up limit refuses every password, the right one too,
until the window has passed. Every way in (the login page, the admin) goes through this backend.

A locked user name is the price of stopping a guesser who rotates addresses: someone who wants to keep a
user out can do so for 15 minutes at a time; the log then shows it (SECURITY.md, "Rate limits").
"""

import logging
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from livsmiljo import ratelimit
from livsmiljo.organisations.models import User

PER_USERNAME = ratelimit.Limit("login-user", allowed=10, window=15 * 60)
PER_ADDRESS = ratelimit.Limit("login-address", allowed=50, window=15 * 60)
logger = logging.getLogger(__name__)


def _hits(request: HttpRequest | None, username: object) -> list[ratelimit.Hit]:
    hits = [(PER_USERNAME, ratelimit.key_for(str(username or "").strip().casefold()))]
    if request is not None:
        hits.append((PER_ADDRESS, ratelimit.key_for(ratelimit.client_address(request))))
    return hits


def login_blocked_for(request: HttpRequest | None, username: object) -> int:
    """Seconds until this user name (or this address) may try a password again; 0: it may now."""
    return ratelimit.blocked_for(_hits(request, username))


def login_blocked_message(seconds: int) -> str:
    minutes = max(1, (seconds + 59) // 60)
    return ngettext(
        "För många misslyckade inloggningar. Försök igen om %(n)s minut.",
        "För många misslyckade inloggningar. Försök igen om %(n)s minuter.",
        minutes,
    ) % {"n": minutes}


class RateLimitedModelBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if login_blocked_for(request, username):
            raise PermissionDenied(_("För många misslyckade inloggningar."))  # authenticate() stops here
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            hits = _hits(request, username)
            counted = ratelimit.hit(hits)
            if any(c >= limit.allowed for (limit, _key), c in zip(hits, counted, strict=True)):
                logger.warning("Sign-in locked after repeated wrong passwords (%s)", hits[0][1][:8])
        return user  # type: ignore[return-value]
