"""Issue 10, the page walk: the search form with its filters is no wider than a phone."""

import pytest
from playwright.sync_api import expect

from livsmiljo.organisations.models import Organisation
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser


def test_the_search_filters_fit_on_a_phone_even_with_a_long_organisation_name(page, asgi_server, owner):
    Organisation.objects.create(
        name="Länsstyrelsen i Västra Götalands län, enheten för samhällsplanering", slug="lst-vg"
    )
    page.set_viewport_size({"width": 390, "height": 900})
    login(page, asgi_server, owner)
    page.goto(asgi_server + "/sok/")
    filters = page.get_by_role("group", name="Avgränsa")
    expect(filters).to_be_visible()
    box = filters.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)
