"""Issue 3, item 9: in a real browser, correct a passage's tags and see the document profile change."""

import pytest
from playwright.sync_api import expect

from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.factories import HEALTH, TRANSPORT, make_document
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_a_member_corrects_a_tag_and_sees_the_profile_change(page, asgi_server, owner, region):
    document = make_document(region, TRANSPORT, HEALTH, title="Trafikstrategi för Östergötland")
    document_tag(document=document)
    login(page, asgi_server, owner)

    page.goto(f"{asgi_server}/analys/dokument/{document.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Trafikstrategi för Östergötland")
    culture = page.get_by_role("row", name="Kultur och fritid")
    expect(culture).to_contain_text("0 %")
    assert_accessible(page)

    passage = document.passages.order_by("ordinal")[0]
    page.goto(f"{asgi_server}/analys/stycke/{passage.pk}/")
    assert_accessible(page)
    themes = page.get_by_role("group", name="Teman (ett till tre)")
    for box in themes.get_by_role("checkbox").all():
        box.uncheck()
    themes.get_by_label("Kultur och fritid").check()
    page.get_by_label("Kommentar (valfri)").fill("Handlar om resor till kulturevenemang")
    page.get_by_role("button", name="Spara rättelsen").click()
    expect(page.get_by_role("status").filter(has_text="Rättelsen är sparad")).to_be_visible()
    expect(page.get_by_text("bekräftad av en person")).to_be_visible()

    page.goto(f"{asgi_server}/analys/dokument/{document.pk}/")
    expect(page.get_by_role("row", name="Kultur och fritid")).to_contain_text("50 %")


def test_the_analysis_pages_pass_axe(page, asgi_server, facilitator, region, other_region):
    for organisation in (region, other_region):
        document_tag(document=make_document(organisation, TRANSPORT, HEALTH, shared=True))
    login(page, asgi_server, facilitator)
    for path in (
        "/analys/",
        "/analys/jamforelse/",
        "/analys/malkonflikter/",
        "/analys/ramverk/",
        f"/analys/organisation/{region.slug}/",
        f"/analys/organisation/{region.slug}/tema/halsa/",
        "/analys/ramverk/teman/halsa/",
    ):
        page.goto(asgi_server + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page)
