"""Workshop load benchmark: a real `livsmiljo serve` and N simulated phones on this machine.

Starts the server in a subprocess on a fresh data folder (migrated first), creates a meeting from the seed
template and starts it with the CLI (its first block opens the check-in word-cloud poll), then runs
`livsmiljo loadtest` in another process and cross-checks the projector's count with
`livsmiljo meeting results`.

    .venv/bin/python bench/load_bench.py [--participants 300] [--runs 1] [--poll-kind ordmoln]

`load_before`/`load_after` are the machine's 1-minute load averages: on a shared 2-core machine other work
competes with the server and the simulated phones, and the latencies move with it.
"""

import argparse
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LIVSMILJO = str(ROOT / ".venv" / "bin" / "livsmiljo")


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "load_before": os.getloadavg()[0],
    }


def run(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([LIVSMILJO, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise SystemExit(f"livsmiljo {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("The server stopped while starting.")
        try:
            with urllib.request.urlopen(url + "/verkstad/delta/", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("The server did not answer within a minute.")


@contextmanager
def serving(env: dict[str, str]) -> Iterator[str]:
    """`livsmiljo serve` (no worker) on a free loopback port for the block; yields its base URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [LIVSMILJO, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"],
        env=env,
        cwd=ROOT,
        stdout=sys.stderr,
    )
    try:
        wait_until_up(base_url, server)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=20)


def one_run(
    env: dict[str, str], base_url: str, participants: int, timeout: float, kind: str
) -> dict[str, Any]:
    created = json.loads(
        run(
            env,
            "meeting",
            "create",
            "--template",
            "seed",
            "--title",
            "Lasttest",
            "--base-url",
            base_url,
            "--json",
        )
    )
    meeting = str(created["meeting_id"])
    run(env, "meeting", "start", meeting)
    polls = json.loads(run(env, "meeting", "results", meeting, "--json"))
    poll = next(p["poll"] for p in polls if p["kind"] == kind)
    run(env, "meeting", "open-poll", meeting, "--poll", str(poll))
    started = time.monotonic()
    report = json.loads(
        run(
            env,
            "loadtest",
            "--url",
            base_url,
            "--code",
            created["join_code"],
            "--participants",
            str(participants),
            "--timeout",
            str(timeout),
            "--json",
        )
    )
    report["wall_seconds"] = round(time.monotonic() - started, 2)
    results = json.loads(run(env, "meeting", "results", meeting, "--json"))
    report["poll_kind"] = kind
    report["db_total"] = next(r["total"] for r in results if r["poll"] == poll)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=180)
    parser.add_argument(
        "--poll-kind", default="ordmoln", help="Which of the seed's polls: ordmoln, humor or fritext."
    )
    parser.add_argument("--keep", action="store_true", help="Keep the temporary data folder.")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="livsmiljo-load-"))
    env = {**os.environ, "LIVSMILJO_DATA_DIR": str(data_dir), "LIVSMILJO_TASKS": "immediate"}
    env.pop("LIVSMILJO_TESTING", None)
    info = machine()
    run(env, "migrate", "--noinput")
    try:
        with serving(env) as base_url:
            reports = [
                one_run(env, base_url, args.participants, args.timeout, args.poll_kind)
                for _ in range(args.runs)
            ]
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    info["load_after"] = os.getloadavg()[0]
    print(json.dumps({"machine": info, "runs": reports}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
