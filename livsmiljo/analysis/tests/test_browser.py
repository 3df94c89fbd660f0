"""Issue 3, item 9: in a real browser, correct a passage's tags and see the document profile change."""

import pytest
from playwright.sync_api import expect

from livsmiljo.analysis.models import TagCorrection
from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.factories import CONFLICT, HEALTH, TRANSPORT, make_document
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
    page.get_by_label("Kommentar (frivilligt)").fill("Handlar om resor till kulturevenemang")
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


@pytest.mark.parametrize("width", [390, 1280])
def test_too_many_themes_shows_the_error_in_the_form_and_saves_nothing(
    page, asgi_server, owner, region, width
):
    """Issue 10, item 1: a 422 must swap in the form with its error, not leave an old success message."""
    page.set_viewport_size({"width": width, "height": 900})
    document = make_document(region, TRANSPORT, HEALTH, title="Trafikstrategi för Östergötland")
    document_tag(document=document)
    passage = document.passages.order_by("ordinal")[0]
    login(page, asgi_server, owner)
    page.goto(f"{asgi_server}/analys/stycke/{passage.pk}/")
    themes = page.get_by_role("group", name="Teman (ett till tre)")
    saved = page.get_by_role("status").filter(has_text="Rättelsen är sparad")

    for box in themes.get_by_role("checkbox").all():
        box.uncheck()
    themes.get_by_label("Kultur och fritid").check()
    page.get_by_role("button", name="Spara rättelsen").click()
    expect(saved).to_be_visible()
    for box in themes.get_by_role("checkbox").all()[:7]:
        box.check()
    page.get_by_role("button", name="Spara rättelsen").click()

    expect(page.get_by_role("alert")).to_contain_text("Välj högst tre teman.")
    expect(saved).to_have_count(0)
    expect(themes.get_by_role("checkbox").and_(page.locator(":checked"))).to_have_count(7)
    assert TagCorrection.objects.filter(passage=passage).count() == 1
    assert_accessible(page)

    for box in themes.get_by_role("checkbox").all()[2:]:
        box.uncheck()
    page.get_by_role("button", name="Spara rättelsen").click()
    expect(saved).to_be_visible()
    expect(page.get_by_role("alert")).to_have_count(0)
    assert TagCorrection.objects.filter(passage=passage).count() == 2
    assert len(TagCorrection.objects.filter(passage=passage).latest("created_at").themes) == 2


def test_an_organisation_profile_fits_a_phone(page, asgi_server, owner, region):
    """Issue 10, item 4: at 390 px the strongest passages were off-screen, beside rows of empty grey."""
    for title in (
        "Regional utvecklingsstrategi för Östergötland 2030",
        "Trafikstrategi och kollektivtrafikplan",
    ):
        document_tag(document=make_document(region, TRANSPORT, HEALTH, CONFLICT, TRANSPORT, title=title))
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, asgi_server, owner)
    page.goto(f"{asgi_server}/analys/organisation/{region.slug}/")

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    strongest = page.locator("table.coverage td.strongest").first
    expect(strongest).to_contain_text("varför?")
    box = strongest.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    row = page.get_by_role("row").filter(has=page.locator("td.strongest")).first.bounding_box()
    assert row is not None and row["height"] < 400
    percent = page.locator("table.coverage td.share").first
    assert "\u00a0%" in percent.inner_text()
    tables = (
        "[...document.querySelectorAll('.table-scroll')].filter(e => e.scrollWidth > e.clientWidth).length"
    )
    assert page.evaluate(tables) == 0
    assert_accessible(page)
