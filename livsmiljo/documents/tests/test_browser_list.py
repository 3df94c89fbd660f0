"""Issue 10, item 4: the library table is readable on a phone (each document a labelled block, nothing cut
off at the Typ column, no sideways scrolling) and stays a table on a desktop; axe clean at both widths."""

from collections import Counter

import pytest
from playwright.sync_api import expect

from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.factories import paragraph
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def _add_document(organisation, user, name: str) -> None:
    data = paragraph(80, f"{name} handlar om kollektivtrafik och bostäder på landsbygden. ").encode()
    run = ingestion_run_create(
        files=[(name, data)], organisation=organisation, user=user, kind="plan", shared=True, year=2024
    )
    ingestion_run_process(run_id=run.pk)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_library_table_can_be_read_on_a_phone_and_a_desktop(page, asgi_server, region, owner, width):
    _add_document(region, owner, "regional-utvecklingsstrategi-for-hallbara-livsmiljoer-2024.txt")
    _add_document(region, owner, "trafikplan.txt")
    page.set_viewport_size({"width": width, "height": 900})
    login(page, asgi_server, owner)
    page.goto("/bibliotek/")
    kind = page.locator("main table tbody tr").first.locator("td").nth(2)
    expect(kind).to_be_visible()
    box = kind.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    header_shown = page.locator("main table thead").bounding_box()
    assert (header_shown is not None and header_shown["height"] > 5) == (width > 640)
    assert_accessible(page)


def test_the_library_table_keeps_its_cells_and_column_labels_for_a_screen_reader_on_a_phone(
    page, asgi_server, region, owner
):
    _add_document(region, owner, "trafikplan.txt")
    page.set_viewport_size({"width": 390, "height": 900})
    login(page, asgi_server, owner)
    page.goto("/bibliotek/")
    table = page.get_by_role("table", name="Dokument i kunskapsbanken")
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    roles = Counter(node.get("role", {}).get("value", "") for node in nodes)  # Chromium's own tree
    assert (roles["table"], roles["row"], roles["columnheader"], roles["cell"]) == (1, 2, 6, 6)
    # Explicit roles: WebKit (Safari, VoiceOver) drops a table's semantics once its cells are blocks.
    expect(
        table.locator("td:not([role=cell]), th:not([role=columnheader]), tr:not([role=row])")
    ).to_have_count(0)
    kind = table.get_by_role("cell").nth(2)
    assert kind.evaluate("c => getComputedStyle(c, '::before').content") == '"Typ: "'
    assert_accessible(page)
