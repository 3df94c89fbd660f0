"""Issue 10, the page walk: the projector fits a narrow screen, the phone's forms look like the site's other
forms and its status is not a heading, and stacked tables stay tables for a screen reader. Axe clean."""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from livsmiljo.tests.browser import assert_accessible, login
from livsmiljo.workshops import services
from livsmiljo.workshops.tests.factories import seed_meeting

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(facilitator):
    project = services.project_create(title="Hållbara livsmiljöer", user=facilitator)
    return services.meeting_create(project=project, title="Träff 3 i Umeå", user=facilitator)


def _accessibility_roles(page) -> Counter[str]:
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return Counter(node.get("role", {}).get("value", "") for node in nodes)


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_projector_fits_a_phone_width_screen(page, asgi_server, meeting):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{asgi_server}/verkstad/skarm/{meeting.screen_token}/")
    expect(page.get_by_role("heading", name="Delta på mobilen")).to_be_visible()
    assert _page_width(page) <= 390
    main, join = page.locator(".screen-main").bounding_box(), page.locator("#join-panel").bounding_box()
    assert main is not None and join is not None and join["y"] >= main["y"] + main["height"] - 1  # below
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 1920])
def test_the_projector_keeps_its_large_two_column_look_on_a_wide_screen(page, asgi_server, meeting, width):
    page.set_viewport_size({"width": width, "height": 1080})
    page.goto(f"{asgi_server}/verkstad/skarm/{meeting.screen_token}/")
    expect(page.get_by_role("heading", name="Delta på mobilen")).to_be_visible()
    main, join = page.locator(".screen-main").bounding_box(), page.locator("#join-panel").bounding_box()
    assert main is not None and join is not None
    assert join["x"] >= main["x"] + main["width"]  # beside the live view, not under it
    lines = (
        "p => { const r = document.createRange(); r.selectNodeContents(p); "
        "return r.getClientRects().length; }"
    )
    assert page.locator("#join-panel p").first.evaluate(lines) == 1  # the address stays on one line
    assert page.locator("body").evaluate("b => getComputedStyle(b).fontSize") == "26px"
    root = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    code = page.locator(".join-code").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert code == pytest.approx(2.6 * root)
    assert _page_width(page) <= width
    assert_accessible(page)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_phone_page_has_full_width_fields_spaced_primary_buttons_and_no_status_heading(
    page, asgi_server, meeting, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{asgi_server}/verkstad/delta/{meeting.join_code}/")
    page.get_by_role("button", name="Gå med").click()
    expect(page).to_have_url(re.compile(r"/verkstad/m/[^/]+/$"))
    expect(page.locator("#connection")).to_have_text("Ansluten")
    expect(page.get_by_text("Mötet har inte börjat än.")).to_be_visible()
    expect(page.get_by_role("heading", name="Mötet har inte börjat än.")).to_have_count(0)
    headings = page.locator("h1:visible, h2:visible").all_inner_texts()
    assert headings == ["Träff 3 i Umeå", "Fråga", "Tavlan", "Chatt"]
    for form, field, button in (
        ("#note-form", "Skriv en lapp", "Sätt upp lappen"),
        ("#chat-form", "Skriv i chatten", "Skicka"),
    ):
        form_box = page.locator(form).bounding_box()
        field_box = page.get_by_label(field).bounding_box()
        submit = page.get_by_role("button", name=button)
        expect(submit).to_have_class(re.compile(r"\bprimary\b"))
        button_box = submit.bounding_box()
        assert form_box is not None and field_box is not None and button_box is not None
        assert field_box["width"] >= form_box["width"] - 2 or field_box["width"] >= 36 * 16 - 2  # full width
        assert button_box["y"] >= field_box["y"] + field_box["height"] + 12  # air between field and button
    assert _page_width(page) <= width
    assert_accessible(page)


def test_the_meeting_list_stays_a_table_with_labelled_cells_on_a_phone(
    page, asgi_server, facilitator, region
):
    seed_meeting(facilitator, organisations=[region])
    page.set_viewport_size({"width": 390, "height": 900})
    login(page, asgi_server, facilitator)
    page.goto(f"{asgi_server}/verkstad/")
    table = page.get_by_role("table", name="Möten")
    expect(table).to_be_visible()
    roles = _accessibility_roles(page)  # Chromium's own tree, as a screen reader gets it
    assert (roles["table"], roles["row"], roles["columnheader"], roles["cell"]) == (1, 2, 6, 6)
    # Explicit roles: WebKit (Safari, VoiceOver) drops a table's semantics once its cells are blocks.
    expect(
        table.locator("td:not([role=cell]), th:not([role=columnheader]), tr:not([role=row])")
    ).to_have_count(0)
    status = table.get_by_role("cell").nth(3)
    assert status.evaluate("c => getComputedStyle(c, '::before').content") == '"Status: "'
    assert _page_width(page) <= 390
    assert_accessible(page)
