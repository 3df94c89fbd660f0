"""Issue 10, the page walk: the Verkstad list and the join form fit a phone."""

import pytest
from playwright.sync_api import expect

from livsmiljo.tests.browser import assert_accessible, login
from livsmiljo.workshops.tests.factories import seed_meeting

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 900}


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_meeting_list_reads_as_one_block_per_meeting_on_a_phone(page, asgi_server, facilitator, region):
    meeting = seed_meeting(facilitator, organisations=[region])
    page.set_viewport_size(PHONE)
    login(page, asgi_server, facilitator)
    page.goto(f"{asgi_server}/verkstad/")
    expect(page.locator("main table td").first).to_have_text(meeting.title)
    assert _page_width(page) <= PHONE["width"]
    assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_join_form_has_the_site_layout_on_a_phone_and_a_desktop(page, asgi_server, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{asgi_server}/verkstad/delta/")
    expect(page.locator("main .field")).to_have_count(3)
    expect(page.get_by_label("Kod")).to_have_accessible_description("De åtta siffrorna som visas på skärmen.")
    expect(page.get_by_role("button", name="Gå med")).to_have_class("big primary")  # the one thing to do here
    assert _page_width(page) <= width
    assert_accessible(page)
