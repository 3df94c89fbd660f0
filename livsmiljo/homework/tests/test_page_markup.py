"""Issue 10, the page walk: a facilitator's "Ändra" and "Ta bort" for a task share a row in valid HTML;
an empty list says where homework comes from."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_edit_and_delete_actions_of_a_task_are_not_a_form_inside_a_paragraph(
    facilitator_client, assignments, meeting
):
    html = facilitator_client.get(reverse("homework:meeting", args=[meeting.pk])).content.decode()
    # A <form> ends an open <p>: the browser then shows the two actions apart, with an empty paragraph below.
    assert not re.search(r"<p[^>]*>(?:(?!</p>).)*<form", html, re.DOTALL)
    assert html.count('<div class="small item-actions">') == len(assignments)


def test_an_empty_homework_list_says_where_homework_comes_from(owner_client, facilitator_client):
    member = owner_client.get(reverse("homework:index")).content.decode()
    assert "Processledaren lägger upp hemuppgifterna inför varje möte" in member
    facilitator = facilitator_client.get(reverse("homework:index")).content.decode()
    assert "Lägg upp hemuppgifter från ett mötes sida i Verkstad." in facilitator
