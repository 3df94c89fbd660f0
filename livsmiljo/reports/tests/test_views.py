"""Issue 12, item 1: the documentation page is the meeting's report; facilitators edit and regenerate it,
members read it, outsiders find nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.reports.models import DocumentationEdit, MeetingDocumentation
from livsmiljo.reports.services import documentation_generate
from livsmiljo.workshops import services
from livsmiljo.workshops.models import Meeting
from livsmiljo.workshops.tests.factories import join, seed_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(facilitator, region) -> Meeting:
    meeting = seed_meeting(facilitator, organisations=[region])
    anna = join(meeting, "Anna", region)
    cloud = meeting.polls.get(kind="ordmoln")
    services.poll_open(poll=cloud, user=facilitator)
    services.response_submit(poll=cloud, participant=anna, value="trygghet")
    services.note_create(participant=anna, text="Trygga bostäder för unga", meeting=meeting)
    services.meeting_end(meeting=meeting, user=facilitator)
    return meeting


@pytest.fixture
def member_client(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def _page(client: Client, meeting: Meeting) -> str:
    response = client.get(reverse("workshops:documentation", args=[meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_reads_the_report_with_its_charts_but_no_edit_forms(member_client, meeting):
    html = _page(member_client, meeting)
    poll = meeting.polls.get(kind="ordmoln")
    image = reverse("reports:meeting_figure", args=[meeting.pk, f"fraga-{poll.pk}"])
    assert "<h1>Dokumentation: Workshop 1</h1>" in html and '<h2 id="program">' in html
    assert f'src="{image}"' in html and "data:image" not in html
    assert "Trygga bostäder för unga" in html
    assert "Redigera dokumentationen" not in html and "Skapa dokumentationen" not in html
    response = member_client.get(image)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


def test_a_facilitator_edits_a_section_in_place_and_the_page_marks_it(facilitator_client, meeting):
    documentation_generate(meeting=meeting, user=None)
    html = _page(facilitator_client, meeting)
    assert "Redigera dokumentationen" in html and "Skapa dokumentationen på nytt" in html
    response = facilitator_client.post(
        reverse("reports:meeting_edit", args=[meeting.pk]),
        {"section": "sammanfattning", "text": "Vi valde tre områden."},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vi valde tre områden." in html and "Redigerad av processledaren" in html
    assert DocumentationEdit.objects.get(documentation__meeting=meeting).text == "Vi valde tre områden."


def test_an_edit_survives_regenerating_from_the_page(facilitator_client, facilitator, meeting):
    documentation = documentation_generate(meeting=meeting, user=None)
    DocumentationEdit.objects.create(documentation=documentation, section="avslutning", text="Vi ses i Umeå.")
    before = documentation.generated_at
    response = facilitator_client.post(reverse("reports:meeting_regenerate", args=[meeting.pk]))
    assert response.status_code == 302
    assert MeetingDocumentation.objects.get(meeting=meeting).generated_at > before
    assert "Vi ses i Umeå." in _page(facilitator_client, meeting)


def test_an_unknown_section_is_refused_with_a_message(facilitator_client, meeting):
    documentation_generate(meeting=meeting, user=None)
    url = reverse("reports:meeting_edit", args=[meeting.pk])
    response = facilitator_client.post(url, {"section": "program", "text": "x"})
    assert response.status_code == 400 and "Det avsnittet går inte att redigera." in response.content.decode()
    assert not DocumentationEdit.objects.exists()


def test_a_member_may_not_edit_or_regenerate(member_client, meeting):
    documentation_generate(meeting=meeting, user=None)
    edit = reverse("reports:meeting_edit", args=[meeting.pk])
    assert member_client.post(edit, {"section": "sammanfattning", "text": "x"}).status_code == 403
    assert member_client.post(reverse("reports:meeting_regenerate", args=[meeting.pk])).status_code == 403
    assert not DocumentationEdit.objects.exists()


@pytest.mark.parametrize("name", ["reports:meeting_edit", "reports:meeting_regenerate"])
def test_an_outsider_gets_404_from_the_facilitators_actions(outsider_client, meeting, name):
    response = outsider_client.post(
        reverse(name, args=[meeting.pk]), {"section": "sammanfattning", "text": "x"}
    )
    assert response.status_code == 404


def test_an_outsider_gets_404_for_the_page_and_its_images(outsider_client, meeting):
    poll = meeting.polls.get(kind="ordmoln")
    assert outsider_client.get(reverse("workshops:documentation", args=[meeting.pk])).status_code == 404
    image = reverse("reports:meeting_figure", args=[meeting.pk, f"fraga-{poll.pk}"])
    assert outsider_client.get(image).status_code == 404


@pytest.mark.parametrize("name", ["fraga-999999", "matris-999999", "bild-1", "fraga-"])
def test_an_image_that_is_not_the_meetings_is_404(member_client, meeting, name):
    assert member_client.get(reverse("reports:meeting_figure", args=[meeting.pk, name])).status_code == 404


def test_the_page_of_a_meeting_not_yet_documented_asks_for_no_summary(
    member_client, facilitator, region, monkeypatch
):
    from livsmiljo.reports import summaries

    monkeypatch.setattr(summaries, "meeting_summary", lambda meeting, audience: 1 / 0)
    meeting = seed_meeting(facilitator, organisations=[region])
    html = _page(member_client, meeting)
    assert "Ingen sammanfattning ännu." in html and "Dokumentationen skapas när mötet avslutas." in html
