"""The documents pages in a real browser: a phone-sized screen."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.factories import paragraph
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser

LONG_NAME = "regional_utvecklingsstrategi_for_ostergotland_2022-2040_slutversion_antagen.txt"


def test_the_run_page_shows_each_files_status_on_a_phone_without_sideways_scrolling(
    browser, asgi_server, region, owner
):
    run = ingestion_run_create(
        files=[
            (LONG_NAME, paragraph(80).encode()),
            ("tom.txt", b""),
            ("installationsprogram_for_kartverktyget.exe", b"MZ\x90\x00" * 30),
        ],
        organisation=region,
        user=owner,
        kind="rus",
    )
    ingestion_run_process(run_id=run.pk)
    context = browser.new_context(
        locale="sv-SE", base_url=str(asgi_server), viewport={"width": 390, "height": 844}, is_mobile=True
    )
    context.set_default_timeout(15_000)
    phone = context.new_page()
    try:
        login(phone, asgi_server, owner)
        phone.goto(reverse("documents:run", args=[run.pk]))
        rows = phone.locator("#run-progress tbody tr")
        expect(rows).to_have_count(3)
        expect(rows.nth(0)).to_contain_text("Klar")
        expect(rows.nth(1)).to_contain_text("Filen är tom")
        expect(rows.nth(2)).to_contain_text("Filtypen .exe stöds inte")
        phone.screenshot(path="/tmp/reext/run390.png", full_page=True)
        # Against the screen's 390 px: a mobile browser widens its layout viewport to fit wide content.
        overflow = phone.evaluate("document.documentElement.scrollWidth") - 390
        assert overflow <= 0, f"the page is {overflow} px wider than the screen"
        assert_accessible(phone)
    finally:
        context.close()
