"""Issue 13, item 5: the review of a draft in a real browser, on a phone and a desktop, axe clean."""

import pytest
from playwright.sync_api import expect

from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.factories import make_document
from livsmiljo.analysis.tests.test_review import DRAFT_TRAFFIC, DRAFT_VAGUE, PEER_DISABILITY_BUS, PEER_TRAFFIC
from livsmiljo.documents.models import DocumentKind
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_review_of_a_draft_fits_the_screen_and_is_accessible(
    page, asgi_server, owner, region, other_region, width
):
    draft = make_document(region, DRAFT_TRAFFIC, DRAFT_VAGUE, title="Utkast till trafikplan")
    draft.kind = DocumentKind.DRAFT
    draft.save(update_fields=["kind"])
    peer = make_document(other_region, PEER_TRAFFIC, PEER_DISABILITY_BUS, shared=True, title="Grannens RUS")
    for document in (draft, peer):
        document_tag(document=document)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, asgi_server, owner)
    page.goto(f"{asgi_server}/analys/")
    page.get_by_role("link", name="Granska ett utkast").click()
    page.get_by_role("link", name="Utkast till trafikplan").click()
    expect(page.get_by_role("heading", name="Granskning av utkast: Utkast till trafikplan")).to_be_visible()
    expect(page.get_by_role("heading", name="Personer med funktionsnedsättning")).to_be_visible()
    expect(page.get_by_role("link", name="Region Norrbotten: Grannens RUS, s.\u00a02").first).to_be_visible()
    page.get_by_text("Så här har vi bedömt").click()
    expect(page.get_by_text("”Vi” räknas inte som ägare.")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)
