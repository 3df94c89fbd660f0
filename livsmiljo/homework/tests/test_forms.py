"""The homework assignment form uses the site's field layout, like the other forms."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_assignment_form_uses_the_site_field_layout_without_colons(facilitator_client, meeting):
    html = facilitator_client.get(reverse("homework:assignment_new", args=[meeting.pk])).content.decode()
    assert html.count('class="field') >= 5
    assert not re.search(r"<(label|legend)[^>]*>[^<]*:\s*</(label|legend)>", html)
    assert "<legend>" in html  # the organisations are a group of checkboxes with a visible name
    assert 'class="form-actions"' in html
