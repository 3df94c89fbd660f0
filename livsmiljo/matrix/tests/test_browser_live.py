"""Scoring a matrix live in real browsers: two phones score pairs, the projector's heatmap and the console's
progress fill in, the facilitator agrees a cell and the analysis draws the network."""

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from livsmiljo.matrix import services as matrix_services
from livsmiljo.matrix import services_live
from livsmiljo.matrix.models import Agreement, Score
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.tests.browser import assert_accessible, login
from livsmiljo.workshops import services

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
GOALS = ["Bostäder", "Pendling", "Grönområden"]


@pytest.fixture
def live(facilitator):
    project = services.project_create(title="Hållbara livsmiljöer", user=facilitator)
    meeting = services.meeting_create(project=project, title="Träff 3", user=facilitator)
    matrix = matrix_services.create_matrix(
        project=project, title="RUS-målen", goals=[GoalSpec(n) for n in GOALS], user=facilitator
    )
    block = services_live.matrix_block_create(matrix=matrix, meeting=meeting, user=facilitator)
    services.meeting_start(meeting=meeting, user=facilitator)
    services.meeting_goto(meeting=meeting, user=facilitator, block=block)
    return meeting, matrix


def _context(browser: Any, base_url: str, **options: Any) -> Any:
    context = browser.new_context(locale="sv-SE", base_url=base_url, **options)
    context.set_default_timeout(15_000)
    return context


def _join(phone: Any, code: str, name: str) -> None:
    phone.goto("/verkstad/delta/")
    phone.get_by_label("Kod").fill(code)
    phone.get_by_label("Ditt namn (frivilligt)").fill(name)
    phone.get_by_role("button", name="Gå med").click()
    expect(phone).to_have_url(re.compile(r"/verkstad/m/[^/]+/$"))
    expect(phone.locator("#matrix-live")).to_be_visible()
    expect(phone.locator("#matrix-progress")).to_have_text("0 av 6 par")


def _score(phone: Any, label: str, reason: str, done: int) -> None:
    expect(phone.locator("#matrix-question")).to_contain_text("Om det går framåt för")
    phone.locator("#matrix-live label", has_text=label).click()
    phone.get_by_label("Motivering (frivilligt)").fill(reason)
    phone.locator("#matrix-form").get_by_role("button", name="Skicka").click()
    expect(phone.locator("#matrix-progress")).to_have_text(f"{done} av 6 par")


def test_two_phones_score_the_projector_shows_them_and_the_facilitator_agrees_a_cell(
    browser, asgi_server, page, facilitator, live
):
    meeting, matrix = live
    login(page, asgi_server, facilitator)
    page.goto(f"/verkstad/moten/{meeting.pk}/konsol/")
    expect(page.locator("#matrix-console")).to_be_visible()
    expect(page.locator("#matrix-console-progress")).to_have_text("0 av 6 par har minst en bedömning")

    projector_context = _context(browser, asgi_server, viewport={"width": 1280, "height": 800})
    phones = [_context(browser, asgi_server, **PHONE) for _ in range(2)]
    try:
        projector = projector_context.new_page()
        projector.goto(f"/verkstad/skarm/{meeting.screen_token}/")
        heatmap = projector.locator("#matrix-heatmap table")
        expect(heatmap.locator("thead th")).to_have_count(4)
        expect(heatmap.locator("td.mlive-missing")).to_have_count(6)

        anna, bo = phones[0].new_page(), phones[1].new_page()
        _join(anna, meeting.join_code, "Anna")
        assert_accessible(anna)
        _score(anna, "+2 Förstärkande", "Fler bostäder nära stationen", 1)
        _score(anna, "−1 Begränsande", "", 2)
        _join(bo, meeting.join_code, "Bo")
        _score(bo, "+3 Odelbart", "Hänger ihop", 1)

        pairs = set(Score.objects.filter(matrix=matrix).values_list("source_id", "target_id"))
        assert Score.objects.filter(matrix=matrix).count() == 3
        expect(heatmap.locator("td.mlive-cell")).to_have_count(len(pairs))
        expect(heatmap.locator("td.mlive-missing")).to_have_count(6 - len(pairs))
        expect(projector.locator("#matrix-heatmap-progress")).to_have_text(
            f"{len(pairs)} av 6 par har minst en bedömning"
        )
        expect(heatmap).not_to_contain_text("Fler bostäder")  # no reasons on the projector
        assert_accessible(projector)
        expect(page.locator("#matrix-console-progress")).to_have_text(
            f"{len(pairs)} av 6 par har minst en bedömning"
        )
    finally:
        for context in (projector_context, *phones):
            context.close()

    source, target = sorted(pairs)[0]
    page.goto(f"/matris/{matrix.pk}/par/{source}/{target}/")
    page.get_by_label("Överenskommen bedömning").select_option("2")
    page.get_by_role("button", name="Spara överenskommet värde").click()
    expect(page.locator(".messages")).to_contain_text("Överenskommet")
    assert Agreement.objects.get(source_id=source, target_id=target).value == 2

    page.goto(f"/matris/{matrix.pk}/analys/")
    expect(page.get_by_role("heading", name="Nätverket")).to_be_visible()
    network = page.locator(f"img[src='/matris/{matrix.pk}/diagram/natverk.svg']")
    expect(network).to_be_visible()
    assert page.request.get(f"/matris/{matrix.pk}/diagram/natverk.svg").ok
