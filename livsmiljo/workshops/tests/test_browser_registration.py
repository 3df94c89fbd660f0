"""Registering for a meeting in a real browser, on a phone and on a desktop: the member registers with
dietary needs from the invitation, the facilitator finds them in the list; axe finds nothing serious."""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from livsmiljo.tests.browser import assert_accessible, collect_csp_violations, login
from livsmiljo.workshops import services
from livsmiljo.workshops.services.registration import meeting_invitation_update

pytestmark = pytest.mark.browser

SIZES: dict[str, dict[str, Any]] = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


@pytest.fixture
def meeting(facilitator, region):
    project = services.project_create(title="Hållbara livsmiljöer", user=facilitator, organisations=[region])
    starts = timezone.now().astimezone(ZoneInfo("Europe/Stockholm")).replace(hour=9, minute=30) + timedelta(
        days=30
    )
    meeting = services.meeting_create(
        project=project,
        title="Träff 4 i Stockholm",
        user=facilitator,
        template="seed",
        starts_at=starts.replace(second=0, microsecond=0),
        place="Reglab, Hornsgatan 15",
        digital=True,
    )
    return meeting_invitation_update(
        meeting=meeting,
        user=facilitator,
        invitation_published=True,
        registration_open=True,
        registration_deadline=datetime.combine(starts.date() - timedelta(days=7), starts.timetz()),
        welcome_text="Välkommen till Stockholm!",
        practical_information="Lunch ingår.",
        online_link="https://mote.example.se/rum",
    )


def _context(browser: Any, base_url: str, size: str) -> Any:
    context = browser.new_context(locale="sv-SE", base_url=base_url, **SIZES[size])
    context.set_default_timeout(15_000)
    return context


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_a_member_registers_from_the_invitation_and_the_facilitator_sees_it(
    browser, asgi_server, meeting, member, facilitator, size
):
    context = _context(browser, asgi_server, size)
    csp = collect_csp_violations(context)
    try:
        page = context.new_page()
        invitation = f"/verkstad/inbjudan/{meeting.public_token}/"
        page.goto(invitation)
        expect(page.get_by_role("heading", name="Träff 4 i Stockholm")).to_be_visible()
        expect(page.get_by_role("link", name="Logga in för att anmäla dig")).to_be_visible()
        expect(page.get_by_text("https://mote.example.se/rum")).to_have_count(0)
        assert_accessible(page)

        login(page, asgi_server, member)
        page.goto(invitation)
        page.get_by_label("Namn").fill("Bob Berg")
        page.get_by_label("Digitalt").check()
        page.get_by_label("Specialkost eller allergier").fill("Vegetarisk, nötallergi")
        assert_accessible(page)
        page.get_by_role("button", name="Anmäl mig").click()
        expect(page.get_by_text("Tack! Du är anmäld.")).to_be_visible()
        expect(page.get_by_role("status").filter(has_text="Du är anmäld.").last).to_contain_text(
            "Vegetarisk, nötallergi"
        )
        expect(page.get_by_role("link", name="Lägg till i din kalender (.ics)")).to_be_visible()
        assert_accessible(page)

        facilitator_page = context.new_page()
        context.clear_cookies()
        login(facilitator_page, asgi_server, facilitator)
        facilitator_page.goto(f"/verkstad/moten/{meeting.pk}/anmalningar/")
        expect(facilitator_page.get_by_text("1 anmäld")).to_be_visible()
        row = facilitator_page.get_by_role("row").filter(has_text="Bob Berg")
        expect(row).to_contain_text("Digitalt")
        expect(row).to_contain_text("Vegetarisk, nötallergi")
        assert_accessible(facilitator_page)

        # The invitation on the meeting's page shows the saved deadline (a datetime-local field).
        facilitator_page.goto(f"/verkstad/moten/{meeting.pk}/")
        expect(facilitator_page.get_by_role("heading", name="Inbjudan och anmälan")).to_be_visible()
        expect(facilitator_page.get_by_label("Sista dag för anmälan")).not_to_have_value("")
        expect(facilitator_page.get_by_label("Publicera inbjudan")).to_be_checked()
        assert not csp, csp
    finally:
        context.close()
