"""Issue 10, the page walk: the themes page on its own has headings in order and says what will appear."""

import re

import pytest
from django.urls import reverse

from livsmiljo.workshops import services
from livsmiljo.workshops.tests.factories import join, seed_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(facilitator, region):
    return seed_meeting(facilitator, organisations=[region])


def test_the_themes_page_without_notes_says_where_the_themes_come_from(owner_client, meeting):
    html = owner_client.get(reverse("workshops:clusters", args=[meeting.pk])).content.decode()
    assert "Inga lappar att gruppera." in html
    assert "Lapparna som deltagarna sätter upp på tavlan under mötet grupperas här" in html


def test_each_theme_on_the_themes_page_is_a_heading_right_below_the_page_title(owner_client, meeting):
    anna = join(meeting, "Anna")
    services.note_create(participant=anna, text="Kollektivtrafik på landsbygden")
    page = owner_client.get(reverse("workshops:clusters", args=[meeting.pk])).content.decode()
    main = page.split("<main", 1)[1]
    assert re.findall(r"<h(\d)", main)[:2] == ["1", "2"]
    partial = owner_client.get(reverse("workshops:clusters", args=[meeting.pk]), HTTP_HX_REQUEST="true")
    assert "<h4>" in partial.content.decode()  # inside the documentation, below its h2 and h3
