"""The analysis page in a real browser, on a phone and a desktop: charts load, the page passes axe."""

import pytest
from playwright.sync_api import expect

from livsmiljo.matrix.tests.test_analysis_views import make_matrix
from livsmiljo.tests.browser import assert_accessible, collect_csp_violations, login
from livsmiljo.workshops.services.meetings import project_create

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_analysis_page_shows_its_charts_and_tables_and_passes_axe(
    page, asgi_server, owner, member, facilitator, region, width
):
    project = project_create(title="Lärprojektet", user=facilitator, organisations=[region])
    matrix = make_matrix(project, [owner, member])
    violations = collect_csp_violations(page.context)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, asgi_server, owner)

    page.goto(f"{asgi_server}/matris/{matrix.pk}/analys/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Analys av Handräknad")
    expect(page.get_by_role("row", name="Trafik", exact=False).first).to_be_visible()
    for kind in ("heatmap", "paverkan", "natverk"):
        image = page.locator(f'img[src$="/diagram/{kind}.svg"]')
        image.scroll_into_view_if_needed()
        expect(image).to_be_visible()
        expect(image).to_have_js_property("complete", True, timeout=30_000)
        expect(image).not_to_have_js_property("naturalWidth", 0)
    network_alt = page.locator('img[src$="/diagram/natverk.svg"]').get_attribute("alt") or ""
    assert "Trafik → Natur (−3)" in network_alt
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
    assert not violations, violations


def test_a_wide_matrix_scrolls_inside_its_region_and_never_widens_a_phone_page(
    page, asgi_server, owner, facilitator, region
):
    """Eight long goal names with preliminary values in every cell: the screen-reader text of the cells in
    the far columns must stay inside the scrolling table, not widen the page (a phone at 390 px)."""
    from livsmiljo.matrix import services
    from livsmiljo.matrix.services import GoalSpec

    project = project_create(title="Lärprojektet", user=facilitator, organisations=[region])
    names = [f"Ett långt mål nummer {n} om kollektivtrafik" for n in range(1, 9)]
    for title in ("Bred matris", "Andra matrisen"):
        matrix = services.create_matrix(
            project=project, title=title, goals=[GoalSpec(n) for n in names], user=owner
        )
    goals = list(matrix.goals.values_list("pk", flat=True))
    for source in goals:
        for target in goals:
            if source != target:
                services.record_score(matrix, source, target, 1, user=owner)
    page.set_viewport_size({"width": 390, "height": 900})
    login(page, asgi_server, owner)
    for path in ("/matris/", f"/matris/{matrix.pk}/", f"/matris/{matrix.pk}/analys/"):
        page.goto(f"{asgi_server}{path}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    assert_accessible(page)
