"""Editing a meeting's plan in a real browser (issue 10, item 2), on a phone and a desktop: an agenda item's
description in place, a question edited and deleted, and the question form's "Programpunkt" list following
the agenda without a reload. axe stays clean with the forms open."""

import re

import pytest
from playwright.sync_api import Page, expect

from livsmiljo.tests.browser import assert_accessible, login
from livsmiljo.workshops import services
from livsmiljo.workshops.models import AgendaBlock, Meeting, Poll

pytestmark = pytest.mark.browser


@pytest.fixture
def meeting(facilitator) -> Meeting:
    project = services.project_create(title="Hållbara livsmiljöer", user=facilitator)
    meeting = services.meeting_create(project=project, title="Träff 3", user=facilitator, template="tom")
    block = services.block_add(
        meeting=meeting, user=facilitator, kind="paus", title="Fika", duration_minutes=15
    )
    services.poll_create(
        meeting=meeting,
        user=facilitator,
        kind="flerval",
        question="Vad tar ni med er?",
        options=["A", "B"],
        block=block,
    )
    return meeting


def _poll_blocks(page: Page) -> list[str]:
    return page.locator("#id_poll_block option").all_inner_texts()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_facilitator_edits_the_plan_in_place_on_a_phone_and_a_desktop(
    page, asgi_server, facilitator, meeting, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, asgi_server, facilitator)
    page.goto(f"/verkstad/moten/{meeting.pk}/")
    block = meeting.blocks.get()

    # An agenda item's description, kind and length, edited in place.
    page.get_by_role("link", name="Ändra Fika").click()
    form = page.locator("form.block-edit")
    expect(form.get_by_label("Beskrivning")).to_be_visible()
    assert_accessible(page)
    form.get_by_label("Typ").select_option("reflektion")
    form.get_by_label("Beskrivning").fill("Samtal två och två om hemuppgiften.")
    form.get_by_role("button", name="Spara ändringarna").click()
    expect(page.locator("#agenda .agenda-description")).to_have_text("Samtal två och två om hemuppgiften.")
    expect(page.locator("form.block-edit")).to_have_count(0)
    block.refresh_from_db()
    assert (block.kind, block.description) == ("reflektion", "Samtal två och två om hemuppgiften.")

    # The question form's list follows the agenda: added, renamed, deleted.
    page.locator("#id_block_kind").select_option("gruppdialog")
    page.locator("#id_block_title").fill("Gruppsamtal")
    page.locator("#agenda form.form").get_by_role("button", name="Lägg till").click()
    expect(page.locator("#id_poll_block option", has_text="Gruppsamtal")).to_have_count(1)
    added = AgendaBlock.objects.get(title="Gruppsamtal")
    row = page.locator("#agenda .agenda-item").nth(1)
    row.get_by_label("Rubrik").fill("Samtal i grupp")
    row.get_by_role("button", name="Spara Gruppsamtal").click()
    expect(page.locator("#id_poll_block option", has_text="Samtal i grupp")).to_have_count(1)
    assert "Gruppsamtal" not in _poll_blocks(page)
    page.get_by_role("button", name="Ta bort Samtal i grupp").click()
    expect(page.locator("#id_poll_block option", has_text="Samtal i grupp")).to_have_count(0)
    assert not AgendaBlock.objects.filter(pk=added.pk).exists()

    # A question edited in place, then deleted after the confirmation.
    poll = meeting.polls.get()
    page.get_by_role("link", name="Ändra Vad tar ni med er?").click()
    edit = page.locator("form.poll-edit")
    expect(edit.get_by_label("Fråga", exact=True)).to_have_value("Vad tar ni med er?")
    assert_accessible(page)
    edit.get_by_label("Fråga", exact=True).fill("Vad tar ni med er hem?")
    edit.get_by_label("Svarsalternativ, ett per rad").fill("Idéer\nKontakter\nFrågor")
    edit.get_by_role("button", name="Spara ändringarna").click()
    expect(page.locator("#poll-list")).to_contain_text("Frågan är sparad.")
    poll.refresh_from_db()
    assert (poll.question, poll.options) == ("Vad tar ni med er hem?", ["Idéer", "Kontakter", "Frågor"])
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)

    page.get_by_role("button", name="Ta bort Vad tar ni med er hem?").click()
    expect(page.locator("#poll-list")).to_contain_text("Inga frågor ännu.")
    assert not Poll.objects.filter(pk=poll.pk).exists()
    assert_accessible(page)


def test_a_phone_shows_the_open_question_as_edited_without_a_reload(
    browser, asgi_server, page, facilitator, meeting
):
    """Editing the open question's text and options redraws it on a phone that already shows it."""
    services.meeting_start(meeting=meeting, user=facilitator)
    poll = Poll.objects.get(meeting=meeting)
    services.poll_open(poll=poll, user=facilitator)
    phone_context = browser.new_context(
        locale="sv-SE", base_url=asgi_server, viewport={"width": 390, "height": 844}, is_mobile=True
    )
    try:
        phone = phone_context.new_page()
        phone.goto("/verkstad/delta/")
        phone.get_by_label("Kod").fill(meeting.join_code)
        phone.get_by_role("button", name="Gå med").click()
        expect(phone.get_by_role("group", name="Vad tar ni med er?")).to_be_visible()

        login(page, asgi_server, facilitator)
        page.goto(f"/verkstad/moten/{meeting.pk}/fragor/{poll.pk}/?next=console")
        page.get_by_label("Fråga", exact=True).fill("Vad bjuder ni på?")
        page.get_by_label("Svarsalternativ, ett per rad").fill("Kaffe\nTe\nFrukt")
        page.get_by_role("button", name="Spara ändringarna").click()

        expect(page).to_have_url(re.compile(rf"/verkstad/moten/{meeting.pk}/konsol/$"))  # the full page saved
        group = phone.get_by_role("group", name="Vad bjuder ni på?")
        expect(group).to_be_visible()
        expect(group.get_by_label("Frukt")).to_be_visible()
        assert_accessible(phone)
    finally:
        phone_context.close()
