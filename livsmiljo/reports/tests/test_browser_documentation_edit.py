"""Issue 12, item 1, in Chromium: the documentation page under the site's CSP shows its charts, reads on a
phone, and a facilitator's edit is saved in place (HTMX) and marked."""

import pytest
from playwright.sync_api import expect

from livsmiljo.reports.services import documentation_generate
from livsmiljo.tests.browser import assert_accessible, collect_csp_violations, login
from livsmiljo.workshops import services
from livsmiljo.workshops.tests.factories import join, seed_meeting

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 900}


def test_a_facilitator_edits_the_summary_in_place_on_a_phone(page, asgi_server, facilitator, region):
    meeting = seed_meeting(facilitator, organisations=[region])
    anna = join(meeting, "Anna", region)
    cloud = meeting.polls.get(kind="ordmoln")
    services.poll_open(poll=cloud, user=facilitator)
    services.response_submit(poll=cloud, participant=anna, value="kollektivtrafik")
    services.meeting_end(meeting=meeting, user=facilitator)
    documentation_generate(meeting=meeting, user=facilitator)
    violations = collect_csp_violations(page.context)
    page.set_viewport_size(PHONE)
    login(page, asgi_server, facilitator)
    page.goto(f"{asgi_server}/verkstad/moten/{meeting.pk}/dokumentation/")

    chart = page.get_by_role("img", name="Ordmoln över svaren", exact=False)
    expect(chart).to_be_visible()
    assert page.evaluate("document.querySelector('.report-figure img').naturalWidth") > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_accessible(page)

    page.get_by_text("Sammanfattning", exact=True).last.click()  # the fold in "Redigera dokumentationen"
    field = page.locator("#doc-text-sammanfattning")
    field.fill("Vi enades om kollektivtrafiken som första område.")
    field.locator("xpath=ancestor::form").get_by_role("button", name="Spara").click()
    expect(page.get_by_role("status")).to_have_text("Ändringen är sparad.")
    summary = page.locator("article.report p", has_text="Vi enades om kollektivtrafiken")
    expect(summary).to_be_visible()
    expect(page.locator("article.report").get_by_text("Redigerad av processledaren")).to_have_count(1)
    assert_accessible(page)
    assert not violations
