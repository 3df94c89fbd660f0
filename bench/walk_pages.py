"""Walk every page of the demo site at 390 px and 1280 px, as a visitor, a member and a facilitator.

    .venv/bin/python bench/walk_pages.py [--out /tmp/walk] [--only member] [--match /analys/]

Creates a throw-away data directory (LIVSMILJO_DATA_DIR), migrates, loads the demo (`livsmiljo demo`, as
`make run` does), starts `livsmiljo serve` on a free port and drives Debian's Chromium with Playwright.
Every page gets a full-page screenshot per width in --out, and a line with its horizontal overflow
(document scrollWidth > innerWidth, with the widest offending elements) and its axe violations (serious
and critical, and all). A summary with the totals is printed at the end and written to --out/walk.json.

The URLs come from walking the URL configuration: each named pattern is filled in from the demo's objects;
patterns that take only POST or return files are listed as skipped, so a new page is never silently missed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
WIDTHS = (390, 1280)
CHROMIUM = os.environ.get("LIVSMILJO_CHROMIUM", "/usr/bin/chromium")
# Not pages: POST-only actions, downloads, images, status partials polled by HTMX, Django's admin.
SKIP_PREFIXES = ("admin:",)
# Matrix pages walked on the demo matrix (its pk); the rest of the matrix URLs are files, POSTs or fragments.
MATRIX_PAGES = (
    "matrix:detail",
    "matrix:goals",
    "matrix:score",
    "matrix:cell",
    "matrix:analysis",
    "matrix:use_in_meeting",
    "matrix:evidence",
)
SKIP_NAMES = {
    "logout": "POST",
    "set_language": "POST",
    "documents:run_retry": "POST",
    "documents:run_progress": "HTMX-del",
    "documents:reextraction_progress": "HTMX-del",
    "documents:reextract": "POST",
    "analysis:document_export": "fil",
    "analysis:organisation_export": "fil",
    "analysis:heatmap": "bild",
    "analysis:matrix_export": "fil",
    "analysis:tags_export": "fil",
    "analysis:passage_correct": "POST",
    "analysis:retag": "POST",
    "analysis:retag_status": "HTMX-del",
    "homework:create_from_seed": "POST",
    "homework:assignment_delete": "POST",
    "workshops:agenda": "POST",
    "workshops:poll_add": "POST",
    "javascript-catalog": "skript",
    "matrix:export": "fil",
    "workshops:register": "POST",
    "reports:meeting_edit": "POST",
    "matrix:chart": "bild",
    "matrix:compare_chart": "bild",
    "matrix:score_cell": "POST",
    "matrix:agree": "POST",
    "matrix:publish": "POST",
    "matrix:document_goals": "HTMX-del",
    "reports:meeting_download": "fil",
    "reports:organisation_download": "fil",
    "reports:organisation_figure": "bild",
    "reports:organisation_publish": "POST",
    "reports:meeting_figure": "bild",
    "reports:meeting_regenerate": "POST",
    "reports:site_file": "fil",
    "workshops:registrations_export": "fil",
    "workshops:calendar": "fil",
}

# What someone without an account sees (everything else sends them to the login page).
PUBLIC = {
    "home",
    "login",
    "workshops:join",
    "workshops:join_code",
    "workshops:participant",
    "workshops:screen",
    "404",
}

STYLE_RULES_JS = """() => Object.fromEntries([...document.querySelectorAll('link[rel=stylesheet]')].map(
  (link) => [link.href, link.sheet ? link.sheet.cssRules.length : 0]))"""
# The most rules seen per stylesheet: fewer means it arrived cut off (edited while served), so load again.
_RULES: dict[str, int] = {}
# English words a Swedish page should not show (the language switch itself says "English").
ENGLISH = re.compile(
    r"\b(?:Save|Delete|Edit|Submit|Search|Cancel|None|True|False|Loading|Error|Yes|No|Back|Next|Previous"
    r"|Upload|Download|Settings|Home|Page|of|and|the|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b"
)
ALL_IMPACTS = ("minor", "moderate", "serious", "critical")
OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const doc = document.documentElement.scrollWidth;
  const wide = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.right > width + 1 && r.width > 0) {
      let scroller = el.parentElement, clipped = false;
      while (scroller && scroller !== document.body) {
        const s = getComputedStyle(scroller);
        if (s.overflowX !== 'visible') { clipped = true; break; }
        scroller = scroller.parentElement;
      }
      const cls = el.className ? '.' + String(el.className).split(' ').join('.') : '';
      if (!clipped) wide.push(el.tagName.toLowerCase() + cls + ' ' + Math.round(r.right) + 'px');
    }
  }
  return {scrollWidth: doc, innerWidth: width, overflow: doc > width, wide: wide.slice(0, 6)};
}"""


@dataclass
class Result:
    role: str
    width: int
    name: str
    url: str
    status: int
    overflow: bool
    scroll_width: int
    wide: list[str] = field(default_factory=list)
    axe_blocking: list[str] = field(default_factory=list)
    axe_all: list[str] = field(default_factory=list)
    screenshot: str = ""
    english: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def prepare(data_dir: Path) -> None:
    env = {**os.environ, "LIVSMILJO_DATA_DIR": str(data_dir)}
    subprocess.run([BIN / "livsmiljo", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([BIN / "livsmiljo", "demo"], env=env, check=True, stdout=subprocess.DEVNULL)


def setup_django(data_dir: Path) -> None:
    os.environ["LIVSMILJO_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def demo_fixtures() -> dict[str, Any]:
    """Objects the URL patterns need, created where the demo has none (a participant, a submission)."""
    from livsmiljo.analysis.forms import KINDS
    from livsmiljo.demo.install import FACILITATOR_USERNAME, MEMBER_USERNAME
    from livsmiljo.documents.models import Document, IngestionRun, Passage, ReextractionRun
    from livsmiljo.homework.models import Assignment, Submission
    from livsmiljo.homework.services import submission_create
    from livsmiljo.organisations.models import User
    from livsmiljo.workshops.models import Meeting, Participant
    from livsmiljo.workshops.services.participation import participant_join

    member = User.objects.get(username=MEMBER_USERNAME)
    meeting = Meeting.objects.order_by("-pk").first()
    assert meeting is not None, "demomötet saknas"
    participant = Participant.objects.filter(meeting=meeting).first() or participant_join(
        code=meeting.join_code, display_name="Anna Andersson", organisation=member.organisation
    )
    assignment = Assignment.objects.order_by("pk").first()
    assert assignment is not None, "demons hemuppgift saknas"
    submission = Submission.objects.filter(assignment=assignment).first()
    if submission is None:
        submission = submission_create(
            assignment=assignment, user=member, text="Vi arbetar med bostäder på landsbygden."
        )[0]
    own_doc = Document.objects.filter(organisation=member.organisation).first() or Document.objects.first()
    kind = next(iter(KINDS))
    item = KINDS[kind][0]._default_manager.first()
    from livsmiljo.matrix.models import Matrix

    matrix = Matrix.objects.order_by("pk").first()
    goals = list(matrix.goals.values_list("pk", flat=True)[:2]) if matrix else []
    block = matrix.block if matrix else None
    ended = Meeting.objects.filter(status=Meeting.Status.ENDED).order_by("-pk").first()
    invited = Meeting.objects.exclude(public_token="").order_by("-pk").first()
    run = IngestionRun.objects.order_by("pk").first()
    reex = ReextractionRun.objects.order_by("pk").first()
    return {
        "facilitator": FACILITATOR_USERNAME,
        "member": MEMBER_USERNAME,
        "pk": {
            "documents:detail": own_doc.pk if own_doc else None,
            "documents:edit": own_doc.pk if own_doc else None,
            "documents:delete": own_doc.pk if own_doc else None,
            "documents:run": run.pk if run else None,
            "documents:reextraction": reex.pk if reex else None,
            "analysis:document": own_doc.pk if own_doc else None,
            "analysis:passage": Passage.objects.filter(document=own_doc).values_list("pk", flat=True).first(),
            "homework:assignment_edit": assignment.pk,
            "homework:assignment_delete": assignment.pk,
            "homework:submit": assignment.pk,
            "homework:submission": submission.pk,
            **{name: matrix.pk if matrix else None for name in MATRIX_PAGES},
            "reports:site_preview": meeting.project_id,
            "reports:meeting_edit": ended.pk if ended else None,
        },
        "source": goals[0] if goals else None,
        "target": goals[1] if len(goals) > 1 else None,
        "block_id": block.pk if block else None,
        "invitation": invited.public_token if invited else None,
        "meeting": meeting.pk,
        "code": meeting.join_code,
        "token": participant.token,
        "screen": meeting.screen_token,
        "slug": member.organisation.slug if member.organisation else "",
        "kind": kind,
        "key": item.key if item else "",
    }


def walk_urlconf() -> list[tuple[str, list[str]]]:
    """Every named URL pattern with the names of its arguments."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[tuple[str, list[str]]] = []

    def visit(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or ""
                visit(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.append((namespace + pattern.name, list(pattern.pattern.converters)))

    visit(get_resolver().url_patterns, "")
    return found


def page_urls(fx: dict[str, Any]) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, path) of every page to walk, and the names skipped with the reason."""
    from django.urls import reverse

    from livsmiljo.analysis.models import Theme

    theme = Theme.objects.order_by("pk").first()
    values = {
        "meeting_id": fx["meeting"],
        "code": fx["code"],
        "token": fx["token"],
        "slug": fx["slug"],
        "kind": fx["kind"],
        "key": fx["key"],
        "theme": theme.key if theme else "",
        "source": fx["source"],
        "target": fx["target"],
        "block_id": fx["block_id"],
    }
    urls: list[tuple[str, str]] = []
    skipped: list[str] = []
    for name, params in walk_urlconf():
        if name.startswith(SKIP_PREFIXES) or name in SKIP_NAMES:
            skipped.append(f"{name} ({SKIP_NAMES.get(name, 'admin')})")
            continue
        if name.startswith("api"):
            skipped.append(f"{name} (API)")
            continue
        kwargs: dict[str, Any] = {}
        for param in params:
            if param == "pk":
                kwargs["pk"] = fx["pk"].get(name, fx["meeting"] if name.startswith("workshops:") else None)
            elif param == "fmt":
                kwargs["fmt"] = "csv"
            else:
                kwargs[param] = values.get(param)
            if kwargs[param] in (None, ""):
                break
        else:
            if name == "workshops:screen":
                kwargs = {"token": fx["screen"]}
            if name == "workshops:invitation":
                kwargs = {"token": fx["invitation"]}
            urls.append((name, reverse(name, kwargs=kwargs)))
            continue
        skipped.append(f"{name} (inget demoobjekt)")
    urls.append(("search:search?q", "/sok/?q=bost%C3%A4der+p%C3%A5+landsbygden"))
    urls.append(("search:search?q-inget", "/sok/?q=xyzzyqwerty"))
    urls.append(("404", "/finns-inte/"))
    return urls, skipped


def wait_for_server(base: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/konto/logga-in/", timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("Servern startade inte.")


def walk(
    base: str, urls: list[tuple[str, str]], fx: dict[str, Any], out: Path, roles: list[str]
) -> list[Result]:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT))
    from livsmiljo.demo.install import DEMO_PASSWORD

    results: list[Result] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for role in roles:
            for width in WIDTHS:
                context = browser.new_context(
                    locale="sv-SE", base_url=base, viewport={"width": width, "height": 900}
                )
                context.set_default_timeout(15_000)
                page = context.new_page()
                if role != "besokare":
                    page.goto("/konto/logga-in/")
                    page.locator("#id_username").fill(fx[role])
                    page.locator("#id_password").fill(DEMO_PASSWORD)
                    page.locator("main form button").click()
                    page.wait_for_url(lambda url: "/konto/logga-in/" not in url)
                for name, path in urls:
                    if role == "besokare" and name not in PUBLIC:
                        continue
                    try:
                        response = page.goto(path, wait_until="load")
                    except Exception as error:  # a 405 for a POST-only URL: list it, don't stop the walk
                        print(f"{role:11} {width:4} ERR {path}: {str(error).splitlines()[0]}", flush=True)
                        page.close()
                        page = context.new_page()
                        continue
                    status = response.status if response else 0
                    if status != 200 and name != "404":
                        print(f"{role:11} {width:4} {status} {path} (ingen bild)", flush=True)
                        continue
                    results.append(check(page, role, width, name, path, status, out))
                context.close()
        browser.close()
    return results


def check(page: Any, role: str, width: int, name: str, path: str, status: int, out: Path) -> Result:
    from livsmiljo.tests.browser import axe_violations

    page.wait_for_timeout(150)
    for _attempt in range(4):  # a stylesheet edited while it was served arrives cut off: load the page again
        rules = page.evaluate(STYLE_RULES_JS)
        for href, count in rules.items():
            _RULES[href] = max(_RULES.get(href, 0), count)
        if all(count and count >= _RULES[href] for href, count in rules.items()):
            break
        page.reload(wait_until="load")
    info = page.evaluate(OVERFLOW_JS)
    english = sorted(set(ENGLISH.findall(page.evaluate("() => document.body.innerText"))))
    blocking = [v["id"] for v in axe_violations(page)]
    every = [f"{v['id']}:{v['impact']}" for v in axe_violations(page, impacts=ALL_IMPACTS)]
    shot = out / f"{role}-{width}-{name.replace(':', '_').replace('?', '_')}.png"
    page.screenshot(path=str(shot), full_page=True)
    flag = f"ÖVERFLÖDE {info['scrollWidth']}" if info["overflow"] else "ok"
    wide = " ".join(info["wide"][:2])
    words = f" ENGELSKA {english}" if english else ""
    print(
        f"{role:11} {width:4} {status} {path:60} {flag:14} axe {len(blocking)}/{len(every)} {wide}{words}",
        flush=True,
    )
    return Result(
        role,
        width,
        name,
        path,
        status,
        info["overflow"],
        info["scrollWidth"],
        info["wide"],
        blocking,
        every,
        str(shot),
        english,
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", default="/tmp/walk")
    parser.add_argument("--only", choices=["besokare", "member", "facilitator"])
    parser.add_argument("--match", default="", help="Bara sökvägar som innehåller texten.")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="livsmiljo-walk-") as tmp:
        data_dir = Path(tmp)
        started = time.monotonic()
        prepare(data_dir)
        setup_django(data_dir)
        fx = demo_fixtures()
        urls, skipped = page_urls(fx)
        urls = [(n, p) for n, p in urls if args.match in p]
        port = free_port()
        env = {**os.environ, "LIVSMILJO_DATA_DIR": str(data_dir)}
        server = subprocess.Popen(
            [BIN / "livsmiljo", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_for_server(base, time.monotonic() + 30)
            print(
                f"Demo klar på {time.monotonic() - started:.0f} s; {len(urls)} sidor; "
                f"hoppar över: {', '.join(s for s in skipped if not s.startswith('admin:'))} och admin"
            )
            roles = [args.only] if args.only else ["besokare", "member", "facilitator"]
            results = walk(base, urls, fx, out, roles)
        finally:
            server.terminate()
            server.wait(timeout=15)
    overflow = [r for r in results if r.overflow]
    blocking = [r for r in results if r.axe_blocking]
    english = [r for r in results if r.english]
    print(
        f"\n{len(results)} sidvisningar: {len(overflow)} med horisontellt överflöde, "
        f"{len(blocking)} med allvarliga axe-fel, "
        f"{sum(len(r.axe_all) for r in results)} axe-anmärkningar totalt, "
        f"{len(english)} med engelska ord."
    )
    for r in overflow:
        print(f"  överflöde {r.role} {r.width} {r.url}: {r.scroll_width}px {r.wide[:3]}")
    for r in blocking:
        print(f"  axe {r.role} {r.width} {r.url}: {r.axe_blocking}")
    for r in english:
        print(f"  engelska {r.role} {r.width} {r.url}: {r.english}")
    (out / "walk.json").write_text(
        json.dumps(
            {"skipped": skipped, "results": [asdict(r) for r in results]}, indent=1, ensure_ascii=False
        )
    )


if __name__ == "__main__":
    main()
