"""Reading a matrix: every cell's scores, the median, the disagreement mark and the value used."""

import pytest
from django.core.exceptions import ValidationError

from livsmiljo.matrix import selectors, services
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.workshops.tests.factories import join, seed_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(facilitator, region):
    meeting = seed_meeting(facilitator, organisations=[region])
    goals = [GoalSpec("Bostäder"), GoalSpec("Pendling"), GoalSpec("Grönområden")]
    return services.create_matrix(project=meeting.project, title="Test", goals=goals, user=facilitator)


def ids(matrix):
    return [g.pk for g in matrix.goals.all()]


def test_a_cell_without_scores_is_missing_not_zero(matrix):
    cells = selectors.matrix_cells(matrix)
    a, b, _c = ids(matrix)
    assert cells.pair_count == 6
    assert cells.cell(a, b).value is None
    assert cells.cell(a, b).median is None


def test_median_disagreement_and_provisional_value_come_from_every_scorer(matrix, owner, member):
    meeting = matrix.project.meetings.get()
    anonymous = join(meeting)
    a, b, c = ids(matrix)
    services.record_score(matrix, a, b, 2, "Fler bostäder nära stationen", user=owner)
    services.record_score(matrix, a, b, -1, user=member)
    services.record_score(matrix, a, b, 3, participant=anonymous)
    services.record_score(matrix, a, c, -1, user=owner)
    services.record_score(matrix, a, c, 0, user=member)
    cells = selectors.matrix_cells(matrix)
    pair = cells.cell(a, b)
    assert sorted(pair.values) == [-1, 2, 3]
    assert pair.median == 2
    assert pair.disagreement  # −1 and +3 differ by 4
    assert pair.provisional and pair.value == 2
    assert not cells.cell(a, c).disagreement
    assert cells.cell(a, c).value == 0  # the median −0.5 rounded toward zero
    assert cells.scored_count == 2
    assert selectors.author_name(next(s for s in pair.scores if s.participant)) == "deltagare"


def test_an_agreed_value_is_what_the_analysis_uses(matrix, owner, facilitator):
    a, b, _c = ids(matrix)
    services.record_score(matrix, a, b, 2, user=owner)
    services.agree(matrix, a, b, -2, "Konflikt om mark", user=facilitator)
    cell = selectors.matrix_cells(matrix).cell(a, b)
    assert cell.value == -2 and not cell.provisional
    services.agree(matrix, a, b, "", user=facilitator)
    assert selectors.matrix_cells(matrix).cell(a, b).value == 2


def test_a_resent_score_replaces_the_first(matrix, owner):
    a, b, _c = ids(matrix)
    _score, created = services.record_score(matrix, a, b, 1, user=owner)
    assert created
    _score, created = services.record_score(matrix, a, b, -3, "Ändrade mig", user=owner)
    assert not created
    assert matrix.scores.count() == 1
    assert matrix.scores.get().value == -3


@pytest.mark.parametrize("value", [4, -4, "2.5", "två", None, True])
def test_a_score_outside_the_scale_is_refused_with_a_swedish_message(matrix, owner, value):
    a, b, _c = ids(matrix)
    with pytest.raises(ValidationError, match="skalan"):
        services.record_score(matrix, a, b, value, user=owner)
    assert matrix.scores.count() == 0


def test_a_goal_is_not_scored_against_itself_or_another_matrix(matrix, owner, facilitator):
    a, _b, _c = ids(matrix)
    other = services.create_matrix(
        project=matrix.project, title="Annan", goals=[GoalSpec("X"), GoalSpec("Y"), GoalSpec("Z")]
    )
    with pytest.raises(ValidationError):
        services.record_score(matrix, a, a, 1, user=owner)
    with pytest.raises(ValidationError):
        services.record_score(matrix, a, other.goals.all()[0].pk, 1, user=owner)
    assert matrix.scores.count() == 0


@pytest.mark.parametrize("names", [["A", "B"], ["A", "a", "B"], [str(i) for i in range(41)], ["A", " ", "B"]])
def test_a_matrix_needs_three_to_forty_distinct_goals(matrix, names):
    with pytest.raises(ValidationError):
        services.clean_goals([GoalSpec(n) for n in names])
