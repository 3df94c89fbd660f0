"""The search page in Chromium: type, get results without a reload, read why, open the cited page."""

from collections.abc import Iterator

import pytest
from django.db import connection

from livsmiljo.search.tests.test_services import HEALTH, TRAFFIC
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser


@pytest.fixture
def clean_keyword_index(asgi_server) -> Iterator[None]:
    """The keyword index's tables (SQLite's FTS table, PostgreSQL's postings and vectors) are not Django
    models, so a transactional test's flush would leave their rows behind."""
    yield
    from livsmiljo.search.backends.postgres import TABLES

    with connection.cursor() as cursor:
        for table in ("search_fts",) if connection.vendor == "sqlite" else TABLES:
            cursor.execute(f"DELETE FROM {table}")


def test_a_user_searches_reads_why_and_opens_the_cited_page(
    page, asgi_server, clean_keyword_index, make_document, region, owner
):
    document = make_document(region, [(1, "Hälsa", HEALTH), (2, "Resor", TRAFFIC)], title="Länsplanen")
    login(page, asgi_server, owner)
    page.goto(asgi_server + "/sok/")
    page.get_by_label("Sök i kunskapsbanken").fill("kollektivtrafik")
    page.get_by_role("button", name="Sök", exact=True).click()
    page.wait_for_url("**/sok/?q=kollektivtrafik*")
    hit = page.locator(".hit").first
    assert hit.locator("mark").first.inner_text() == "Kollektivtrafiken"
    assert "sida 2" in hit.locator(".meta").inner_text()
    hit.get_by_text("Varför träff?").click()
    assert "kollektivtrafiken" in hit.locator(".why").inner_text()
    assert_accessible(page)
    passage = document.passages.get(page=2)
    hit.get_by_role("link", name="Länsplanen").click()
    page.wait_for_url(f"**/bibliotek/dokument/{document.pk}/?sida=2#stycke-{passage.pk}")


def test_an_english_query_shows_the_swedish_words_it_also_searched_for(
    page, asgi_server, clean_keyword_index, make_document, region, owner
):
    from playwright.sync_api import expect

    make_document(region, [(1, "Hälsa", HEALTH), (2, "Resor", TRAFFIC)], title="Länsplanen")
    login(page, asgi_server, owner)
    page.goto(asgi_server + "/sok/")
    page.get_by_label("Sök i kunskapsbanken").fill("public transport in rural areas")
    page.get_by_role("button", name="Sök", exact=True).click()
    expect(page.get_by_text("Sökte även på: kollektivtrafik, landsbygd")).to_be_visible()
    assert "sida 2" in page.locator(".hit").first.locator(".meta").inner_text()
    assert_accessible(page)
