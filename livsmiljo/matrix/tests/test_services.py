"""Writing matrices: creating one from each source, its goals, scores that replace, agreeing, importing."""

import pytest
from django.core.exceptions import ValidationError

from livsmiljo.documents.models import Document, Passage
from livsmiljo.engine.matrix.model import ScoredMatrix
from livsmiljo.matrix import services
from livsmiljo.matrix.goal_sources import document_candidates, predefined_goals
from livsmiljo.matrix.models import Agreement, GoalSource, Score
from livsmiljo.matrix.services import GoalEdit, GoalSpec
from livsmiljo.workshops.services.meetings import project_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(facilitator, region):
    return project_create(title="Hållbara livsmiljöer", user=facilitator, organisations=[region])


@pytest.fixture
def matrix(project, owner):
    goals = [GoalSpec("Bostäder", "Fler bostäder"), GoalSpec("Pendling"), GoalSpec("Grönområden")]
    return services.create_matrix(project=project, title="Länets mål", goals=goals, user=owner)


def ids(matrix):
    return [g.pk for g in matrix.goals.all()]


def strategy(region, owner) -> Document:
    document = Document.objects.create(
        organisation=region,
        title="Regional utvecklingsstrategi",
        file_name="rus.txt",
        file_format="txt",
        content_hash="1" * 64,
        page_count=3,
        uploaded_by=owner,
    )
    texts = [
        ("Mål 1: Attraktiva livsmiljöer i hela länet", "Här beskrivs livsmiljöerna."),
        ("Mål 2: God tillgänglighet", "Här beskrivs trafiken."),
        ("Mål 3: Ett hållbart näringsliv", "Här beskrivs företagen."),
    ]
    for k, (heading, text) in enumerate(texts, start=1):
        Passage.objects.create(document=document, page=k, ordinal=k, heading=heading, text=text, word_count=9)
    return document


def test_a_matrix_typed_by_hand_keeps_the_goals_in_order_with_descriptions(matrix, owner):
    goals = list(matrix.goals.all())
    assert [g.name for g in goals] == ["Bostäder", "Pendling", "Grönområden"]
    assert goals[0].description == "Fler bostäder"
    assert matrix.created_by == owner and matrix.goal_source == GoalSource.HAND


def test_fewer_than_three_goals_or_a_name_twice_is_refused_in_swedish(project):
    with pytest.raises(ValidationError, match="3–40 mål"):
        services.create_matrix(project=project, title="T", goals=[GoalSpec("A"), GoalSpec("B")])
    with pytest.raises(ValidationError, match="finns två gånger"):
        services.create_matrix(
            project=project, title="T", goals=[GoalSpec("A"), GoalSpec("a "), GoalSpec("B")]
        )


@pytest.mark.parametrize(
    ("source", "count", "first"),
    [
        (GoalSource.NATIONAL, 4, "Likvärdiga möjligheter"),
        (GoalSource.THEMES, 14, "Hälsa och vård"),
        (GoalSource.AGENDA2030, 17, "Ingen fattigdom"),
    ],
)
def test_a_predefined_source_gives_its_goals(project, source, count, first):
    goals = predefined_goals(source)
    matrix = services.create_matrix(project=project, title="T", goals=goals, goal_source=source)
    names = list(matrix.goals.values_list("name", flat=True))
    assert len(names) == count and names[0].startswith(first)


def test_a_strategy_offers_its_numbered_goals_with_page_and_passage(region, owner, project):
    document = strategy(region, owner)
    candidates = document_candidates(document)
    names = [c.name for c in candidates]
    assert names[:3] == [
        "Attraktiva livsmiljöer i hela länet",
        "God tillgänglighet",
        "Ett hållbart näringsliv",
    ]
    assert [c.page for c in candidates[:3]] == [1, 2, 3]
    goals = [GoalSpec(c.name, c.description, int(str(c.passage_id))) for c in candidates[:3]]
    matrix = services.create_matrix(
        project=project,
        title="Ur RUS",
        goals=goals,
        goal_source=GoalSource.DOCUMENT,
        source_document_id=document.pk,
    )
    assert [g.passage.page for g in matrix.goals.all() if g.passage] == [1, 2, 3]


def test_a_resent_score_replaces_the_earlier_one(matrix, owner, member):
    a, b, _c = ids(matrix)
    services.record_score(matrix, a, b, 1, "Först", user=owner)
    services.record_score(matrix, a, b, -2, "Efter samtalet", user=owner)
    services.record_score(matrix, a, b, 2, user=member)
    mine = Score.objects.get(matrix=matrix, user=owner)
    assert Score.objects.filter(matrix=matrix).count() == 2
    assert (mine.value, mine.reason) == (-2, "Efter samtalet")


def test_a_score_outside_the_scale_or_on_the_diagonal_is_refused(matrix, owner):
    a, b, _c = ids(matrix)
    with pytest.raises(ValidationError, match="−3 till \\+3"):
        services.record_score(matrix, a, b, 4, user=owner)
    with pytest.raises(ValidationError, match="mot sig självt"):
        services.record_score(matrix, a, a, 1, user=owner)
    assert not Score.objects.exists()


def test_agreeing_sets_and_an_empty_value_clears(matrix, facilitator):
    a, b, _c = ids(matrix)
    services.agree(matrix, a, b, "-2", "Konflikt om marken", user=facilitator)
    services.agree(matrix, a, b, "-1", "Mildare efter samtal", user=facilitator)
    agreement = Agreement.objects.get()
    assert (agreement.value, agreement.note, agreement.agreed_by) == (-1, "Mildare efter samtal", facilitator)
    assert services.agree(matrix, a, b, "", user=facilitator) is None
    assert not Agreement.objects.exists()


def test_saving_a_whole_grid_records_and_removes(matrix, owner):
    a, b, c = ids(matrix)
    services.record_score(matrix, b, c, 1, user=owner)
    count = services.scores_save(
        matrix=matrix, user=owner, entries=[(a, b, "2", "Ja"), (a, c, "-1", ""), (b, c, "", "")]
    )
    assert count == 2
    assert set(Score.objects.values_list("source_id", "target_id", "value")) == {(a, b, 2), (a, c, -1)}


def test_goals_can_be_renamed_reordered_added_and_removed(matrix, owner):
    a, b, c = ids(matrix)
    services.record_score(matrix, a, c, 2, user=owner)
    services.record_score(matrix, a, b, 1, user=owner)
    services.goals_update(
        matrix=matrix,
        edits=[
            GoalEdit(a, "Pendling", "Bytt namn", order=2),  # takes the name the second goal gives up
            GoalEdit(b, "Kollektivtrafik", order=1),
            GoalEdit(c, "Grönområden", remove=True),
            GoalEdit(None, "Klimat", order=3),
            GoalEdit(None, "Kultur", order=4),
        ],
    )
    goals = list(matrix.goals.all())
    assert [g.name for g in goals] == ["Kollektivtrafik", "Pendling", "Klimat", "Kultur"]
    assert goals[1].pk == a and goals[1].description == "Bytt namn"
    assert list(Score.objects.values_list("target_id", flat=True)) == [b]  # the removed goal's score went


def test_goal_changes_that_leave_too_few_goals_change_nothing(matrix):
    a, b, c = ids(matrix)
    assert services.goals_removal_cost(matrix, [c]) == (0, 0)
    with pytest.raises(ValidationError, match="3–40 mål"):
        services.goals_update(
            matrix=matrix, edits=[GoalEdit(a, "A"), GoalEdit(b, "B"), GoalEdit(c, "C", remove=True)]
        )
    assert list(matrix.goals.values_list("name", flat=True)) == ["Bostäder", "Pendling", "Grönområden"]


def test_an_imported_matrix_has_its_scores_as_agreed_values_of_the_importer(project, owner):
    scored = ScoredMatrix(("Vård", "Hälsa", "Natur"), {(0, 1): 2, (2, 0): -3})
    matrix = services.matrix_import(project=project, title="Från Excel", scored=scored, user=owner)
    agreed = {(a.source.name, a.target.name, a.value, a.agreed_by) for a in matrix.agreements.all()}
    assert agreed == {("Vård", "Hälsa", 2, owner), ("Natur", "Vård", -3, owner)}
    assert not Score.objects.exists()
