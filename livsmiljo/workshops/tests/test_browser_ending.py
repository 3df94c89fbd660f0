"""Ending a meeting in real browsers: projector and phone change without a reload, and stay so after one."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from livsmiljo.tests.browser import assert_accessible, collect_csp_violations, login
from livsmiljo.workshops import services

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
CHECK_IN = "Vad är du särskilt nyfiken på kopplat till hållbara livsmiljöer?"


@pytest.fixture
def meeting(facilitator):
    project = services.project_create(title="Hållbara livsmiljöer", user=facilitator)
    return services.meeting_create(project=project, title="Träff 3 i Umeå", user=facilitator)


def _context(browser: Any, base_url: str, **options: Any) -> Any:
    context = browser.new_context(locale="sv-SE", base_url=base_url, **options)
    context.set_default_timeout(15_000)
    return context


def test_ending_a_meeting_turns_the_projector_phone_and_console_to_their_after_views(
    browser, asgi_server, facilitator, meeting
):
    console_context = _context(browser, asgi_server, **DESKTOP)
    projector_context = _context(browser, asgi_server, **DESKTOP)
    phone_context = _context(browser, asgi_server, **PHONE)
    csp = [collect_csp_violations(c) for c in (console_context, projector_context, phone_context)]
    script_errors: list[str] = []
    for context in (console_context, projector_context, phone_context):
        context.on("page", lambda page: page.on("pageerror", lambda error: script_errors.append(str(error))))
    try:
        console = console_context.new_page()
        login(console, asgi_server, facilitator)
        console.goto(f"/verkstad/moten/{meeting.pk}/konsol/")
        expect(console.locator("#connection")).to_have_text("Ansluten")
        expect(console.locator("button.primary")).to_have_text("Starta mötet")

        projector = projector_context.new_page()
        projector.goto(f"/verkstad/skarm/{meeting.screen_token}/")
        expect(projector.get_by_role("heading", name="Delta på mobilen")).to_be_visible()

        phone = phone_context.new_page()
        phone.goto(f"/verkstad/delta/{meeting.join_code}/")
        phone.get_by_role("button", name="Gå med").click()
        expect(phone).to_have_url(re.compile(r"/verkstad/m/[^/]+/$"))
        expect(phone.locator("#connection")).to_have_text("Ansluten")

        # Starting shows the conversation rules; reaching the check-in opens its question on the phone.
        console.get_by_role("button", name="Starta mötet").click()
        expect(console.locator("#run-heading + p + form button.primary")).to_have_text("Nästa punkt →")
        expect(phone.get_by_role("heading", name="Reglabs samtal")).to_be_visible()
        console.get_by_role("button", name="Nästa punkt →").click()
        expect(phone.get_by_role("group", name=CHECK_IN)).to_be_visible()
        expect(phone.locator("#chat-form")).to_be_visible()

        console.once("dialog", lambda dialog: dialog.accept())
        console.get_by_role("button", name="Avsluta mötet").click()

        expect(console.get_by_text(re.compile(r"Mötet avslutades kl\. \d\d:\d\d\."))).to_be_visible()
        expect(console.get_by_role("link", name="Öppna dokumentationen")).to_have_class(re.compile("primary"))
        expect(console.get_by_role("button", name="Starta mötet")).to_have_count(0)
        expect(console.locator(".join-code")).to_be_hidden()

        expect(projector.get_by_role("heading", name="Mötet är avslutat")).to_be_visible()
        expect(projector.get_by_role("heading", name="Delta på mobilen")).to_be_hidden()
        expect(projector.locator(".join-code")).to_be_hidden()
        expect(projector.locator(".qr")).to_be_hidden()
        expect(projector.get_by_text(f"/verkstad/moten/{meeting.pk}/dokumentation/")).to_be_visible()

        expect(phone.get_by_role("heading", name="Mötet är avslutat")).to_be_visible()
        for form in ("#chat-form", "#note-form", ".poll-form"):
            expect(phone.locator(form)).to_have_count(0)
        expect(phone.locator("form")).to_have_count(0)

        for page in (console, projector, phone):
            assert_accessible(page)

        # The same after a reload.
        for page in (projector, phone):
            page.reload()
            expect(page.get_by_role("heading", name="Mötet är avslutat")).to_be_visible()
            assert_accessible(page)
        expect(projector.locator(".join-code")).to_be_hidden()
        expect(phone.locator("form")).to_have_count(0)

        # A late join with the code gets a clear message.
        phone.goto(f"/verkstad/delta/{meeting.join_code}/")
        phone.get_by_role("button", name="Gå med").click()
        expect(phone.get_by_text("Mötet med den koden är avslutat")).to_be_visible()
        assert_accessible(phone)
    finally:
        for context in (console_context, projector_context, phone_context):
            context.close()
    assert [v for found in csp for v in found] == []
    assert script_errors == []
