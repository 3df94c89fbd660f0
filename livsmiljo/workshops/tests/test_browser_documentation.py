"""Issue 10, item 11: the meeting documentation prints as a clean document, and its "Skriv ut" button works
under the Content-Security-Policy (a static script, no inline handler)."""

import pytest
from playwright.sync_api import expect

from livsmiljo.tests.browser import assert_accessible, login
from livsmiljo.workshops import services
from livsmiljo.workshops.tests.factories import join, seed_meeting

pytestmark = pytest.mark.browser


def test_the_documentation_prints_without_navigation_and_its_button_opens_printing(
    page, asgi_server, facilitator, region
):
    meeting = seed_meeting(facilitator, organisations=[region])
    services.chat_post(meeting=meeting, participant=join(meeting, "Anna", region), text="Tack för i dag")
    login(page, asgi_server, facilitator)
    page.goto(f"/verkstad/moten/{meeting.pk}/dokumentation/")
    button = page.get_by_role("button", name="Skriv ut")
    expect(button).to_be_visible()
    assert_accessible(page)

    page.evaluate("() => { window.printed = 0; window.print = () => { window.printed += 1; }; }")
    button.click()
    assert page.evaluate("window.printed") == 1

    page.emulate_media(media="print")
    expect(page.locator(".site-header nav")).to_be_hidden()
    expect(button).to_be_hidden()
    expect(page.locator("li", has_text="Anna: Tack för i dag")).to_be_visible()  # the chat, not the summary
