"""Putting a matrix on a meeting's agenda, and choosing the matrix of a matrix block, through the pages."""

import pytest
from django.urls import reverse

from livsmiljo.matrix import services
from livsmiljo.matrix.models import Matrix
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.workshops import services as workshop_services
from livsmiljo.workshops.models import AgendaBlock
from livsmiljo.workshops.tests.factories import seed_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(facilitator, region):
    return seed_meeting(facilitator, organisations=[region])


@pytest.fixture
def matrix(meeting, facilitator):
    goals = [GoalSpec(n) for n in ("Bostäder", "Pendling", "Grönområden")]
    return services.create_matrix(project=meeting.project, title="RUS-mål", goals=goals, user=facilitator)


def test_the_facilitator_puts_a_matrix_last_on_a_meetings_agenda(facilitator_client, matrix, meeting):
    page = facilitator_client.get(reverse("matrix:use_in_meeting", args=[matrix.pk]))
    assert page.status_code == 200 and meeting.title in page.content.decode()

    response = facilitator_client.post(
        reverse("matrix:use_in_meeting", args=[matrix.pk]), {"meeting": meeting.pk}
    )

    assert response.status_code == 302 and response["Location"] == reverse(
        "workshops:edit", args=[meeting.pk]
    )
    matrix.refresh_from_db()
    assert matrix.block.kind == AgendaBlock.Kind.MATRIX and matrix.block.meeting == meeting
    agenda = facilitator_client.get(reverse("workshops:edit", args=[meeting.pk])).content.decode()
    assert "Deltagarna bedömer matrisen ”RUS-mål”." in agenda


def test_an_ended_meeting_is_not_offered(facilitator_client, matrix, meeting, facilitator):
    workshop_services.meeting_end(meeting=meeting, user=facilitator)
    response = facilitator_client.post(
        reverse("matrix:use_in_meeting", args=[matrix.pk]), {"meeting": meeting.pk}
    )
    assert response.status_code == 200
    assert "Lärprojektet har inget möte som inte redan är avslutat" in response.content.decode()
    assert Matrix.objects.get(pk=matrix.pk).block is None


def test_the_facilitator_chooses_the_matrix_of_a_matrix_block(facilitator_client, matrix, meeting):
    block = AgendaBlock.objects.create(
        meeting=meeting, kind=AgendaBlock.Kind.MATRIX, title="Matrisen", order=99
    )
    url = reverse("matrix:block_link", args=[block.pk])
    assert "RUS-mål" in facilitator_client.get(url).content.decode()

    response = facilitator_client.post(url, {"matrix": matrix.pk})

    assert response.status_code == 302
    assert Matrix.objects.get(pk=matrix.pk).block == block


def test_a_block_of_another_kind_cannot_get_a_matrix(facilitator_client, matrix, meeting):
    block = meeting.blocks.exclude(kind=AgendaBlock.Kind.MATRIX).first()
    response = facilitator_client.post(reverse("matrix:block_link", args=[block.pk]), {"matrix": matrix.pk})
    assert response.status_code == 200
    assert "Bara en programpunkt av typen målkonfliktsmatris" in response.content.decode()
    assert Matrix.objects.get(pk=matrix.pk).block is None


def test_the_console_forms_groups_for_a_matrix_block_and_the_pairs_are_shared(
    facilitator_client, matrix, meeting, facilitator
):
    from livsmiljo.matrix import live, services_live
    from livsmiljo.workshops.tests.factories import join

    block = services_live.matrix_block_create(matrix=matrix, meeting=meeting, user=facilitator)
    workshop_services.meeting_start(meeting=meeting, user=facilitator)
    workshop_services.meeting_goto(meeting=meeting, user=facilitator, block=block)
    people = [join(meeting, f"P{n}") for n in range(4)]

    response = facilitator_client.post(
        reverse("workshops:console", args=[meeting.pk]),
        {"action": "matrix_groups", "size": "2"},
        HTTP_HX_REQUEST="true",
    )

    assert "Paren delas ut mellan 2 grupper." in response.content.decode()
    assert block.groups.count() == 2
    totals = [live.pair_payload(matrix, p)["total"] for p in people]
    assert sorted(totals) == [3, 3, 3, 3]
