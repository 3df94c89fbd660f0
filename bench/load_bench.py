"""Workshop load benchmark: a real `livsmiljo serve` and N simulated phones on this machine.

Starts the server in a subprocess on a fresh data folder (migrated first), creates a meeting from the seed
template and starts it with the CLI (its first block opens the check-in word-cloud poll), then runs
`livsmiljo loadtest` in another process and cross-checks the projector's count with
`livsmiljo meeting results`.

    .venv/bin/python bench/load_bench.py [--participants 300] [--runs 1] [--poll-kind ordmoln]
    .venv/bin/python bench/load_bench.py --participants 1000 --rate 15 --web-processes 2 --redis-url redis://...

`--rate R` makes participants arrive over time instead of all at once: `loadtest` processes of `--wave`
participants each are started every wave/R seconds (50 every 3.3 s for 15 a second), all on the same open
poll; the run checks the poll's total in the database against every vote sent. `--web-processes 2` runs
`livsmiljo serve --workers 2` (needs `--redis-url`, which is passed on as REDIS_URL: the channel layer, cache
and rate limits then live in Redis).

Each simulated phone keeps its vote until acked and sends it again with the same nonce after a reconnect or
a missing ack (as the phone page does); `vote_resends`/`reconnects` say how often, and `lost` is what was sent
but is not in the database (`votes_sent - db_total`). `load_during` samples the 1-minute load average every
5 s while the runs go on.

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
import threading
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
def serving(env: dict[str, str], web_processes: int = 1) -> Iterator[str]:
    """`livsmiljo serve` (no worker) on a free loopback port for the block; yields its base URL."""
    port = free_port()
    base_url = f"http://127.0.0.1:{port}"
    workers = ["--workers", str(web_processes)] if web_processes > 1 else []
    server = subprocess.Popen(
        [LIVSMILJO, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker", *workers],
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


def arrivals(
    env: dict[str, str], base_url: str, code: str, participants: int, timeout: float, rate: float, wave: int
) -> dict[str, Any]:
    """Participants arriving at `rate` a second: a `loadtest` process of `wave` phones every wave/rate s."""
    processes = []
    started = time.monotonic()
    for first in range(0, participants, wave):
        due = started + first / rate
        time.sleep(max(0.0, due - time.monotonic()))
        processes.append(
            subprocess.Popen(
                [
                    LIVSMILJO,
                    "loadtest",
                    "--url",
                    base_url,
                    "--code",
                    code,
                    "--participants",
                    str(min(wave, participants - first)),
                    "--timeout",
                    str(timeout),
                    "--json",
                ],
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    waves: list[dict[str, Any]] = []
    for process in processes:
        out, err = process.communicate(timeout=timeout + 120)
        if process.returncode:
            waves.append({"error": err[-500:]})
        else:
            waves.append(json.loads(out.strip().splitlines()[-1]))
    ok = [w for w in waves if "error" not in w]
    latencies = [w["latency_ms"].get("p95") for w in ok if w.get("latency_ms", {}).get("p95") is not None]
    return {
        "participants": participants,
        "rate_per_s": rate,
        "waves": len(waves),
        "wave_errors": [w["error"] for w in waves if "error" in w],
        "joined": sum(w.get("joined", 0) for w in ok),
        "votes_sent": sum(w.get("votes_sent", 0) for w in ok),
        "votes_acked": sum(w.get("votes_acked", 0) for w in ok),
        "vote_resends": sum(w.get("vote_resends", 0) for w in ok),
        "reconnects": sum(w.get("reconnects", 0) for w in ok),
        "votes_doubled": sum(w.get("votes_doubled", 0) for w in ok),
        "worst_wave_vote_p95_ms": max(latencies) if latencies else None,
        "errors": sum(len(w.get("errors", [])) for w in ok),
        "arrival_seconds": round(time.monotonic() - started, 1),
    }


def one_run(
    env: dict[str, str],
    base_url: str,
    participants: int,
    timeout: float,
    kind: str,
    rate: float = 0.0,
    wave: int = 50,
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
    if rate > 0:
        report = arrivals(env, base_url, created["join_code"], participants, timeout, rate, wave)
        report["wall_seconds"] = round(time.monotonic() - started, 2)
        time.sleep(3)  # results are coalesced; let the last ones land
        results = json.loads(run(env, "meeting", "results", meeting, "--json"))
        report["poll_kind"] = kind
        report["db_total"] = next(r["total"] for r in results if r["poll"] == poll)
        report["lost"] = report["votes_sent"] - report["db_total"]
        return report
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
    parser.add_argument(
        "--rate", type=float, default=0.0, help="Participants arriving per second (0: at once)."
    )
    parser.add_argument(
        "--wave", type=int, default=50, help="With --rate: participants per loadtest process."
    )
    parser.add_argument("--web-processes", type=int, default=1, help="serve --workers N (N > 1 needs Redis).")
    parser.add_argument("--redis-url", default="", help="REDIS_URL for the server and the commands.")
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="livsmiljo-load-"))
    env = {**os.environ, "LIVSMILJO_DATA_DIR": str(data_dir), "LIVSMILJO_TASKS": "immediate"}
    env.pop("LIVSMILJO_TESTING", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    info = machine()
    run(env, "migrate", "--noinput")
    samples: list[float] = []
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(5):
            samples.append(os.getloadavg()[0])

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        with serving(env, args.web_processes) as base_url:
            reports = [
                one_run(env, base_url, args.participants, args.timeout, args.poll_kind, args.rate, args.wave)
                for _ in range(args.runs)
            ]
    finally:
        if not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    stop.set()
    info["load_after"] = os.getloadavg()[0]
    if samples:
        info["load_during"] = {
            "min": min(samples),
            "max": max(samples),
            "mean": round(sum(samples) / len(samples), 2),
        }
    info["web_processes"] = args.web_processes
    info["redis"] = bool(args.redis_url)
    print(json.dumps({"machine": info, "runs": reports}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
