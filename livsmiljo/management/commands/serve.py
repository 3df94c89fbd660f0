import os
import signal
import sys
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from uvicorn.config import LOGGING_CONFIG

from livsmiljo.dbcheck import refuse_unsupported_database
from livsmiljo.worker.supervisor import WorkerSupervisor

# Seconds that open requests get to finish after SIGTERM/SIGINT before they are cut off.
GRACEFUL_SHUTDOWN = 5


class Command(BaseCommand):
    help = "Serve the whole site (HTTP and WebSockets) with an ASGI server, and work background tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-worker", action="store_true", help="Do not start a background task worker.")
        parser.add_argument(
            "--workers",
            type=int,
            default=settings.LIVSMILJO_WEB_WORKERS,
            help="Web processes behind the one address (default LIVSMILJO_WEB_WORKERS, 1); more than one "
            "needs REDIS_URL. The background worker is started once, not per web process.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unsupported_database()  # no site on a database it cannot search (issue 14)
        workers = options["workers"]
        if workers < 1:
            raise CommandError(_("Ange minst en webbprocess med --workers."))
        if workers > 1 and not settings.REDIS_URL:
            # Each process would have its own in-memory channel layer: a phone on one process and the
            # projector on another would never hear each other.
            raise CommandError(
                _(
                    "Flera webbprocesser behöver Redis: sätt REDIS_URL (till exempel "
                    "redis://127.0.0.1:6379/0) eller kör med --workers 1."
                )
            )
        supervisor = None
        if not settings.TASKS_IMMEDIATE and not options["no_worker"]:
            supervisor = WorkerSupervisor()
            supervisor.start()
        # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown; turning that into SystemExit lets the
        # `finally` below stop the worker instead of leaving it orphaned.
        signal.signal(signal.SIGTERM, _exit)
        plural = f" ({workers} webbprocesser)" if workers > 1 else ""
        self.stdout.write(f"Livsmiljö: http://{options['host']}:{options['port']}/{plural}")
        code: int | str | None = 0
        try:
            uvicorn.run(
                "livsmiljo.asgi:application",
                host=options["host"],
                port=options["port"],
                log_level="warning",
                ws_ping_interval=20,
                timeout_graceful_shutdown=GRACEFUL_SHUTDOWN,
                # X-Forwarded-For only through LIVSMILJO_TRUSTED_PROXIES (livsmiljo.ratelimit), not uvicorn's
                # default of trusting 127.0.0.1; a WebSocket frame over 64 KiB closes its connection (1009).
                proxy_headers=False,
                ws_max_size=64 * 1024,
                # Several processes share one listening socket (uvicorn's supervisor restarts one that dies);
                # this process keeps the background worker, so it starts once whatever the count.
                workers=workers,
                # JSON logs: uvicorn's records go through Django's LOGGING (livsmiljo/logs.py) as well.
                log_config=None if settings.LIVSMILJO_LOG_FORMAT == "json" else LOGGING_CONFIG,
            )
        except SystemExit as stop:
            code = stop.code
        except KeyboardInterrupt:
            code = 128 + signal.SIGINT
        finally:
            if supervisor is not None:
                supervisor.stop()
        # A request still running in a thread (a synchronous view cannot be cancelled) would keep the process
        # alive after the server stopped; the site is down and the worker stopped, so leave now.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code if isinstance(code, int) else 1)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
