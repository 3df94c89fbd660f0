"""In the browser: a member makes a matrix by hand and scores it alone with the keyboard on a phone, comes
back to find the scores kept; the facilitator agrees a cell on a desktop. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from livsmiljo.documents.models import Document, Passage
from livsmiljo.matrix.models import Agreement, Matrix, Score
from livsmiljo.tests.browser import assert_accessible, collect_csp_violations, login
from livsmiljo.workshops.services.meetings import project_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _context(browser, server, viewport):
    context = browser.new_context(locale="sv-SE", base_url=str(server), viewport=viewport)
    context.set_default_timeout(15_000)
    return context


def test_a_member_scores_alone_on_a_phone_and_the_facilitator_agrees(
    browser, asgi_server, owner, member, facilitator, region
):
    project_create(title="Hållbara livsmiljöer", user=facilitator, organisations=[region])
    phone = _context(browser, asgi_server, PHONE)
    csp = collect_csp_violations(phone)
    page = phone.new_page()
    login(page, asgi_server, owner)

    page.goto("/matris/")
    expect(page.get_by_role("heading", name="Vad är en målkonfliktsmatris?")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ny matris").click()
    assert_accessible(page)
    # only the chosen source's panel shows
    expect(page.get_by_label("Strategi i biblioteket", exact=True)).to_be_hidden()
    page.get_by_label("Titel", exact=True).fill("Länets mål")
    page.get_by_label("Målen, ett per rad").fill("Bostäder: fler bostäder\nPendling\nGrönområden")
    page.get_by_role("button", name="Skapa matrisen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Länets mål")
    assert_accessible(page)
    matrix = Matrix.objects.get()
    a, b, c = matrix.goals.values_list("pk", flat=True)

    page.get_by_role("link", name="Bedöm på egen hand").click()
    expect(page.locator("#matrix-progress")).to_have_text("0 av 6 par bedömda")
    assert_accessible(page)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], "the grid must not scroll sideways on a phone"

    first = page.get_by_label("Bostäder → Pendling", exact=True)
    first.focus()
    page.keyboard.press("ArrowDown")  # from "Ej bedömd" to +3
    page.keyboard.press("ArrowDown")  # +2
    expect(page.locator("#matrix-progress")).to_have_text("1 av 6 par bedömda")
    page.keyboard.press("Tab")  # to "Motivering"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("Fler bostäder nära stationen")
    page.keyboard.press("Tab")  # leaving the reason saves it
    expect(page.locator(f"#v_{a}_{b}").locator("xpath=..").locator(".matrix-pair-status")).to_have_text(
        re.compile("Sparat")
    )
    second = page.get_by_label("Bostäder → Grönområden", exact=True)
    second.focus()
    for _step in range(6):  # down to −2 Motverkande
        page.keyboard.press("ArrowDown")
    expect(page.locator("#matrix-progress")).to_have_text("2 av 6 par bedömda")
    expect(page.get_by_text("Sparat: −2 Motverkande")).to_be_visible()

    page.reload()
    expect(page.locator("#matrix-progress")).to_have_text("2 av 6 par bedömda")
    expect(page.get_by_label("Bostäder → Pendling", exact=True)).to_have_value("2")
    expect(page.get_by_label("Bostäder → Grönområden", exact=True)).to_have_value("-2")
    expect(page.locator(f"#r_{a}_{b}")).to_have_value("Fler bostäder nära stationen")
    assert set(Score.objects.values_list("source_id", "target_id", "value")) == {(a, b, 2), (a, c, -2)}
    page.goto(f"/matris/{matrix.pk}/")
    expect(page.get_by_text("1 av 6 par har minst en bedömning", exact=False)).to_be_hidden()
    expect(page.get_by_text("2 av 6 par har minst en bedömning.")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert csp == []
    phone.close()

    desk = _context(browser, asgi_server, DESKTOP)
    page = desk.new_page()
    login(page, asgi_server, facilitator)
    page.goto(f"/matris/{matrix.pk}/")
    assert_accessible(page)
    table = page.get_by_role("region", name=re.compile("om det går framåt"))
    expect(table).to_be_visible()
    page.get_by_role("link", name=re.compile("Bostäder → Pendling")).click()
    expect(page.get_by_text("Fler bostäder nära stationen")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Överenskommen bedömning").select_option("1")
    page.get_by_label("Kommentar (frivilligt)").fill("Bara om tågen går")
    page.get_by_role("button", name="Spara överenskommet värde").click()
    expect(page.get_by_text("Överenskommet: Bostäder → Pendling, +1 Möjliggörande.")).to_be_visible()
    assert_accessible(page)
    agreement = Agreement.objects.get()
    assert (agreement.source_id, agreement.target_id, agreement.value) == (a, b, 1)
    _create_from_a_strategy(page, region, owner)
    page.goto(f"/matris/{matrix.pk}/mal/")
    expect(page.get_by_role("heading", name="Ändra målen")).to_be_visible()
    assert_accessible(page)
    page.goto("/matris/importera/")
    assert_accessible(page)
    desk.close()


def _create_from_a_strategy(page, region, owner):
    """The facilitator picks a strategy, ticks three of its goal candidates and shortens one name."""
    document = Document.objects.create(
        organisation=region,
        title="RUS Östergötland",
        file_name="r.txt",
        file_format="txt",
        content_hash="5" * 64,
    )
    for k, heading in enumerate(
        [
            "Mål 1: Attraktiva livsmiljöer",
            "Mål 2: Ett hållbart näringsliv",
            "Mål 3: God tillgänglighet i hela länet",
            "Mål 4: Kompetens",
        ],
        start=1,
    ):
        Passage.objects.create(
            document=document, page=k + 2, ordinal=k, heading=heading, text="Text.", word_count=1
        )
    page.goto("/matris/ny/")
    page.get_by_label("Titel", exact=True).fill("Ur strategin")
    page.get_by_label("Ur en strategi i biblioteket").check()
    page.get_by_label("Strategi i biblioteket", exact=True).select_option(label="RUS Östergötland")
    expect(page.get_by_text("Förslag på mål ur ”RUS Östergötland”")).to_be_visible()
    expect(page.get_by_text("(s. 5)")).to_be_visible()
    assert_accessible(page)
    for name in ("Attraktiva livsmiljöer", "Ett hållbart näringsliv", "God tillgänglighet i hela länet"):
        page.get_by_role("checkbox", name=re.compile(name)).check()
    page.get_by_label("Kort namn: God tillgänglighet i hela länet").fill("Tillgänglighet")
    page.get_by_role("button", name="Skapa matrisen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ur strategin")
    matrix = Matrix.objects.get(title="Ur strategin")
    assert list(matrix.goals.values_list("name", "passage__page")) == [
        ("Attraktiva livsmiljöer", 3),
        ("Ett hållbart näringsliv", 4),
        ("Tillgänglighet", 5),
    ]
    assert matrix.source_document == document
