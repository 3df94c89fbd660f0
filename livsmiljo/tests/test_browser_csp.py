"""The Content-Security-Policy blocks nothing the site itself needs: on the main pages, with their HTMX swaps
and WebSockets at work, Chromium reports no violation. A blocked inline script, style or eval fails
silently otherwise (a search that never swaps in, a console that never connects)."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from livsmiljo.tests.browser import collect_csp_violations, login
from livsmiljo.workshops import services

pytestmark = pytest.mark.browser

QUESTION = "Vad tar ni med er hem?"
TEXT = (
    "Minnesanteckning om kollektivtrafik\n\nBussarna mellan byarna går för sällan på kvällarna, vilket gör "
    "det svårt för unga att delta i föreningslivet efter skolan. Regionen bygger ut pendeltågstrafiken.\n"
)


@pytest.fixture
def meeting(facilitator):
    project = services.project_create(title="Hållbara livsmiljöer", user=facilitator)
    meeting = services.meeting_create(project=project, title="Träff 3", user=facilitator)
    services.poll_create(
        meeting=meeting, user=facilitator, kind="flerval", question=QUESTION, options=["Idéer", "Frågor"]
    )
    return meeting


def _context(browser: Any, base_url: str, **options: Any) -> tuple[Any, list[str]]:
    context = browser.new_context(locale="sv-SE", base_url=base_url, **options)
    context.set_default_timeout(15_000)
    return context, collect_csp_violations(context)


def _visit(page: Any, path: str) -> None:
    response = page.goto(path)
    assert response is not None and response.status < 400, (path, response and response.status)
    page.wait_for_load_state("networkidle")


def test_a_member_uses_the_library_search_analysis_and_api_docs_without_a_csp_violation(
    browser, asgi_server, owner
):
    context, violations = _context(browser, asgi_server)
    page = context.new_page()
    try:
        login(page, asgi_server, owner)
        _visit(page, "/bibliotek/ladda-upp/")
        page.get_by_label("Filer").set_input_files(
            [{"name": "buss.txt", "mimeType": "text/plain", "buffer": TEXT.encode()}]
        )
        page.get_by_label("År").fill("2024")
        page.get_by_role("button", name="Ladda upp").click(timeout=120_000)
        page.wait_for_url(re.compile(r"/bibliotek/uppladdning/\d+/"), timeout=120_000)
        expect(page.get_by_role("heading", name="Klart")).to_be_visible(timeout=120_000)

        _visit(page, "/bibliotek/")
        page.get_by_role("link", name=re.compile("kollektivtrafik", re.I)).first.click()
        page.wait_for_url(re.compile(r"/bibliotek/dokument/\d+/"))
        document_path = page.url.removeprefix(asgi_server)
        document_pk = re.search(r"/dokument/(\d+)/", document_path).group(1)  # type: ignore[union-attr]

        _visit(page, "/sok/")
        page.get_by_role("searchbox").fill("bussarna på kvällarna")
        page.get_by_role("button", name="Sök", exact=True).last.click()
        expect(page.locator("ol.hits li.hit").first).to_contain_text("kollektivtrafik", ignore_case=True)

        for path in ("/analys/", f"/analys/dokument/{document_pk}/", "/analys/jamforelse/"):
            _visit(page, path)
        _visit(page, "/analys/malkonflikter/")

        _visit(page, "/api/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Livsmiljö API")
        page.goto("/finns-inte/")
    finally:
        context.close()
    assert violations == [], "\n".join(sorted(set(violations)))


def test_a_live_workshop_runs_on_console_projector_and_phone_without_a_csp_violation(
    browser, asgi_server, facilitator, meeting
):
    contexts = [
        _context(browser, asgi_server),
        _context(browser, asgi_server, viewport={"width": 1920, "height": 1080}),
        _context(
            browser, asgi_server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
        ),
    ]
    console, projector, phone = (context.new_page() for context, _ in contexts)
    try:
        login(console, asgi_server, facilitator)
        _visit(console, "/verkstad/")
        _visit(console, f"/verkstad/moten/{meeting.pk}/")
        console.goto(f"/verkstad/moten/{meeting.pk}/konsol/")
        expect(console.locator("#connection")).to_have_text("Ansluten")

        projector.goto(f"/verkstad/skarm/{meeting.screen_token}/")
        expect(projector.locator("#connection")).to_have_text("Ansluten")
        expect(projector.locator(".qr svg")).to_be_visible()

        console.get_by_role("button", name="Starta mötet").click()
        console.get_by_role("button", name=f"Öppna {QUESTION}").click()
        expect(projector.locator("#poll-question")).to_have_text(QUESTION)

        phone.goto("/verkstad/delta/")
        phone.get_by_label("Kod").fill(meeting.join_code)
        phone.get_by_role("button", name="Gå med").click()
        poll = phone.get_by_role("group", name=QUESTION)
        poll.get_by_label("Idéer").check()
        phone.locator("form", has=poll).get_by_role("button", name="Skicka").click()
        expect(phone.locator("#feedback")).to_contain_text("Tack! Ditt svar är skickat.")
        expect(projector.locator("#poll-total")).to_have_text("1")

        _visit(console, f"/verkstad/moten/{meeting.pk}/dokumentation/")
        expect(console.locator(".report-figure img").first).to_be_visible()  # the chart, served by the site
        expect(console.locator(".report-table", has_text="Idéer").first).to_be_visible()
    finally:
        for context, _ in contexts:
            context.close()
    violations = [v for _, found in contexts for v in found]
    assert violations == [], "\n".join(sorted(set(violations)))
