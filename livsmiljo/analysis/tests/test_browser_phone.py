"""Issue 10, the page walk: analysis pages that were wider than a phone fit at 390 px and stay axe clean."""

import pytest
from playwright.sync_api import expect

from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.factories import CONFLICT, HEALTH, TRANSPORT, make_document
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 900}


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_passage_and_its_tags_fit_on_a_phone(page, asgi_server, owner, region):
    document = make_document(region, TRANSPORT, HEALTH, CONFLICT, title="Trafikstrategi för Östergötland")
    document_tag(document=document)
    page.set_viewport_size(PHONE)
    login(page, asgi_server, owner)
    for passage in document.passages.order_by("ordinal"):
        page.goto(f"{asgi_server}/analys/stycke/{passage.pk}/")
        expect(page.get_by_role("heading", name="Taggar", exact=True)).to_be_visible()
        assert _page_width(page) <= PHONE["width"], page.url
    assert_accessible(page)


def test_the_comparison_heatmaps_scroll_in_labelled_regions_on_a_phone(
    page, asgi_server, facilitator, region, other_region
):
    for organisation in (region, other_region):
        document_tag(document=make_document(organisation, TRANSPORT, HEALTH, shared=True))
    page.set_viewport_size(PHONE)
    login(page, asgi_server, facilitator)
    page.goto(f"{asgi_server}/analys/jamforelse/")
    expect(page.get_by_role("region", name="Organisationer × teman, andel stycken i procent")).to_be_visible()
    expect(page.get_by_role("region", name="Likhet mellan organisationer")).to_be_visible()
    choice = page.get_by_label("Dokumenttyp").bounding_box()
    button = page.get_by_role("button", name="Visa").bounding_box()
    assert choice is not None and button is not None
    assert choice["y"] < button["y"] + button["height"] / 2 < choice["y"] + choice["height"]  # side by side
    caption = page.get_by_text("Organisationer × teman, andel stycken i procent").bounding_box()
    assert (
        caption is not None and caption["x"] + caption["width"] <= PHONE["width"]
    )  # readable without scrolling
    assert _page_width(page) <= PHONE["width"]
    assert_accessible(page)
