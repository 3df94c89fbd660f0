"""The demo installs one scored matrix whose analysis has strong conflicts and a cluster, once."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from livsmiljo.demo.matrix import MATRIX_TITLE
from livsmiljo.engine.matrix import analyse
from livsmiljo.matrix.models import Matrix, Score
from livsmiljo.matrix.selectors import matrix_cells, scored_matrix
from livsmiljo.organisations.models import User

pytestmark = pytest.mark.django_db


def _run_demo() -> None:
    call_command("demo", stdout=io.StringIO(), stderr=io.StringIO())


def test_the_demo_matrix_is_scored_by_several_people_and_its_analysis_has_conflicts_and_a_cluster():
    _run_demo()
    matrix = Matrix.objects.get(title=MATRIX_TITLE)
    assert matrix.goals.count() == 8
    cells = matrix_cells(matrix)
    authors = {(s.user_id, s.participant_id) for c in cells.cells.values() for s in c.scores}
    assert len(authors) >= 4
    assert any(
        s.participant and not s.participant.display_name for c in cells.cells.values() for s in c.scores
    )
    assert 0 < cells.agreed_count < cells.pair_count
    assert any(c.disagreement for c in cells.cells.values())
    assert all(s.reason for s in Score.objects.filter(matrix=matrix, user__isnull=False))

    result = analyse(scored_matrix(matrix))
    assert ("Förnybar energi", "Natur och biologisk mångfald", -2) in result.strong_conflicts
    assert ["Nära vård", "Förebyggande folkhälsa"] in result.clusters

    member = User.objects.get(username="norrskog")
    client = Client()
    client.force_login(member)
    html = client.get(reverse("matrix:analysis", args=[matrix.pk])).content.decode()
    assert "Förnybar energi</strong> → <strong>Natur och biologisk mångfald" in html

    scores = Score.objects.count()
    _run_demo()
    assert Matrix.objects.filter(title=MATRIX_TITLE).count() == 1 and Score.objects.count() == scores
