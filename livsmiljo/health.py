"""Is this site able to serve? `GET /halsa/` answers for a load balancer or a monitor, and `check-deploy`
asks the same questions.

The answer is JSON naming each part and whether it works: the database, Redis (only when REDIS_URL is
set) and a task worker (a heartbeat younger than LIVSMILJO_WORKER_STALE_SECONDS; not asked when tasks run
in the request). 200 when every part works, 503 naming the part that does not. Nothing else is said: no
host names, versions, error texts or counts, so the endpoint needs no login.
"""

import logging
from dataclasses import dataclass

import redis
from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from livsmiljo.worker.alive import workers_alive

logger = logging.getLogger(__name__)
OK, FAILED, NOT_USED = "ok", "error", "off"  # tokens for monitors, not prose
REDIS_TIMEOUT = 2.0


@dataclass(frozen=True)
class Part:
    name: str  # database, redis, worker
    status: str  # OK, FAILED or NOT_USED (not configured: REDIS_URL unset, or tasks run in the request)


def database_works() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.error("health: the database does not answer: %s", error)
        return False


def redis_works(url: str | None = None) -> bool:
    """True when the Redis at `url` (REDIS_URL) answers a PING within two seconds."""
    try:
        client = redis.Redis.from_url(
            url or settings.REDIS_URL, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
        )
        try:
            return bool(client.ping())
        finally:
            client.close()
    except (redis.RedisError, OSError, ValueError) as error:
        logger.error("health: Redis does not answer: %s", error)
        return False


def worker_running() -> bool:
    try:
        return bool(workers_alive())
    except Exception as error:  # the cache itself is down: that part is named on its own
        logger.error("health: could not read the workers' heartbeats: %s", error)
        return False


def parts() -> list[Part]:
    found = [Part("database", OK if database_works() else FAILED)]
    redis_status = NOT_USED if not settings.REDIS_URL else (OK if redis_works() else FAILED)
    found.append(Part("redis", redis_status))
    worker_status = NOT_USED if settings.TASKS_IMMEDIATE else (OK if worker_running() else FAILED)
    found.append(Part("worker", worker_status))
    return found


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    found = parts()
    failed = [p.name for p in found if p.status == FAILED]
    body = {"status": FAILED if failed else OK, "parts": {p.name: p.status for p in found}, "failed": failed}
    return JsonResponse(body, status=503 if failed else 200)
