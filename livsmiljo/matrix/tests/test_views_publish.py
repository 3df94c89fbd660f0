"""Issue 12: the matrix's manager marks it public, so the project's website shows it (reports/site.py)."""

import pytest
from django.urls import reverse

from livsmiljo.matrix.services import GoalSpec, create_matrix
from livsmiljo.organisations.models import AuditEntry
from livsmiljo.workshops.services.meetings import project_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(facilitator, region):
    project = project_create(title="Lärprojekt", user=facilitator, organisations=[region])
    return create_matrix(
        project=project, title="Våra mål", goals=[GoalSpec("A"), GoalSpec("B"), GoalSpec("C")]
    )


def test_a_new_matrix_is_not_public(matrix):
    assert matrix.public is False


def test_the_manager_marks_the_matrix_public_and_private_again_from_its_page(matrix, facilitator_client):
    url = reverse("matrix:publish", args=[matrix.pk])
    detail = facilitator_client.get(reverse("matrix:detail", args=[matrix.pk])).content.decode()
    assert url in detail and "Visa på webbplatsen" in detail
    response = facilitator_client.post(url, {"public": "1"})
    assert response.status_code == 302
    matrix.refresh_from_db()
    assert matrix.public is True
    assert AuditEntry.objects.filter(action="matrix.public", object_id=str(matrix.pk)).exists()
    assert "Ta bort från webbplatsen" in facilitator_client.get(response["Location"]).content.decode()
    facilitator_client.post(url, {"public": "0"})
    matrix.refresh_from_db()
    assert matrix.public is False


def test_a_member_who_did_not_make_the_matrix_cannot_mark_it_public(matrix, owner_client):
    assert owner_client.post(reverse("matrix:publish", args=[matrix.pk]), {"public": "1"}).status_code == 403
    matrix.refresh_from_db()
    assert matrix.public is False
