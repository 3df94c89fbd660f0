"""Scoring a matrix live: how the pairs are shared out across groups and which pair a phone gets next."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError

from livsmiljo.matrix import live, services, services_live
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.workshops import services as workshop_services
from livsmiljo.workshops.models import AgendaBlock, Group, GroupMember
from livsmiljo.workshops.tests.factories import join, seed_meeting

GOALS = ["Bostäder", "Pendling", "Grönområden", "Näringsliv"]


def test_sharing_gives_every_pair_to_exactly_one_group():
    pairs = live.ordered_pairs(list(range(1, 13)))  # 12 goals: 132 pairs
    shares = live.share_pairs(pairs, [10, 20, 30, 40, 50])
    assert len(pairs) == 132
    every = [pair for share in shares.values() for pair in share]
    assert sorted(every) == sorted(pairs)
    assert len(set(every)) == len(every)
    assert {len(share) for share in shares.values()} <= {26, 27}


def test_each_group_meets_every_goal_as_a_source():
    shares = live.share_pairs(live.ordered_pairs([1, 2, 3, 4, 5, 6]), [1, 2, 3])
    for share in shares.values():
        assert {source for source, _target in share} == {1, 2, 3, 4, 5, 6}


def test_without_groups_there_is_no_share():
    assert live.share_pairs([(1, 2)], []) == {}


def test_the_pair_with_the_fewest_scores_comes_first():
    share = [(1, 2), (1, 3), (2, 1), (2, 3)]
    counts = Counter({(1, 2): 3, (1, 3): 1, (2, 1): 0, (2, 3): 2})
    assert live.next_pair(share, counts, done=[]) == (2, 1)
    assert live.next_pair(share, counts, done=[(2, 1)]) == (1, 3)


def test_people_in_the_same_group_start_at_different_pairs():
    share = live.ordered_pairs([1, 2, 3, 4])
    firsts = {live.next_pair(share, Counter(), done=[], offset=offset) for offset in range(5)}
    assert len(firsts) == 5


def test_skipped_pairs_come_last_and_none_is_offered_when_all_are_scored():
    share = [(1, 2), (2, 1)]
    assert live.next_pair(share, Counter(), done=[], skipped=[(1, 2)]) == (2, 1)
    assert live.next_pair(share, Counter(), done=[(2, 1)], skipped=[(1, 2)]) == (1, 2)
    assert live.next_pair(share, Counter(), done=share) is None


def test_the_scale_runs_from_plus_three_to_minus_three_with_swedish_labels():
    steps = live.scale()
    assert [s["value"] for s in steps] == [3, 2, 1, 0, -1, -2, -3]
    assert steps[0]["label"] == "+3 Odelbart"
    assert steps[-1]["label"] == "−3 Omöjliggörande"


@pytest.fixture
def meeting(facilitator, region):
    return seed_meeting(facilitator, organisations=[region])


@pytest.fixture
def matrix(meeting, facilitator):
    goals = [GoalSpec(name) for name in GOALS]
    matrix = services.create_matrix(project=meeting.project, title="RUS-mål", goals=goals, user=facilitator)
    services_live.matrix_block_create(matrix=matrix, meeting=meeting, user=facilitator)
    matrix.refresh_from_db()
    return matrix


def _groups(meeting, block, members):
    for number, people in enumerate(members, start=1):
        group = Group.objects.create(meeting=meeting, block=block, number=number)
        for person in people:
            GroupMember.objects.create(group=group, participant=person)


@pytest.mark.django_db
def test_using_a_matrix_in_a_meeting_adds_a_matrix_block_last(matrix, meeting):
    block = matrix.block
    assert block.kind == AgendaBlock.Kind.MATRIX
    assert block.meeting == meeting
    assert block.order > max(b.order for b in meeting.blocks.exclude(pk=block.pk))
    assert live.block_matrix(block) == matrix


@pytest.mark.django_db
def test_a_matrix_cannot_go_to_a_meeting_of_another_project(matrix, facilitator):
    other = seed_meeting(facilitator, title="Annat projekt")
    with pytest.raises(ValidationError):
        services_live.matrix_block_create(matrix=matrix, meeting=other, user=facilitator)


@pytest.mark.django_db
def test_linking_a_block_to_another_matrix_unlinks_the_first(matrix, meeting, facilitator):
    second = services.create_matrix(
        project=meeting.project, title="Andra", goals=[GoalSpec(n) for n in GOALS], user=facilitator
    )
    services_live.matrix_block_link(block=matrix.block, matrix=second, user=facilitator)
    matrix.refresh_from_db()
    second.refresh_from_db()
    assert matrix.block is None
    assert second.block is not None and second.block.kind == AgendaBlock.Kind.MATRIX


@pytest.mark.django_db
def test_groups_share_the_pairs_and_together_cover_each_exactly_once(matrix, meeting):
    people = [join(meeting, f"P{i}") for i in range(6)]
    _groups(meeting, matrix.block, [people[:2], people[2:4], people[4:]])
    shares = [live.participant_share(matrix, p, [g.pk for g in matrix.goals.all()])[0] for p in people[::2]]
    every = [pair for share in shares for pair in share]
    assert len(every) == 12 and len(set(every)) == 12
    assert live.pair_payload(matrix, people[0])["total"] == 4
    assert live.pair_payload(matrix, people[0])["group"] == "Grupp 1"


@pytest.mark.django_db
def test_someone_outside_the_groups_gets_the_least_scored_pair(matrix, meeting):
    a, b = join(meeting, "A"), join(meeting, "B")
    _groups(meeting, matrix.block, [[a]])
    latecomer = join(meeting, "Sen")
    ids = [g.pk for g in matrix.goals.all()]
    for source, target in live.ordered_pairs(ids)[:-1]:
        services.record_score(matrix, source, target, 1, participant=b)
    payload = live.pair_payload(matrix, latecomer)
    assert payload["total"] == 12
    assert (payload["source"]["id"], payload["target"]["id"]) == live.ordered_pairs(ids)[-1]


@pytest.mark.django_db
def test_the_pair_payload_counts_progress_and_ends_with_no_pair(matrix, meeting):
    matrix.share_pairs = False
    matrix.save()
    anna = join(meeting, "Anna")
    ids = [g.pk for g in matrix.goals.all()]
    for source, target in live.ordered_pairs(ids)[:7]:
        services.record_score(matrix, source, target, 2, participant=anna)
    assert (live.pair_payload(matrix, anna)["done"], live.pair_payload(matrix, anna)["total"]) == (7, 12)
    for source, target in live.ordered_pairs(ids):
        services.record_score(matrix, source, target, 2, participant=anna)
    assert live.pair_payload(matrix, anna)["source"] is None


@pytest.mark.django_db
def test_the_heatmap_has_medians_and_counts_but_no_reasons(matrix, meeting):
    anna, bo = join(meeting, "Anna"), join(meeting, "Bo")
    a, b = [g.pk for g in matrix.goals.all()][:2]
    services.record_score(matrix, a, b, 3, "Hemlig motivering", participant=anna)
    services.record_score(matrix, a, b, -1, participant=bo)
    heatmap = live.heatmap_payload(matrix)
    cell = next(c for c in heatmap["cells"] if (c["source"], c["target"]) == (a, b))
    assert cell == {"source": a, "target": b, "count": 2, "median": 1, "disagreement": True}
    assert (heatmap["scored"], heatmap["total"], heatmap["disagreements"]) == (1, 12, 1)
    assert "Hemlig" not in str(heatmap)


@pytest.mark.django_db
def test_a_score_is_refused_once_the_meeting_has_moved_on(matrix, meeting, facilitator):
    anna = join(meeting, "Anna")
    a, b = [g.pk for g in matrix.goals.all()][:2]
    with pytest.raises(ValidationError, match="tar inte emot"):
        live.score_receive(anna, {"source": a, "target": b, "value": 1})
    workshop_services.meeting_start(meeting=meeting, user=facilitator)
    workshop_services.meeting_goto(meeting=meeting, user=facilitator, block=matrix.block)
    live.score_receive(anna, {"source": a, "target": b, "value": 1})
    assert matrix.scores.count() == 1
