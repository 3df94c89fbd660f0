"""Counting attempts in the shared cache, so that every server process (and a restart) sees the same counts.

The cache is Redis when `REDIS_URL` is set, else a table in the database (settings, "Shared cache"). A limit
counts in a sliding window, estimated from two fixed buckets the way Cloudflare does it: the previous
bucket's count, weighted by how much of it still lies inside the window, plus the current bucket's count.
Counting goes up in one transaction (database) or one `INCR` per key (Redis), so two processes counting the
same key at once do not lose a hit.

Client addresses come from `REMOTE_ADDR`; `X-Forwarded-For` is believed only when the request arrives from
one of `LIVSMILJO_TRUSTED_PROXIES`, else anyone could pick a fresh address per request.
"""

import hashlib
import ipaddress
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import router, transaction
from django.http import HttpRequest

clock = time.time  # tests move time forward by replacing this


@dataclass(frozen=True)
class Limit:
    name: str
    allowed: int
    window: int  # seconds


Hit = tuple[Limit, str]  # a limit and what it counts for (an address, a user name, a participant id)


def _cache() -> BaseCache:
    return caches["default"]


def key_for(value: object) -> str:
    """A short cache-safe key for any string a client controls (user names, addresses)."""
    return hashlib.sha256(str(value).encode()).hexdigest()[:32]


def _buckets(limit: Limit, key: str, now: float) -> tuple[str, str, float]:
    bucket, elapsed = divmod(now, limit.window)
    name = f"ratelimit:{limit.name}:{key}"
    return f"{name}:{int(bucket)}", f"{name}:{int(bucket) - 1}", elapsed / limit.window


def _estimate(previous: int, current: int, elapsed: float) -> float:
    return previous * (1 - elapsed) + current


def counts(hits: Sequence[Hit]) -> list[float]:
    """How many attempts each limit has counted within its window (nothing is counted by asking)."""
    now = clock()
    buckets = [_buckets(limit, key, now) for limit, key in hits]
    found = _cache().get_many([k for current, previous, _ in buckets for k in (current, previous)])
    return [_estimate(found.get(p, 0), found.get(c, 0), e) for c, p, e in buckets]


def _seconds_left(limit: Limit, previous: float, current: float, elapsed: float) -> int:
    """Seconds until the estimate falls below the limit again, when nothing more is counted."""
    window, allowed = limit.window, limit.allowed
    if current < allowed and previous:  # the previous bucket's share fades within this bucket
        fades_at = window * (1 - (allowed - current) / previous)
        return max(1, math.ceil(fades_at - elapsed * window))
    if current < allowed:
        return 0
    return max(1, math.ceil(window * (1 - elapsed) + window * (1 - allowed / current)))


def blocked_for(hits: Sequence[Hit]) -> int:
    """Seconds until every limit has room again (0: none is used up)."""
    now = clock()
    buckets = [_buckets(limit, key, now) for limit, key in hits]
    found = _cache().get_many([k for current, previous, _ in buckets for k in (current, previous)])
    waits = [0]
    for (limit, _key), (current, previous, elapsed) in zip(hits, buckets, strict=True):
        estimate = _estimate(found.get(previous, 0), found.get(current, 0), elapsed)
        if estimate >= limit.allowed:
            waits.append(_seconds_left(limit, found.get(previous, 0), found.get(current, 0), elapsed))
    return max(waits)


def hit(hits: Sequence[Hit]) -> list[float]:
    """Count one attempt for each (limit, key) and return each estimate including it, in order; the same
    key twice counts twice (the second sees the first)."""
    now = clock()
    buckets = [_buckets(limit, key, now) for limit, key in hits]
    adds = Counter(current for current, _, _ in buckets)
    timeout = 2 * max((limit.window for limit, _ in hits), default=1)
    totals = _add(adds, timeout)
    previous = _cache().get_many([p for _, p, _ in buckets])
    seen: Counter[str] = Counter()
    estimates = []
    for current, prev, elapsed in buckets:
        seen[current] += 1
        mine = totals[current] - adds[current] + seen[current]
        estimates.append(_estimate(previous.get(prev, 0), mine, elapsed))
    return estimates


def _add(adds: Counter[str], timeout: int) -> dict[str, int]:
    cache = _cache()
    if isinstance(cache, DatabaseCache):
        # SQLite runs this as BEGIN IMMEDIATE (settings): processes take turns, no increment is lost.
        with transaction.atomic(using=router.db_for_write(cache.cache_model_class)):
            found = cache.get_many(list(adds))
            totals = {k: int(found.get(k, 0)) + n for k, n in adds.items()}
            cache.set_many(totals, timeout)
            return totals
    totals = {}
    for key, n in adds.items():
        cache.add(key, 0, timeout)
        try:
            totals[key] = cache.incr(key, n)
        except ValueError:  # expired between add and incr
            cache.set(key, n, timeout)
            totals[key] = n
    return totals


# Client addresses ----------------------------------------------------------------------------------


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(n, strict=False) for n in settings.LIVSMILJO_TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str:
    """The address the request came from: the peer, or, when the peer is a trusted proxy, the nearest
    address in `X-Forwarded-For` that is not one of our proxies (the left part is the client's to forge)."""
    peer = request.META.get("REMOTE_ADDR") or "unknown"
    if not _trusted(peer):
        return peer
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    address = peer
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # garbage: keep the last address a trusted proxy vouched for
        address = hop
        if not _trusted(hop):
            break
    return address
