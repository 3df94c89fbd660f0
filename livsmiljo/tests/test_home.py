"""The home page: three cards for a visitor; for a signed-in person their next meeting, open homework and
what other organisations have shared lately, and nothing from projects or documents they cannot see."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from livsmiljo.documents.models import Document
from livsmiljo.homework.models import Assignment, Submission
from livsmiljo.organisations.models import Organisation
from livsmiljo.workshops.models import Meeting
from livsmiljo.workshops.tests.factories import seed_meeting

pytestmark = pytest.mark.django_db


def _document(organisation, title: str, *, shared: bool) -> Document:
    return Document.objects.create(
        organisation=organisation,
        title=title,
        file="documents/x.txt",
        file_name=f"{title}.txt",
        file_format="txt",
        content_hash=title,
        shared=shared,
    )


def _meeting(facilitator, title: str, organisations, *, days: int) -> Meeting:
    meeting = seed_meeting(facilitator, title=title, organisations=organisations)
    meeting.starts_at = timezone.now() + timedelta(days=days)
    meeting.save(update_fields=["starts_at"])
    return meeting


@pytest.fixture
def world(facilitator, region, other_region):
    third = Organisation.objects.get(slug="skane")
    ours = _meeting(facilitator, "Workshop i Östergötland", [region, other_region], days=10)
    _meeting(facilitator, "Senare workshop", [region], days=40)
    _meeting(facilitator, "Norrbottens egen träff", [other_region], days=2)
    due = timezone.localdate() + timedelta(days=7)
    Assignment.objects.create(meeting=ours, title="Skriv en reflektion", due_date=due)
    done = Assignment.objects.create(meeting=ours, title="Redan inlämnad", due_date=due)
    Submission.objects.create(assignment=done, organisation=region, text="Klart")
    _document(other_region, "Norrbottens regionala utvecklingsstrategi", shared=True)
    _document(third, "Skånes hemliga utkast", shared=False)
    _document(region, "Östergötlands egen plan", shared=True)
    return ours


def test_a_member_sees_the_next_meeting_open_homework_and_what_others_shared(owner_client, world):
    html = owner_client.get(reverse("home")).content.decode()
    assert "Workshop i Östergötland" in html and "Senare workshop" not in html
    assert reverse("homework:meeting", args=[world.pk]) in html
    assert "Skriv en reflektion" in html and "Redan inlämnad" not in html
    deadline = timezone.localdate() + timedelta(days=7)
    assert f"senast {deadline.day} " in html
    assert "Norrbottens regionala utvecklingsstrategi" in html
    assert "Östergötlands egen plan" not in html  # one's own documents are in the library already


def test_the_home_page_never_shows_what_the_member_cannot_see(owner_client, world):
    html = owner_client.get(reverse("home")).content.decode()
    assert "Norrbottens egen träff" not in html
    assert "Skånes hemliga utkast" not in html


def test_the_home_page_has_a_bounded_number_of_queries(owner_client, world, django_assert_max_num_queries):
    for index in range(10):
        _document(Organisation.objects.get(slug="skane"), f"Delat dokument {index}", shared=True)
    with django_assert_max_num_queries(8):
        response = owner_client.get(reverse("home"))
    assert response.status_code == 200


def test_a_visitor_sees_the_three_cards_and_no_personal_overview(client, world):
    html = client.get(reverse("home")).content.decode()
    for card in ("Kunskapsbank", "Analys", "Verkstad"):
        assert f">{card}</a></h2>" in html
    assert "Workshop i Östergötland" not in html and "Norrbottens regionala" not in html
    assert reverse("homework:index") not in html


def test_the_main_navigation_links_to_homework_for_a_signed_in_person(owner_client, db):
    html = owner_client.get(reverse("home")).content.decode()
    nav = html.split('<ul class="nav">', 1)[1].split("</ul>", 1)[0]
    assert f'href="{reverse("homework:index")}"' in nav and "Hemuppgifter" in nav


def test_a_facilitator_without_organisation_gets_the_overview_without_homework(facilitator_client, world):
    html = facilitator_client.get(reverse("home")).content.decode()
    soonest = Meeting.objects.get(title="Norrbottens egen träff")  # a facilitator sees every project
    assert reverse("workshops:edit", args=[soonest.pk]) in html
    assert "Hemuppgifterna lämnas in av organisationerna." in html
