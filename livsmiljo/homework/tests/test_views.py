import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from livsmiljo.documents.models import Document, DocumentKind
from livsmiljo.homework.models import Assignment, Submission
from livsmiljo.homework.services import assignments_create_from_seed, submission_create
from livsmiljo.homework.tests.conftest import PLAN_TEXT
from livsmiljo.organisations.models import Organisation
from livsmiljo.organisations.services import user_create
from livsmiljo.workshops.services.meetings import meeting_create, project_create

pytestmark = pytest.mark.django_db


def _meeting_url(meeting) -> str:
    return reverse("homework:meeting", args=[meeting.pk])


def test_a_participant_sees_the_tasks_for_their_organisation(owner_client, assignments, meeting):
    response = owner_client.get(_meeting_url(meeting))
    assert response.status_code == 200
    body = response.content.decode()
    assert assignments[0].title in body
    assert (
        body.count(">Lämna in<") == 3
    )  # RUS, plan and the text; the steering document is for national actors


def test_anonymous_visitors_are_sent_to_log_in(client, meeting):
    response = client.get(_meeting_url(meeting))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_participant_hands_in_a_real_file_that_ends_up_in_the_library(
    owner_client, plan_task, region, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("regionplan.txt", PLAN_TEXT.encode(), content_type="text/plain")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("homework:submit", args=[plan_task.pk]),
            {"uploads": [upload], "text": "", "year": "2023", "shared": "on"},
        )
    assert response.status_code == 302
    submission = Submission.objects.get()
    document = Document.objects.get()
    assert submission.library_document == document
    assert (document.organisation, document.kind, document.year) == (region, DocumentKind.PLAN, 2023)
    page = owner_client.get(_meeting_url(plan_task.meeting)).content.decode()
    assert "regionplan.txt" in page
    assert "I kunskapsbanken" in page


def test_a_participant_hands_in_a_text(owner_client, note_task, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("homework:submit", args=[note_task.pk]),
            {"text": "Vi bjuder in civilsamhället till dialog om trygghet.", "shared": "on"},
        )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.text.startswith("Vi bjuder in")
    assert Document.objects.get().kind == DocumentKind.NOTE


SWEDISH_MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def test_hand_in_times_are_written_with_swedish_month_names(owner_client, owner, note_task):
    submission = submission_create(assignment=note_task, user=owner, text="Våra punkter")[0]
    month = SWEDISH_MONTHS[timezone.localtime(submission.created_at).month - 1]
    body = owner_client.get(_meeting_url(note_task.meeting), HTTP_ACCEPT_LANGUAGE="sv").content.decode()
    assert f" {month} {submission.created_at.year} " in body


def test_an_empty_hand_in_gets_a_swedish_message_and_saves_nothing(owner_client, plan_task):
    response = owner_client.post(reverse("homework:submit", args=[plan_task.pk]), {"text": "  "})
    assert response.status_code == 400
    assert "Välj minst en fil eller skriv några rader text." in response.content.decode()
    assert not Submission.objects.exists()


def test_a_year_that_is_not_a_year_is_explained(owner_client, note_task):
    response = owner_client.post(
        reverse("homework:submit", args=[note_task.pk]), {"text": "Punkter", "year": "20"}
    )
    assert response.status_code == 400
    assert "1900" in response.content.decode()
    assert not Submission.objects.exists()


def test_an_organisation_cannot_hand_in_a_task_that_is_not_for_it(owner_client, assignments):
    steering = assignments[2]
    response = owner_client.post(reverse("homework:submit", args=[steering.pk]), {"text": "Vårt dokument"})
    assert response.status_code == 403
    assert not Submission.objects.exists()


def test_the_facilitator_overview_shows_who_has_handed_in(facilitator_client, note_task, owner, region):
    submission_create(assignment=note_task, user=owner, text="Våra punkter om hållbara livsmiljöer")
    response = facilitator_client.get(reverse("homework:overview", args=[note_task.meeting_id]))
    assert response.status_code == 200
    table = response.context["table"]
    row = next(r for r in table.rows if r.organisation == region)
    assert [c.status for c in row.cells] == ["saknas", "saknas", "ej_aktuell", "inlamnad"]
    assert row.cells[3].submissions[0].organisation == region
    assert len(table.rows) == 22  # every seeded organisation: the last task is meant for all of them


def test_the_overview_lists_partners_for_a_task_meant_for_everyone(facilitator_client, note_task):
    partner = Organisation.objects.filter(kind=Organisation.Kind.PARTNER).first()
    assert partner is not None
    response = facilitator_client.get(reverse("homework:overview", args=[note_task.meeting_id]))
    row = next(r for r in response.context["table"].rows if r.organisation == partner)
    assert [c.status for c in row.cells] == ["ej_aktuell", "ej_aktuell", "ej_aktuell", "saknas"]
    assert partner.name in response.content.decode()


def test_the_overview_counts_a_fixed_number_of_queries(
    facilitator_client, note_task, owner, outsider, django_assert_max_num_queries
):
    submission_create(assignment=note_task, user=owner, text="Punkt ett")
    submission_create(assignment=note_task, user=outsider, text="Punkt två")
    with django_assert_max_num_queries(15):
        facilitator_client.get(reverse("homework:overview", args=[note_task.meeting_id]))


def test_only_facilitators_see_the_overview(owner_client, meeting):
    assert owner_client.get(reverse("homework:overview", args=[meeting.pk])).status_code == 403


def test_an_outsider_does_not_see_another_organisations_unshared_submission(
    outsider_client, owner, note_task, meeting
):
    [hidden] = submission_create(assignment=note_task, user=owner, text="Hemlig intern punkt", shared=False)
    [shared] = submission_create(
        assignment=note_task, user=owner, text="Delad punkt om bostäder", shared=True
    )
    page = outsider_client.get(_meeting_url(meeting)).content.decode()
    assert "Hemlig intern punkt" not in page
    assert "Delad punkt om bostäder" in page
    assert outsider_client.get(reverse("homework:submission", args=[hidden.pk])).status_code == 404
    assert outsider_client.get(reverse("homework:submission", args=[shared.pk])).status_code == 200


def test_the_own_organisation_and_facilitators_see_an_unshared_submission(
    owner_client, facilitator_client, owner, note_task
):
    [hidden] = submission_create(assignment=note_task, user=owner, text="Hemlig intern punkt", shared=False)
    for client in (owner_client, facilitator_client):
        response = client.get(reverse("homework:submission", args=[hidden.pk]))
        assert response.status_code == 200
        assert "Hemlig intern punkt" in response.content.decode()


def test_a_facilitator_adds_the_seed_tasks_from_the_meeting_page(facilitator_client, meeting):
    response = facilitator_client.post(reverse("homework:create_from_seed", args=[meeting.pk]))
    assert response.status_code == 302
    assert meeting.assignments.count() == 4


def test_a_participant_cannot_add_tasks(owner_client, meeting):
    assert owner_client.post(reverse("homework:create_from_seed", args=[meeting.pk])).status_code == 403
    assert not meeting.assignments.exists()


def test_a_facilitator_creates_and_edits_an_assignment(facilitator_client, meeting, region):
    url = reverse("homework:assignment_new", args=[meeting.pk])
    response = facilitator_client.post(
        url,
        {"title": "Er cykelplan", "instructions": "", "kind": "plan", "audience": "regioner", "due_date": ""},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(title="Er cykelplan")
    response = facilitator_client.post(
        reverse("homework:assignment_edit", args=[assignment.pk]),
        {"title": "Er cykelstrategi", "kind": "plan", "audience": "alla", "organisations": [region.pk]},
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.title == "Er cykelstrategi"
    assert list(assignment.organisations.all()) == [region]


def test_an_assignment_without_a_title_is_not_saved(facilitator_client, meeting):
    response = facilitator_client.post(
        reverse("homework:assignment_new", args=[meeting.pk]),
        {"title": "", "kind": "plan", "audience": "alla"},
    )
    assert response.status_code == 200
    assert "Rätta det som är markerat" in response.content.decode()
    assert not Assignment.objects.exists()


def test_deleting_an_assignment_with_submissions_is_refused_with_a_message(
    facilitator_client, note_task, owner
):
    submission_create(assignment=note_task, user=owner, text="Våra punkter")
    response = facilitator_client.post(
        reverse("homework:assignment_delete", args=[note_task.pk]), follow=True
    )
    assert "kan inte tas bort" in response.content.decode()
    assert Assignment.objects.filter(pk=note_task.pk).exists()


def test_the_index_lists_meetings_with_homework(owner_client, assignments, meeting):
    response = owner_client.get(reverse("homework:index"))
    assert meeting.title in response.content.decode()


def test_the_meeting_page_counts_a_fixed_number_of_queries(
    owner_client, note_task, plan_task, owner, member, django_assert_max_num_queries
):
    for user in (owner, member, owner):
        submission_create(assignment=note_task, user=user, text="Punkter")
        submission_create(assignment=plan_task, user=user, files=[("plan.txt", b"Plan " * 80)])
    with django_assert_max_num_queries(15):
        response = owner_client.get(_meeting_url(note_task.meeting))
    assert response.content.decode().count("plan.txt") == 3


def test_a_facilitator_hands_in_for_an_organisation_they_choose(facilitator_client, note_task, other_region):
    response = facilitator_client.post(
        reverse("homework:submit", args=[note_task.pk]),
        {"organisation": other_region.pk, "text": "Inskickat per e-post", "shared": "on"},
    )
    assert response.status_code == 302
    assert Submission.objects.get().organisation == other_region


@pytest.fixture
def closed_meeting(facilitator, region):
    """A meeting of a project only the owner's region takes part in, with a task and a shared text."""
    project = project_create(title="Östgötaprojektet", user=facilitator, organisations=[region])
    closed = meeting_create(
        project=project, title="Internt möte om tågstråket", user=facilitator, template="tom"
    )
    assignments_create_from_seed(meeting=closed, user=facilitator)
    return closed


def test_someone_outside_the_project_gets_404_for_its_homework_and_sees_nothing_of_it(
    outsider_client, owner, closed_meeting
):
    task = closed_meeting.assignments.get(kind=DocumentKind.NOTE)
    [submission] = submission_create(assignment=task, user=owner, text="Delad punkt om tågstråket")
    urls = [
        _meeting_url(closed_meeting),
        reverse("homework:submission", args=[submission.pk]),
        reverse("homework:submit", args=[task.pk]),
    ]
    for url in urls:
        response = outsider_client.get(url)
        assert response.status_code == 404, url
        body = response.content.decode()
        assert "tågstråket" not in body and "alice" not in body and task.title not in body
    assert "Internt möte om tågstråket" not in outsider_client.get(reverse("homework:index")).content.decode()


def test_someone_without_an_organisation_gets_404_for_a_projects_homework(closed_meeting, owner, db):
    nobody = user_create(username="nils", password="ett-langt-losenord-for-test", organisation=None)
    task = closed_meeting.assignments.get(kind=DocumentKind.NOTE)
    [submission] = submission_create(assignment=task, user=owner, text="Delad punkt om tågstråket")
    client = Client()
    client.force_login(nobody)
    assert client.get(_meeting_url(closed_meeting)).status_code == 404
    assert client.get(reverse("homework:submission", args=[submission.pk])).status_code == 404
    assert "Internt möte" not in client.get(reverse("homework:index")).content.decode()


def test_the_project_members_and_facilitators_still_see_the_homework(
    owner_client, facilitator_client, closed_meeting
):
    for client in (owner_client, facilitator_client):
        assert client.get(_meeting_url(closed_meeting)).status_code == 200
        assert "Internt möte om tågstråket" in client.get(reverse("homework:index")).content.decode()


def test_a_task_for_other_organisations_says_who_it_is_for_instead_of_offering_to_hand_in(
    owner_client, assignments, meeting
):
    body = owner_client.get(_meeting_url(meeting)).content.decode()
    steering = assignments[2]
    section = body.split(f'id="uppgift-{steering.pk}"')[1].split("</section>")[0]
    assert "Den här uppgiften är till Tillväxtverket och andra nationella aktörer." in section
    assert reverse("homework:submit", args=[steering.pk]) not in section


def test_handing_in_a_task_meant_for_others_is_refused_in_swedish_and_saves_nothing(
    owner_client, assignments
):
    steering = assignments[2]
    url = reverse("homework:submit", args=[steering.pk])
    for response in (owner_client.get(url), owner_client.post(url, {"text": "Vårt styrdokument"})):
        assert response.status_code == 403
        assert (
            "Den här uppgiften är till Tillväxtverket och andra nationella aktörer"
            in response.content.decode()
        )
    assert not Submission.objects.exists()


def test_the_overview_names_each_text_answer_by_organisation_and_task(
    facilitator_client, note_task, owner, region
):
    submission_create(assignment=note_task, user=owner, text="Våra punkter om hållbara livsmiljöer")
    body = facilitator_client.get(reverse("homework:overview", args=[note_task.meeting_id])).content.decode()
    link = body.split(reverse("homework:submission", args=[Submission.objects.get().pk]))[1].split("</a>")[0]
    assert ">Text<" not in body
    assert "Läs svaret" in link
    assert f"från {region.name} på ”{note_task.title}”" in link
