"""Reports benchmark: the documentation of a 50-person meeting in every format, and the project website.

In a throw-away data folder (migrated first) it builds a meeting from the seed template with 50
participants from the seeded organisations, 10 polls answered by all 50 (word clouds, mood, scale, choice,
ranking, open text), groups of five, 200 board notes, 100 chat messages, and ends it. Then it times, each
`--runs` times (the first, cold run and the median are reported): generating the documentation (clusters
of notes, the extractive summary), building the report, rendering it as HTML, Markdown, DOCX, PDF, CSV and
XLSX, and exporting the project's static website.

    .venv/bin/python bench/report_bench.py [--runs 3] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

PEOPLE, NOTES, CHAT, GROUP_SIZE = 50, 200, 100, 5
EXTRA_POLLS: tuple[
    tuple[str, str, list[str]], ...
] = (  # with the seed's three (word cloud, mood, open text): ten polls
    ("ordmoln", "Vilket ord beskriver en hållbar livsmiljö?", []),
    ("skala", "Hur väl tar er strategi upp hållbara livsmiljöer?", []),
    ("flerval", "Vilket område vill ni arbeta med först?", ["Bostäder", "Trafik", "Vård", "Kompetens"]),
    ("rangordning", "Rangordna målen", ["Trygghet", "Natur", "Jobb"]),
    ("fritext", "Vad tar du med dig hem?", []),
    ("humor", "Hur känns eftermiddagen?", []),
    ("fritext", "Vilken målkonflikt är svårast?", []),
)
WORDS = ("kollektivtrafik", "bostäder", "trygghet", "natur", "kompetens", "vård", "kultur", "landsbygd")
TOPICS = (
    "pendling över länsgränsen",
    "bostäder för nyanlända",
    "trygghet vid stationen",
    "grönområden i staden",
    "lärcentra på landsbygden",
    "vård nära invånarna",
    "kvällsturer för unga",
    "besöksnäring året runt",
)


def setup(data_dir: Path) -> None:
    os.environ["LIVSMILJO_DATA_DIR"] = str(data_dir)
    os.environ["LIVSMILJO_TASKS"] = "database"  # the end of the meeting queues its documentation; timed here
    os.environ.pop("LIVSMILJO_TESTING", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    import django
    from django.conf import settings

    django.setup()
    for folder in (settings.DATA_DIR, settings.MEDIA_ROOT, settings.INDEX_DIR):
        Path(folder).mkdir(parents=True, exist_ok=True)
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def build_meeting() -> Any:
    from livsmiljo.organisations.models import Organisation
    from livsmiljo.workshops import services
    from livsmiljo.workshops.models import AgendaBlock

    organisations = list(Organisation.objects.order_by("pk"))
    project = services.project_create(title="Hållbara livsmiljöer (mätning)", user=None)
    meeting = services.meeting_create(project=project, title="Workshop med 50", user=None, template="seed")
    meeting.place = "Stockholm"
    meeting.save()
    for kind, question, options in EXTRA_POLLS:
        services.poll_create(meeting=meeting, user=None, kind=kind, question=question, options=options)  # type: ignore[arg-type]
    people = [
        services.participant_join(
            code=meeting.join_code,
            display_name=f"Deltagare {i}",
            organisation=organisations[i % len(organisations)],
        )
        for i in range(PEOPLE)
    ]
    services.meeting_start(meeting=meeting, user=None)
    for poll in meeting.polls.all():
        services.poll_open(poll=poll, user=None)
        for i, person in enumerate(people):
            services.response_submit(poll=poll, participant=person, value=_answer(poll, i))
        services.poll_close(poll=poll, user=None)
    dialogue = meeting.blocks.get(kind=AgendaBlock.Kind.GROUP_DIALOGUE)
    services.groups_form(block=dialogue, user=None, size=GROUP_SIZE)
    services.meeting_goto(meeting=meeting, user=None, block=dialogue)
    for i in range(NOTES):
        text = f"{TOPICS[i % len(TOPICS)].capitalize()}: förslag {i // len(TOPICS) + 1} från gruppen"
        services.note_create(participant=people[i % PEOPLE], text=text, meeting=meeting)
    for i in range(CHAT):
        services.chat_post(
            meeting=meeting, participant=people[i % PEOPLE], text=f"Kommentar {i} om {TOPICS[i % 8]}"
        )
    return services.meeting_end(meeting=meeting, user=None)


def _answer(poll: Any, i: int) -> Any:
    if poll.kind == "ordmoln":
        return WORDS[i % len(WORDS)]
    if poll.kind == "rangordning":
        return poll.options[i % 3 :] + poll.options[: i % 3]
    if poll.options:
        return poll.options[i % len(poll.options)]
    return f"Vi vill arbeta med {TOPICS[i % len(TOPICS)]} tillsammans med kommunerna ({i})."


def timed(runs: int, action: Callable[[], Any]) -> tuple[dict[str, float], Any]:
    """The first run (cold: models loaded, charts drawn for the first time) and the median of all runs."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return {"first": round(times[0], 3), "median": round(statistics.median(times), 3)}, result


def measure(meeting: Any, runs: int, out_dir: Path) -> dict[str, Any]:
    from django.core.cache import cache

    from livsmiljo.reports.formats import FORMATS, report_render
    from livsmiljo.reports.meeting import build_meeting_report
    from livsmiljo.reports.services import documentation_generate
    from livsmiljo.reports.site import export_site

    seconds: dict[str, dict[str, float]] = {}
    sizes: dict[str, int] = {}
    seconds["generate"], _doc = timed(runs, lambda: documentation_generate(meeting=meeting, user=None))
    seconds["build_report"], report = timed(runs, lambda: build_meeting_report(meeting, audience="project"))
    for fmt in FORMATS:
        seconds[fmt], rendered = timed(runs, partial(report_render, report, fmt))
        sizes[fmt] = len(rendered.content)

    def export() -> list[str]:
        shutil.rmtree(out_dir, ignore_errors=True)
        return export_site(meeting.project, out_dir)

    seconds["export_site"], written = timed(runs, export)

    def export_uncached() -> list[str]:
        cache.clear()  # the charts are cached for the platform's pages: draw them all again
        return export()

    seconds["export_site_charts_uncached"], _written = timed(runs, export_uncached)
    sizes["export_site_files"] = len(written)
    return {
        "seconds": seconds,
        "bytes": sizes,
        "figures": sum(1 for b in report.blocks if type(b).__name__ == "Figure"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="Keep the temporary data folder.")
    args = parser.parse_args()
    from load_bench import machine

    info = machine()
    data_dir = Path(tempfile.mkdtemp(prefix="livsmiljo-report-"))
    try:
        setup(data_dir)
        started = time.perf_counter()
        meeting = build_meeting()
        build_seconds = round(time.perf_counter() - started, 1)
        from livsmiljo.workshops.models import BoardNote, ChatMessage, Response

        result = {
            "machine": info,
            "meeting": {
                "participants": meeting.participants.count(),
                "polls": meeting.polls.count(),
                "responses": Response.objects.filter(poll__meeting=meeting).count(),
                "notes": BoardNote.objects.filter(meeting=meeting).count(),
                "chat": ChatMessage.objects.filter(meeting=meeting).count(),
                "groups": meeting.groups.count(),
                "built_in_seconds": build_seconds,
            },
            "runs": args.runs,
            **measure(meeting, args.runs, data_dir / "site"),
        }
        result["machine"]["load_after"] = os.getloadavg()[0]
        print(json.dumps(result, indent=2, ensure_ascii=False))
    finally:
        if args.keep:
            print(f"data kept in {data_dir}", file=sys.stderr)
        else:
            shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
