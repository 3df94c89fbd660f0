"""`livsmiljo serve` keeps one worker process alive: started with the server, restarted when it dies
(out of memory, killed, a crash), stopped with the server."""

import logging
import os
import subprocess
import sys
import threading
import time

from livsmiljo.worker.locks import backoff

logger = logging.getLogger("livsmiljo.serve")
HEALTHY_AFTER = 60.0  # a worker that ran this long restarts without delay when it next dies
STOP_TIMEOUT = 5.0


class WorkerSupervisor:
    def __init__(self, command: list[str] | None = None) -> None:
        self.command = command or [sys.executable, "-m", "livsmiljo.cli", "worker", "--no-startup-delay"]
        self.process: subprocess.Popen[bytes] | None = None
        self.restarts = 0
        self.started = 0.0
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._watch, name="worker-supervisor", daemon=True)

    def start(self) -> None:
        self._spawn()
        self._thread.start()

    def _spawn(self) -> None:
        with self._lock:
            if not self._stopping.is_set():
                self.process = subprocess.Popen(self.command, env=os.environ.copy())
                self.started = time.monotonic()

    def _watch(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            process = self.process
            code = process.wait() if process is not None else None
            if self._stopping.is_set():
                return
            failures = 1 if time.monotonic() - self.started > HEALTHY_AFTER else failures + 1
            delay = 0.0 if failures == 1 else backoff(failures - 1)
            logger.error(
                "The background worker (pid %s) stopped with exit code %s; restarting it in %.1f s.",
                process.pid if process else "?",
                code,
                delay,
            )
            if self._stopping.wait(delay):
                return
            self._spawn()
            self.restarts += 1
            logger.warning("The background worker was restarted (pid %s).", self.process and self.process.pid)

    def stop(self) -> None:
        """Ask the worker to stop (it marks its run interrupted), and kill it if it does not."""
        self._stopping.set()
        with self._lock:
            process = self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            logger.error("The background worker did not stop within %.0f s; killing it.", STOP_TIMEOUT)
            process.kill()
            process.wait(timeout=STOP_TIMEOUT)
