"""A live workshop in real browsers at once: the facilitator's console, the projector and two phones."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from livsmiljo.tests.browser import assert_accessible, login
from livsmiljo.workshops import services
from livsmiljo.workshops.models import Response

pytestmark = pytest.mark.browser

QUESTION = "Vilket tema vill ni börja med?"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def meeting(facilitator):
    project = services.project_create(title="Hållbara livsmiljöer", user=facilitator)
    meeting = services.meeting_create(project=project, title="Träff 2 i Linköping", user=facilitator)
    services.poll_create(
        meeting=meeting,
        user=facilitator,
        kind="flerval",
        question=QUESTION,
        options=["Boende", "Transporter", "Hälsa"],
    )
    return meeting


def _context(browser: Any, base_url: str, **options: Any) -> Any:
    context = browser.new_context(locale="sv-SE", base_url=base_url, **options)
    context.set_default_timeout(15_000)
    return context


def _join_and_vote(phone: Any, code: str, name: str, choice: str, *, check_accessibility: bool) -> None:
    phone.goto("/verkstad/delta/")
    if check_accessibility:
        assert_accessible(phone)
    phone.get_by_label("Kod").fill(f"{code[:4]} {code[4:]}")
    phone.get_by_label("Ditt namn (frivilligt)").fill(name)
    phone.get_by_role("button", name="Gå med").click()
    expect(phone).to_have_url(re.compile(r"/verkstad/m/[^/]+/$"))
    poll = phone.get_by_role("group", name=QUESTION)
    expect(poll).to_be_visible()
    if check_accessibility:
        assert_accessible(phone)
    poll.get_by_label(choice).check()
    phone.locator("form", has=poll).get_by_role("button", name="Skicka").click()
    expect(phone.locator("#feedback")).to_contain_text("Tack! Ditt svar är skickat.")


def test_a_facilitator_opens_a_poll_two_phones_vote_and_the_projector_shows_both(
    browser, asgi_server, page, facilitator, meeting
):
    login(page, asgi_server, facilitator)
    page.goto(f"/verkstad/moten/{meeting.pk}/konsol/")
    expect(page.locator("#connection")).to_have_text("Ansluten")
    assert_accessible(page)

    projector_context = _context(browser, asgi_server, viewport={"width": 1920, "height": 1080})
    phones = [_context(browser, asgi_server, **PHONE) for _ in range(2)]
    try:
        projector = projector_context.new_page()
        projector.goto(f"/verkstad/skarm/{meeting.screen_token}/")
        expect(projector.locator("#connection")).to_have_text("Ansluten")
        expect(projector.locator(".join-code")).to_have_text(
            f"{meeting.join_code[:4]} {meeting.join_code[4:]}"
        )

        page.get_by_role("button", name="Starta mötet").click()
        page.get_by_role("button", name=f"Öppna {QUESTION}").click()
        expect(page.get_by_role("button", name=f"Stäng {QUESTION}")).to_be_visible()
        expect(projector.locator("#poll-question")).to_have_text(QUESTION)
        assert_accessible(projector)

        anna, bo = phones[0].new_page(), phones[1].new_page()
        _join_and_vote(anna, meeting.join_code, "Anna", "Boende", check_accessibility=True)
        _join_and_vote(bo, meeting.join_code, "Bo", "Hälsa", check_accessibility=False)

        expect(projector.locator("#poll-total")).to_have_text("2")
        bars = projector.locator("#poll-results li")
        expect(bars.filter(has_text="Boende").locator(".bar-n")).to_have_text("1")
        expect(bars.filter(has_text="Hälsa").locator(".bar-n")).to_have_text("1")
        expect(bars.filter(has_text="Transporter").locator(".bar-n")).to_have_text("0")
        expect(page.locator("#poll-total")).to_have_text("2")
        assert_accessible(page)
        assert_accessible(projector)
    finally:
        for context in (projector_context, *phones):
            context.close()

    stored = sorted(Response.objects.filter(poll__question=QUESTION).values_list("value", flat=True))
    assert stored == ["Boende", "Hälsa"]
