"""The organisation's report page in a real browser, on a phone and a desktop: the chart loads, the page
fits the screen and passes axe."""

import pytest
from playwright.sync_api import expect

from livsmiljo.reports.tests.test_downloads import tagged_document
from livsmiljo.tests.browser import assert_accessible, collect_csp_violations, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_organisation_report_page_reads_well_at_both_widths(page, asgi_server, region, owner, width):
    tagged_document(region)
    violations = collect_csp_violations(page.context)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, asgi_server, owner)
    page.goto(f"{asgi_server}/rapporter/organisation/{region.slug}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    image = page.locator("main img").first
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    expect(image).not_to_have_js_property("naturalWidth", 0)
    expect(page.get_by_role("link", name="PDF", exact=False).first).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    assert not violations, violations
