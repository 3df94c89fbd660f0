"""The Verkstad forms look like the rest of the site and the new-meeting form can be sent as it opens."""

import re

import pytest
from django.urls import reverse

from livsmiljo.workshops.models import Meeting
from livsmiljo.workshops.services import project_get_or_create
from livsmiljo.workshops.tests.factories import seed_meeting

pytestmark = pytest.mark.django_db

LABEL_WITH_COLON = re.compile(r"<label[^>]*>[^<]*:\s*</label>")


@pytest.fixture
def project(facilitator):
    project_get_or_create(title="Äldre lärprojekt", user=facilitator)
    return project_get_or_create(title="Lärprojektet", user=facilitator)


def test_the_new_meeting_form_preselects_the_latest_project(facilitator_client, project):
    html = facilitator_client.get(reverse("workshops:create")).content.decode()
    assert re.search(rf'<option value="{project.pk}" selected>', html)


def test_a_new_meeting_is_created_without_touching_the_project_choice(facilitator_client, project):
    html = facilitator_client.get(reverse("workshops:create")).content.decode()
    selected = re.search(r'<option value="(\d*)" selected>', html)
    assert selected is not None
    response = facilitator_client.post(
        reverse("workshops:create"),
        {"title": "Workshop 2", "project": selected.group(1), "new_project": "", "template": "seed"},
    )
    meeting = Meeting.objects.get(title="Workshop 2")
    assert response.status_code == 302
    assert meeting.project == project


def test_without_any_project_the_form_asks_for_a_new_one(facilitator_client):
    html = facilitator_client.get(reverse("workshops:create")).content.decode()
    assert '<option value="" selected>' in html


@pytest.mark.parametrize("url_name", ["workshops:create", "workshops:edit", "workshops:console"])
def test_the_verkstad_forms_use_the_site_field_layout_without_colons(
    facilitator_client, facilitator, url_name
):
    meeting = seed_meeting(facilitator)
    args = [] if url_name == "workshops:create" else [meeting.pk]
    html = facilitator_client.get(reverse(url_name, args=args)).content.decode()
    assert 'class="field' in html
    assert "as_field_group" not in html and not LABEL_WITH_COLON.search(html)
    assert 'class="form-actions"' in html


def test_the_join_form_on_the_phone_uses_the_site_field_layout(client):
    html = client.get(reverse("workshops:join")).content.decode()
    assert html.count('<div class="field">') == 3
    assert '<p class="hint" id="id_code_helptext">' in html
    assert not LABEL_WITH_COLON.search(html)
