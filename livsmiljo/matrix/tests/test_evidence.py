"""Evidence for a pair: library passages where both goals meet, as the user may read them, conflicts first."""

import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.analysis.models import PassageTag
from livsmiljo.matrix import services
from livsmiljo.matrix.evidence import both_goals, pair_evidence, suggest
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.search.services import SearchHit
from livsmiljo.search.tests.conftest import _remember_embeddings, make_document  # noqa: F401  (fixtures)
from livsmiljo.workshops.services.meetings import project_create

pytestmark = pytest.mark.django_db

BOTH_CONFLICT = (
    "Vindkraften byggs ut snabbt, men många vindkraftsparker planeras där renskötseln behöver betesmarker "
    "och flyttleder. Samebyarna ser rennäringens framtid hotad av vindkraften."
)
BOTH_CALM = (
    "Samråd om vindkraft sker tidigt med samebyarna, så att renskötselns flyttleder och vindkraftens "
    "nya parker kan planeras tillsammans."
)
SECRET_BOTH = (
    "Hemligt utkast: vindkraft på renbetesland, där renskötseln och vindkraften delar på samma fjäll "
    "och samebyarna inte har hörts."
)
ONLY_HEALTH = "Vårdcentralerna samarbetar med kommunerna om friskvård för äldre och psykisk hälsa bland unga."
ONLY_WIND = (
    "Vindkraften ger nya jobb och fastighetsintäkter i kommunerna, och mer förnybar el till industrin."
)


@pytest.fixture
def matrix(facilitator, region):
    project = project_create(title="Lärprojektet", user=facilitator, organisations=[region])
    goals = [
        GoalSpec("Vindkraft", "Utbyggd vindkraft och förnybar energi"),
        GoalSpec("Renskötsel", "Rennäringens betesmarker och flyttleder"),
        GoalSpec("Nära vård"),
    ]
    return services.create_matrix(project=project, title="Norr", goals=goals, user=facilitator)


@pytest.fixture
def library(make_document, region, other_region):  # noqa: F811
    own = make_document(region, [(5, "Klimat och natur", BOTH_CONFLICT), (2, "Vård", ONLY_HEALTH)])
    shared = make_document(
        other_region,
        [(3, "Samråd", BOTH_CALM), (4, "Jobb", ONLY_WIND)],
        title="Grannens strategi",
        shared=True,
    )
    secret = make_document(other_region, [(1, "Utkast", SECRET_BOTH)], title="Hemligt utkast")
    conflict = own.passages.get(page=5)
    PassageTag.objects.create(
        passage=conflict, document=own, conflict=True, conflict_themes=["klimat", "natur"]
    )
    return {"own": own, "shared": shared, "secret": secret, "conflict": conflict}


def _goals(matrix):
    wind, reindeer, care = matrix.goals.all()
    return wind, reindeer, care


def test_it_finds_passages_about_both_goals_conflicts_first_and_never_another_organisations_private_one(
    matrix, library, owner
):
    wind, reindeer, _care = _goals(matrix)
    found = pair_evidence(source=wind, target=reindeer, user=owner)
    ids = [p.hit.passage_id for p in found.passages]
    assert ids[0] == library["conflict"].pk and found.passages[0].conflict
    assert library["shared"].passages.get(page=3).pk in ids
    assert not {p.hit.document_id for p in found.passages} & {library["secret"].pk}
    assert library["own"].passages.get(page=2).pk not in ids  # about health only
    assert found.organisations == 2 and found.conflicts == 1
    assert found.suggestion is not None and found.suggestion.value < 0


def test_the_evidence_partial_cites_page_document_and_organisation_and_marks_the_conflict(
    matrix, library, owner
):
    wind, reindeer, _care = _goals(matrix)
    client = Client()
    client.force_login(owner)
    url = reverse("matrix:evidence", args=[matrix.pk, wind.pk, reindeer.pk])
    html = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html
    assert html.index("Lyfter målkonflikt") < html.index("Grannens strategi")
    assert "s. 5" in html and "s. 3" in html and "Region Östergötland" in html
    assert "2 organisationers strategier berör båda målen" in html
    assert "Förslag" in html and "sparas inte" in html
    assert "Hemligt utkast" not in html and "renbetesland" not in html


def test_a_facilitator_sees_every_organisations_passages_but_a_member_only_visible_ones(
    matrix, library, owner, facilitator
):
    wind, reindeer, _care = _goals(matrix)
    as_member = {p.hit.document_id for p in pair_evidence(source=wind, target=reindeer, user=owner).passages}
    as_facilitator = {
        p.hit.document_id for p in pair_evidence(source=wind, target=reindeer, user=facilitator).passages
    }
    assert library["secret"].pk in as_facilitator and library["secret"].pk not in as_member


def test_nothing_is_saved_by_looking_at_the_evidence(matrix, library, owner):
    wind, reindeer, _care = _goals(matrix)
    client = Client()
    client.force_login(owner)
    client.get(reverse("matrix:evidence", args=[matrix.pk, wind.pk, reindeer.pk]))
    assert not matrix.scores.exists() and not matrix.agreements.exists()


def test_another_projects_member_gets_404_and_anonymous_visitors_the_login(matrix, outsider, client):
    wind, reindeer, _care = _goals(matrix)
    url = reverse("matrix:evidence", args=[matrix.pk, wind.pk, reindeer.pk])
    outsider_client = Client()
    outsider_client.force_login(outsider)
    assert outsider_client.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_goal_of_another_matrix_or_the_same_goal_twice_is_404(matrix, owner):
    wind, _reindeer, _care = _goals(matrix)
    other = services.create_matrix(
        project=matrix.project, title="Annan", goals=[GoalSpec("A"), GoalSpec("B"), GoalSpec("C")]
    )
    client = Client()
    client.force_login(owner)
    foreign = other.goals.all()[0]
    assert client.get(reverse("matrix:evidence", args=[matrix.pk, wind.pk, foreign.pk])).status_code == 404
    assert client.get(reverse("matrix:evidence", args=[matrix.pk, wind.pk, wind.pk])).status_code == 404


def _hit(pid: int, score: float) -> SearchHit:
    return SearchHit(pid, 1, "T", "t.pdf", "Org", 1, "", "", "", score)  # type: ignore[arg-type]


def test_a_passage_ranks_by_the_weaker_of_its_two_relevances():
    a = [_hit(1, 3.0), _hit(2, 2.0), _hit(3, 1.0), _hit(9, 0.0)]
    b = [_hit(2, 5.0), _hit(3, 4.9), _hit(1, 0.1), _hit(8, 0.0)]
    ranked = [hit.passage_id for hit, _score in both_goals(a, b)]
    assert ranked == [2, 3, 1]


def test_the_suggestion_is_negative_with_conflicts_positive_with_calm_passages_and_absent_without():
    assert suggest(4, 1).value == -1  # type: ignore[union-attr]
    assert suggest(3, 0).value == 1  # type: ignore[union-attr]
    assert suggest(1, 0) is None
