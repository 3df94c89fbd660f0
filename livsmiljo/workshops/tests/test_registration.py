"""Invitations and registration: the public page, registering until the deadline, the list, exports, .ics."""

import csv
import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from livsmiljo.organisations.models import AuditEntry
from livsmiljo.organisations.services import user_create
from livsmiljo.workshops import registration as selectors
from livsmiljo.workshops import services, views_registration
from livsmiljo.workshops.models import Meeting, Registration
from livsmiljo.workshops.services import registration as reg

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
START = datetime(2026, 12, 2, 9, 30, tzinfo=STOCKHOLM)
LINK = "https://mote.example.se/hemligt-rum-4711"
IN_PERSON, ONLINE = Registration.Attendance.IN_PERSON, Registration.Attendance.ONLINE


@pytest.fixture
def meeting(facilitator, region) -> Meeting:
    project = services.project_create(title="Hållbara livsmiljöer", user=facilitator, organisations=[region])
    meeting = services.meeting_create(
        project=project,
        title="Träff 4 i Stockholm",
        user=facilitator,
        template="tom",
        starts_at=START,
        place="Reglab, Hornsgatan 15",
        digital=True,
    )
    services.block_add(
        meeting=meeting, user=facilitator, kind="incheckning", title="Incheckning", duration_minutes=60
    )
    services.block_add(
        meeting=meeting, user=facilitator, kind="gruppdialog", title="Gruppdialog", duration_minutes=30
    )
    return reg.meeting_invitation_update(
        meeting=meeting,
        user=facilitator,
        invitation_published=True,
        registration_open=True,
        registration_deadline=START - timedelta(days=7),
        welcome_text="Välkommen till Stockholm!",
        practical_information="Lunch ingår. Ta med din RUS.",
        online_link=LINK,
    )


@pytest.fixture(autouse=True)
def _before_the_deadline(monkeypatch):
    """Tests run 'now' two weeks before the meeting, whatever today's date is."""
    monkeypatch.setattr(timezone, "now", lambda: START - timedelta(days=14))


def _register(meeting, user, **fields) -> Registration:
    data = {"name": "Bob Berg", "attendance": IN_PERSON, "dietary_needs": ""} | fields
    return reg.registration_save(meeting=meeting, user=user, **data)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _public_url(meeting) -> str:
    return reverse("workshops:invitation", args=[meeting.public_token])


# Services ------------------------------------------------------------------------------------------


def test_a_member_registers_and_saving_again_changes_the_same_registration(meeting, member, region):
    first = _register(meeting, member, dietary_needs="Vegetarisk")
    second = _register(meeting, member, attendance=ONLINE, dietary_needs="")
    assert first.pk == second.pk and Registration.objects.count() == 1
    second.refresh_from_db()
    assert (second.organisation, second.attendance, second.dietary_needs) == (region, ONLINE, "")
    actions = list(
        AuditEntry.objects.filter(action__startswith="registration").values_list("action", flat=True)
    )
    assert actions == ["registration.create", "registration.update"]


def test_a_member_cancels_their_registration(meeting, member):
    _register(meeting, member)
    assert reg.registration_cancel(meeting=meeting, user=member) is True
    assert not Registration.objects.exists()
    assert reg.registration_cancel(meeting=meeting, user=member) is False


def test_after_the_deadline_nobody_can_register_change_or_cancel(meeting, member, owner, monkeypatch):
    _register(meeting, owner)
    monkeypatch.setattr(timezone, "now", lambda: START - timedelta(days=6))
    with pytest.raises(ValidationError, match="Sista dag för anmälan har passerat"):
        _register(meeting, member)
    with pytest.raises(ValidationError, match="Sista dag"):
        _register(meeting, owner, attendance=ONLINE)
    with pytest.raises(ValidationError, match="Sista dag"):
        reg.registration_cancel(meeting=meeting, user=owner)
    assert list(Registration.objects.values_list("user__username", "attendance")) == [("alice", IN_PERSON)]


def test_someone_outside_the_project_is_refused(meeting, outsider, facilitator):
    for user in (outsider, facilitator):  # another region; a facilitator without an organisation
        with pytest.raises(ValidationError, match="Bara medlemmar i lärprojektet"):
            _register(meeting, user)
    assert not Registration.objects.exists()


def test_registration_is_refused_while_closed_or_unpublished(meeting, member, facilitator):
    meeting.registration_open = False
    meeting.save()
    with pytest.raises(ValidationError, match="Anmälan är stängd"):
        _register(meeting, member)
    with pytest.raises(ValidationError, match="Publicera inbjudan"):
        reg.meeting_invitation_update(
            meeting=meeting,
            user=facilitator,
            invitation_published=False,
            registration_open=True,
            registration_deadline=None,
        )


def test_the_database_keeps_one_registration_per_user_and_meeting(meeting, member, region):
    _register(meeting, member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(meeting=meeting, user=member, name="Igen", organisation=region)


def test_a_digital_only_meeting_takes_online_registrations_only(meeting, member):
    meeting.place = ""
    meeting.save()
    assert reg.attendance_choices(meeting) == [ONLINE]
    with pytest.raises(ValidationError, match="på plats eller digitalt"):
        _register(meeting, member, attendance=IN_PERSON)


def test_publishing_gives_a_random_token_that_stays(meeting, facilitator):
    token = meeting.public_token
    assert len(token) >= 32 and str(meeting.pk) != token
    again = reg.meeting_invitation_update(
        meeting=meeting,
        user=facilitator,
        invitation_published=True,
        registration_open=False,
        registration_deadline=None,
    )
    assert again.public_token == token


def test_registrations_by_organisation_counts_in_person_and_online(meeting, member, owner, region):
    _register(meeting, member)
    _register(meeting, owner, name="Alice Ek", attendance=ONLINE)
    assert selectors.registrations_by_organisation(meeting) == [(region.name, 2, 1, 1)]


def test_the_time_is_written_the_swedish_way(meeting):
    assert selectors.meeting_when_text(meeting) == "onsdag 2 december 2026 kl. 09.30–11.00"
    assert selectors.deadline_text(meeting) == "onsdag 25 november 2026 kl. 09.30"


# The public page -------------------------------------------------------------------------------------


def test_the_public_page_shows_time_place_programme_and_practical_information_but_no_link(client, meeting):
    response = client.get(_public_url(meeting))
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Välkommen till Stockholm!",
        "onsdag 2 december 2026 kl. 09.30–11.00",
        "Reglab, Hornsgatan 15 och digitalt",
        "09.30–10.30",
        "Incheckning",
        "10.30–11.00",
        "Gruppdialog",
        "Lunch ingår.",
        "Anmälan senast onsdag 25 november 2026 kl. 09.30.",
        "Logga in för att anmäla dig",
    ):
        assert text in body, text
    assert LINK not in body and "hemligt-rum" not in body


def test_an_unpublished_meeting_and_a_wrong_token_are_404(client, meeting, facilitator):
    url = _public_url(meeting)
    assert client.get(reverse("workshops:invitation", args=["x" * 32])).status_code == 404
    meeting.invitation_published = False
    meeting.save()
    assert client.get(url).status_code == 404
    assert _client(facilitator).get(url).status_code == 404


def test_the_meeting_list_links_members_to_a_published_invitation(meeting, member, facilitator):
    html = _client(member).get(reverse("workshops:list")).content.decode()
    assert _public_url(meeting) in html and "Inbjudan och anmälan" in html
    reg.meeting_invitation_update(
        meeting=meeting,
        user=facilitator,
        invitation_published=False,
        registration_open=False,
        registration_deadline=None,
    )
    assert _public_url(meeting) not in _client(member).get(reverse("workshops:list")).content.decode()


def test_a_member_sees_the_link_and_a_form_with_their_name(meeting, member):
    member.first_name, member.last_name = "Bob", "Berg"
    member.save()
    body = _client(member).get(_public_url(meeting)).content.decode()
    assert LINK in body and 'value="Bob Berg"' in body and "Anmäl mig" in body


def test_an_outsider_sees_the_public_page_without_link_or_form(meeting, outsider):
    body = _client(outsider).get(_public_url(meeting)).content.decode()
    assert LINK not in body and "Anmäl mig" not in body
    assert "Din organisation deltar inte" in body


def test_a_member_registers_changes_and_cancels_through_the_page(meeting, member):
    client = _client(member)
    url = reverse("workshops:register", args=[meeting.pk])
    response = client.post(url, {"name": "Bob Berg", "attendance": IN_PERSON, "dietary_needs": "Glutenfri"})
    assert response.status_code == 302 and response["Location"].startswith(_public_url(meeting))
    registration = Registration.objects.get(user=member)
    assert registration.dietary_needs == "Glutenfri"
    page = client.get(_public_url(meeting)).content.decode()
    assert "Du är anmäld." in page and "Glutenfri" in page and "Tack! Du är anmäld." in page

    client.post(url, {"name": "Bob Berg", "attendance": ONLINE, "dietary_needs": ""})
    registration.refresh_from_db()
    assert registration.attendance == ONLINE
    client.post(url, {"action": "cancel"})
    assert not Registration.objects.exists()


def test_a_form_error_is_shown_on_the_page_and_saves_nothing(meeting, member):
    response = _client(member).post(
        reverse("workshops:register", args=[meeting.pk]), {"name": "", "attendance": ""}
    )
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert not Registration.objects.exists()


def test_after_the_deadline_the_page_says_so_and_a_post_changes_nothing(meeting, member, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: START - timedelta(days=1))
    client = _client(member)
    assert "Sista dag för anmälan har passerat" in client.get(_public_url(meeting)).content.decode()
    client.post(reverse("workshops:register", args=[meeting.pk]), {"name": "Bob", "attendance": IN_PERSON})
    assert not Registration.objects.exists()
    meeting.registration_open = False
    meeting.save()
    assert "Anmälan är stängd." in client.get(_public_url(meeting)).content.decode()


def test_an_outsider_cannot_register_by_posting(meeting, outsider):
    response = _client(outsider).post(
        reverse("workshops:register", args=[meeting.pk]), {"name": "C", "attendance": IN_PERSON}
    )
    assert response.status_code == 404 and not Registration.objects.exists()


def test_registering_many_times_in_a_row_is_stopped(meeting, member, monkeypatch):
    limit = views_registration.ratelimit.Limit("registration-test", allowed=2, window=600)
    monkeypatch.setattr(views_registration, "WRITES_PER_USER", limit)
    client = _client(member)
    url = reverse("workshops:register", args=[meeting.pk])
    codes = [client.post(url, {"name": f"Bob {n}", "attendance": IN_PERSON}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert Registration.objects.get().name == "Bob 1"


# The facilitator's list, exports and the calendar file ------------------------------------------------


def test_the_facilitator_sees_counts_per_organisation_and_dietary_needs(
    meeting, member, owner, facilitator, region
):
    _register(meeting, member, dietary_needs="Vegan")
    _register(meeting, owner, name="Alice Ek", attendance=ONLINE)
    body = _client(facilitator).get(reverse("workshops:registrations", args=[meeting.pk])).content.decode()
    assert "2 anmälda" in body and "1 på plats, 1 digitalt" in body
    assert region.name in body and "Vegan" in body and "Alice Ek" in body


def test_members_get_403_and_outsiders_404_on_the_list_and_exports(meeting, member, outsider):
    _register(meeting, member, dietary_needs="Vegan")
    urls = [
        reverse("workshops:registrations", args=[meeting.pk]),
        reverse("workshops:registrations_export", args=[meeting.pk, "csv"]),
        reverse("workshops:registrations_export", args=[meeting.pk, "xlsx"]),
        reverse("workshops:invitation_edit", args=[meeting.pk]),
    ]
    for url in urls:
        assert _client(member).get(url).status_code == 403, url
        response = _client(outsider).get(url)
        assert response.status_code == 404 and b"Vegan" not in response.content, url
    assert _client(outsider).get(reverse("workshops:calendar", args=[meeting.pk])).status_code == 404


def test_the_csv_export_lists_everyone_with_formulas_neutralised(meeting, member, owner, facilitator):
    _register(meeting, member, dietary_needs='=HYPERLINK("http://x")')
    _register(meeting, owner, name="Alice Ek", attendance=ONLINE)
    response = _client(facilitator).get(reverse("workshops:registrations_export", args=[meeting.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["namn", "organisation", "deltar", "specialkost", "anmäld"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Bob Berg"][2:4] == ["På plats", '\'=HYPERLINK("http://x")']
    assert by_name["Alice Ek"][2] == "Digitalt"


def test_the_xlsx_export_holds_the_same_rows(meeting, member, facilitator, region):
    _register(meeting, member, dietary_needs="Laktosfri")
    response = _client(facilitator).get(reverse("workshops:registrations_export", args=[meeting.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1][:4] == ["Bob Berg", region.name, "På plats", "Laktosfri"]
    assert (
        _client(facilitator)
        .get(reverse("workshops:registrations_export", args=[meeting.pk, "pdf"]))
        .status_code
        == 404
    )


def test_the_calendar_file_parses_and_has_time_place_and_title(meeting, member):
    response = _client(member).get(reverse("workshops:calendar", args=[meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar.walk("VTIMEZONE")[0]["TZID"]) == "Europe/Stockholm"
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + timedelta(minutes=90)
    assert str(event["SUMMARY"]) == "Träff 4 i Stockholm"
    assert str(event["LOCATION"]) == "Reglab, Hornsgatan 15"
    description = str(event["DESCRIPTION"])
    assert "09.30 Incheckning" in description and "10.30 Gruppdialog" in description and LINK in description


def test_a_digital_meeting_has_its_link_as_the_calendar_location(meeting, facilitator):
    meeting.place = ""
    meeting.save()
    response = _client(facilitator).get(reverse("workshops:calendar", args=[meeting.pk]))
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == LINK


def test_the_facilitator_edits_the_invitation_from_the_meeting_page(meeting, facilitator):
    client = _client(facilitator)
    edit = client.get(reverse("workshops:edit", args=[meeting.pk])).content.decode()
    assert "Inbjudan och anmälan" in edit and _public_url(meeting) in edit
    response = client.post(
        reverse("workshops:invitation_edit", args=[meeting.pk]),
        {
            "welcome_text": "Välkommen till Umeå!",
            "practical_information": "Buss 8.",
            "online_link": "",
            "registration_deadline": "2026-11-30T12:00",
            "invitation_published": "on",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.welcome_text == "Välkommen till Umeå!" and not meeting.registration_open
    assert meeting.registration_deadline == datetime(2026, 11, 30, 12, 0, tzinfo=STOCKHOLM)
    bad = client.post(
        reverse("workshops:invitation_edit", args=[meeting.pk]), {"online_link": "inte en länk"}
    )
    assert bad.status_code == 200 and 'role="alert"' in bad.content.decode()


def test_the_list_takes_the_same_number_of_queries_for_many_registrations(
    meeting, member, facilitator, region, settings, django_assert_num_queries
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client = _client(facilitator)
    url = reverse("workshops:registrations", args=[meeting.pk])
    _register(meeting, member)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        user = user_create(username=f"deltagare{n}", password="ett-langt-losenord", organisation=region)
        _register(meeting, user, name=f"Deltagare {n}", attendance=ONLINE)
    with django_assert_num_queries(len(one.captured_queries)):
        assert b"6 anm\xc3\xa4lda" in client.get(url).content
