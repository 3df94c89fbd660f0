"""/verkstad/nytt/ in a real browser, on a phone and a desktop: laid out like the site's other forms, no
horizontal scroll, axe clean, and a facilitator who only writes a title gets a meeting
in the latest project."""

import pytest
from playwright.sync_api import expect

from livsmiljo.tests.browser import assert_accessible, login
from livsmiljo.workshops.models import Meeting
from livsmiljo.workshops.services import project_get_or_create

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 1280])
def test_the_new_meeting_form_works_as_it_opens_on_a_phone_and_a_desktop(
    page, asgi_server, facilitator, width
):
    project = project_get_or_create(title="Lärprojektet", user=facilitator)
    page.set_viewport_size({"width": width, "height": 900})
    login(page, asgi_server, facilitator)
    page.goto("/verkstad/nytt/")
    expect(page.locator("#id_project")).to_have_value(str(project.pk))
    expect(page.locator("main .field")).to_have_count(7)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    button = page.locator("main form .form-actions button")
    checkbox = page.locator("#id_digital").bounding_box()
    assert checkbox is not None and (box := button.bounding_box()) is not None
    # The button sits on its own row, not by the checkbox.
    assert box["y"] > checkbox["y"] + checkbox["height"]
    assert_accessible(page)

    page.locator("#id_title").fill("Workshop 2")
    button.click()
    page.wait_for_url("**/verkstad/moten/*/")
    assert Meeting.objects.get(title="Workshop 2").project == project
