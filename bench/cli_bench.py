"""Command-line start benchmark: wall time of `livsmiljo search "…" --json` as a fresh process.

Builds a small throw-away library (one document, a handful of passages, real embeddings) in a temporary data
folder, then runs the command N times and reports median and p95, next to a bare `python -c pass` measured
in the same run as the floor for starting an interpreter on this machine.

    .venv/bin/python bench/cli_bench.py [--runs 15] [--query "bostäder på landsbygden"]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSAGES = [
    (1, "Bostäder", "Fler bostäder på landsbygden behövs för att unga ska kunna bo kvar i bygden."),
    (2, "Trafik", "Kollektivtrafiken ska göra det lättare att pendla mellan orterna i länet."),
    (3, "Hälsa", "Vårdcentralerna samarbetar med kommunerna om äldres hälsa och psykisk ohälsa."),
    (4, "Energi", "Vindkraften byggs ut och en del av intäkterna stannar i bygden."),
    (5, "Kompetens", "Yrkeshögskolan utbildar för de yrken som företagen i regionen saknar."),
]


def _build_library(data_dir: Path) -> None:
    """Migrate and add one document; runs in a child process so this one stays free of Django."""
    code = f"""
import django, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from livsmiljo.documents.models import Document, Passage
from livsmiljo.organisations.models import Organisation
from livsmiljo.search.services import document_embed, passages_index
region = Organisation.objects.create(name="Region Bench", slug="bench")
document = Document.objects.create(
    organisation=region, title="Benchdokument", kind="rus", year=2024, file="documents/bench.pdf",
    file_name="bench.pdf", file_format="pdf", content_hash="bench", page_count=5,
)
for ordinal, (page, heading, text) in enumerate({PASSAGES!r}):
    Passage.objects.create(document=document, page=page, ordinal=ordinal, heading=heading, text=text,
                           word_count=len(text.split()))
passages_index(document=document)
document_embed(document=document)
"""
    subprocess.run([sys.executable, "-c", code], check=True, env=_env(data_dir), cwd=ROOT)


def _env(data_dir: Path) -> dict[str, str]:
    return {**os.environ, "LIVSMILJO_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "livsmiljo.settings"}


def _time(command: list[str], env: dict[str, str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def _summary(label: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"{label:<40} median {statistics.median(times):.3f} s   p95 {p95:.3f} s   (n={len(times)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--query", default="bostäder på landsbygden")
    args = parser.parse_args()
    cli = str(Path(sys.executable).parent / "livsmiljo")
    with tempfile.TemporaryDirectory(prefix="livsmiljo-cli-bench-") as folder:
        env = _env(Path(folder))
        _build_library(Path(folder))
        _time([cli, "search", args.query, "--json"], env, 1)  # warm the OS file cache and any model cache
        search = _time([cli, "search", args.query, "--json"], env, args.runs)
        bare = _time([sys.executable, "-c", "pass"], env, args.runs)
    print(_summary(f'livsmiljo search "{args.query}" --json', search))
    print(_summary("python -c pass", bare))


if __name__ == "__main__":
    main()
