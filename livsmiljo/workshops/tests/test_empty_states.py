"""Issue 10, the page walk: an empty list says what will appear there and who puts it there."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_empty_meeting_list_tells_a_member_who_adds_meetings(owner_client):
    html = owner_client.get(reverse("workshops:list")).content.decode()
    assert "Inga möten ännu. När processledaren har lagt upp ett möte syns det här" in html


def test_an_empty_meeting_list_tells_a_facilitator_how_to_add_one(facilitator_client):
    html = facilitator_client.get(reverse("workshops:list")).content.decode()
    assert "Skapa det första med knappen ”Nytt möte”." in html
