"""Issue 12, item 6, in Chromium: the exported website opened from disk (file://) reads on a phone and on a
desktop without axe violations, its stylesheet and images load, and the platform's preview shows the same
pages under the site's Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from livsmiljo.reports.site import export_site
from livsmiljo.reports.tests.site_world import build_world
from livsmiljo.tests.browser import assert_accessible, collect_csp_violations, login

pytestmark = pytest.mark.browser
SIZES = ({"width": 390, "height": 900}, {"width": 1280, "height": 900})


@pytest.fixture
def world(transactional_db, django_db_serialized_rollback, facilitator, member, region, other_region):
    return build_world(facilitator=facilitator, member=member, region=region, other=other_region)


def test_the_exported_site_opened_from_disk_is_accessible_on_a_phone_and_a_desktop(browser, world, tmp_path):
    written = export_site(world.project, tmp_path)
    pages = ["index.html", *(p for p in written if p.startswith(("mote-", "matris-")))]
    context = browser.new_context(locale="sv-SE")
    page = context.new_page()
    try:
        for size in SIZES:
            page.set_viewport_size(size)
            for name in pages:
                page.goto((tmp_path / name).as_uri())
                expect(page.locator("main h1")).to_be_visible()
                assert (
                    page.evaluate("getComputedStyle(document.querySelector('.site-head')).display") == "block"
                )
                assert page.evaluate("document.documentElement.scrollWidth") <= size["width"], name
                images = page.locator("main img")
                for i in range(images.count()):
                    assert images.nth(i).evaluate("img => img.complete && img.naturalWidth > 0"), name
                assert_accessible(page)
        page.goto((tmp_path / "index.html").as_uri())
        page.keyboard.press("Tab")
        expect(page.locator(".site-skip")).to_be_focused()
        page.get_by_role("link", name="Workshop 2 i Luleå").click()
        expect(page.get_by_role("heading", name="Program", level=2)).to_be_visible()
    finally:
        context.close()


def test_the_preview_in_the_platform_shows_the_pages_with_their_stylesheet_under_the_csp(
    page, asgi_server, world, facilitator
):
    violations = collect_csp_violations(page.context)
    login(page, asgi_server, facilitator)
    page.goto(f"{asgi_server}/rapporter/webbplats/{world.project.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name="Målen i vår strategi").first.click()
    expect(page.get_by_role("heading", name="Målkonfliktsmatris: Målen i vår strategi")).to_be_visible()
    page.wait_for_load_state("load")
    assert page.evaluate("getComputedStyle(document.querySelector('.site-head')).display") == "block"
    assert page.evaluate("getComputedStyle(document.querySelector('.site-head')).backgroundColor") != (
        "rgba(0, 0, 0, 0)"
    )
    assert page.evaluate("document.querySelector('main img').naturalWidth") > 0
    assert_accessible(page)
    assert violations == []
