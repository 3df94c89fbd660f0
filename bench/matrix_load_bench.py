"""Live matrix scoring under load: a real `livsmiljo serve` and N phones scoring pairs of a 12-goal matrix.

The room of the issue (50 people, a 12-goal matrix of 132 ordered pairs) on this machine: a fresh data
folder, a meeting whose only block is the matrix, started and moved to that block; then `livsmiljo loadtest`
in another process joins the phones, each scores `--pairs` pairs (every fourth score is sent twice, as a
phone on a flaky network does), and the database is counted afterwards: a resent score must replace, so the
scores saved equal the distinct (phone, pair) scores sent.

    .venv/bin/python bench/matrix_load_bench.py [--participants 50] [--pairs 8] [--runs 3]
"""

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_bench import machine, run, serving

SETUP = """
import json
from livsmiljo.matrix import services_live
from livsmiljo.matrix.services import GoalSpec, create_matrix
from livsmiljo.workshops import services
project = services.project_create(title="Lasttest", user=None)
meeting = services.meeting_create(project=project, title="Matris under last", user=None, template="tom")
goals = [GoalSpec(f"Mål {n}") for n in range(1, 13)]
matrix = create_matrix(project=project, title="Tolv mål", goals=goals)
block = services_live.matrix_block_create(matrix=matrix, meeting=meeting, user=None)
services.meeting_start(meeting=meeting, user=None)
services.meeting_goto(meeting=meeting, user=None, block=block)
print(json.dumps({"code": meeting.join_code, "matrix": matrix.pk}))
"""

COUNT = (
    "from livsmiljo.matrix.models import Score; s = Score.objects.filter(matrix_id={matrix}); "
    "print(s.count(), s.values('source', 'target').distinct().count())"
)


def one_run(env: dict[str, str], base_url: str, participants: int, pairs: int) -> dict[str, Any]:
    created = json.loads(run(env, "shell", "-c", SETUP).strip().splitlines()[-1])
    started = time.monotonic()
    report = json.loads(
        run(
            env,
            "loadtest",
            "--url",
            base_url,
            "--code",
            created["code"],
            "--participants",
            str(participants),
            "--pairs",
            str(pairs),
            "--json",
        )
    )
    saved, cells = map(int, run(env, "shell", "-c", COUNT.format(matrix=created["matrix"])).split()[-2:])
    return {
        "participants": report["participants"],
        "joined": report["joined"],
        "wall_seconds": round(time.monotonic() - started, 2),
        "errors": report["errors"],
        **report["matrix"],
        "db_scores": saved,
        "db_pairs_covered": cells,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()

    data_dir = Path(tempfile.mkdtemp(prefix="livsmiljo-matrix-load-"))
    env = {**os.environ, "LIVSMILJO_DATA_DIR": str(data_dir), "LIVSMILJO_TASKS": "immediate"}
    env.pop("LIVSMILJO_TESTING", None)
    info = machine()
    run(env, "migrate", "--noinput")
    try:
        with serving(env) as base_url:
            reports = [one_run(env, base_url, args.participants, args.pairs) for _ in range(args.runs)]
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    info["load_after"] = os.getloadavg()[0]
    print(json.dumps({"machine": info, "runs": reports}, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    sys.exit(main())
