import os
import signal
import subprocess
import sys
from typing import Any

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Serve the whole site (HTTP and WebSockets) with an ASGI server, and work background tasks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-worker", action="store_true", help="Do not start a background task worker.")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = None
        if not settings.TASKS_IMMEDIATE and not options["no_worker"]:
            worker = subprocess.Popen(
                [sys.executable, "-m", "livsmiljo.cli", "db_worker"], env=os.environ.copy()
            )
        # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown; turning that into SystemExit lets the
        # `finally` below stop the worker instead of leaving it orphaned.
        signal.signal(signal.SIGTERM, _exit)
        self.stdout.write(f"Livsmiljö: http://{options['host']}:{options['port']}/")
        try:
            uvicorn.run(
                "livsmiljo.asgi:application",
                host=options["host"],
                port=options["port"],
                log_level="warning",
                ws_ping_interval=20,
            )
        finally:
            if worker is not None:
                worker.terminate()
                worker.wait(timeout=10)


def _exit(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)
