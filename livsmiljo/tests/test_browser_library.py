"""Issue 2, item 10: in a real browser, upload several files, watch the progress reach done, search, and open
the cited page. The library, search and document pages pass axe (no serious or critical violations)."""

import re

import pytest
from playwright.sync_api import expect

from livsmiljo.demo.pdf import Line, wrap, write_pdf
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser

PROCESSING_TIMEOUT = 120_000  # ms: extraction, embedding and tagging run inside the upload request in tests


def _pdf() -> bytes:
    first = (
        "Kommunen i Björkdal har tagit fram en plan för hur skolorna ska samarbeta med näringslivet. "
        "Eleverna gör praktik hos lokala företag och lärarna får fortbildning i digitala verktyg."
    )
    second = (
        "Fjärrvärmenätet i Björkdal byggs ut till de norra bostadsområdena. Spillvärme från sågverket "
        "ska ersätta olja i pannorna, och kommunen räknar med att utsläppen minskar kraftigt till 2030."
    )
    pages = [
        [Line("Plan för Björkdal", 18, bold=True), Line("Skola och arbetsliv", 14, bold=True)]
        + [Line(text, 10.5) for text in wrap(first, 10.5)],
        [Line("Energi och uppvärmning", 14, bold=True)] + [Line(text, 10.5) for text in wrap(second, 10.5)],
    ]
    return write_pdf(pages, title="Plan för Björkdal")


def _files() -> list[dict]:
    markdown = (
        "# Anteckningar från dialogmötet\n\nDeltagarna diskuterade hur biblioteken kan bli mötesplatser för "
        "äldre och hur kulturskolan kan nå barn på landsbygden med turnerande lärare.\n"
    )
    text = (
        "Minnesanteckning om kollektivtrafik\n\nBussarna mellan byarna går för sällan på kvällarna, "
        "vilket gör det svårt för unga att delta i föreningslivet efter skolan.\n"
    )
    return [
        {"name": "plan-bjorkdal.pdf", "mimeType": "application/pdf", "buffer": _pdf()},
        {"name": "dialogmote.md", "mimeType": "text/markdown", "buffer": markdown.encode()},
        {"name": "kollektivtrafik.txt", "mimeType": "text/plain", "buffer": text.encode()},
    ]


def test_a_member_uploads_files_searches_and_opens_the_cited_page(page, asgi_server, owner):
    login(page, asgi_server, owner)

    page.goto(asgi_server + "/bibliotek/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto(asgi_server + "/bibliotek/ladda-upp/")
    assert_accessible(page)
    page.get_by_label("Filer").set_input_files(_files())
    page.get_by_label("År").fill("2024")
    page.get_by_role("button", name="Ladda upp").click(timeout=PROCESSING_TIMEOUT)

    page.wait_for_url(re.compile(r"/bibliotek/uppladdning/\d+/"), timeout=PROCESSING_TIMEOUT)
    progress = page.locator("#run-bar")
    expect(progress).to_have_attribute("value", "100", timeout=PROCESSING_TIMEOUT)
    expect(page.get_by_role("heading", name="Klart")).to_be_visible()
    rows = page.locator("#run-progress tbody tr")
    expect(rows).to_have_count(3)
    for name in ("plan-bjorkdal.pdf", "dialogmote.md", "kollektivtrafik.txt"):
        expect(rows.filter(has_text=name).locator(".badge")).to_have_text("Klar")
    assert_accessible(page)

    page.goto(asgi_server + "/sok/")
    page.get_by_role("searchbox").fill("spillvärme från sågverket")
    page.get_by_role("button", name="Sök", exact=True).last.click()
    first_hit = page.locator("ol.hits li.hit").first
    expect(first_hit).to_contain_text("Plan för Björkdal")
    expect(first_hit).to_contain_text("sida 2")
    assert_accessible(page)

    first_hit.get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/bibliotek/dokument/\d+/\?sida=2#stycke-\d+"))
    expect(page.locator("#sida-2")).to_be_visible()
    expect(page.locator("#sida-2")).to_contain_text("Spillvärme från sågverket")
    assert_accessible(page)
