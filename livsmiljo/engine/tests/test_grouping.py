import random
from collections import Counter
from collections.abc import Sequence

import pytest

from livsmiljo.engine.grouping import form_groups, group_count, same_organisation_pairs


def _people(orgs: Sequence[str | None]) -> list[tuple[int, str | None]]:
    return [(i + 1, org) for i, org in enumerate(orgs)]


def _orgs(participants: list[tuple[int, str | None]]) -> dict[int, str | None]:
    return dict(participants)


def test_every_participant_lands_in_exactly_one_group():
    people = _people(["a", "a", "b", "c", "c", "c", None, "d", "e", "e", "f"])
    groups = form_groups(people, size=4)
    flat = [pid for group in groups for pid in group]
    assert sorted(flat) == [pid for pid, _ in people]


def test_group_sizes_are_balanced_and_close_to_the_requested_size():
    for n in range(1, 60):
        groups = form_groups(_people([f"o{i % 7}" for i in range(n)]), size=4)
        sizes = [len(g) for g in groups]
        assert max(sizes) - min(sizes) <= 1
        assert len(groups) == group_count(n, 4)


def test_no_two_people_from_one_organisation_share_a_group_when_it_is_avoidable():
    # Five regions with two or three people each, 12 people, 3 groups: every region fits across groups.
    people = _people(["skane"] * 3 + ["norrbotten"] * 3 + ["gotland"] * 2 + ["jamtland"] * 2 + ["kalmar"] * 2)
    groups = form_groups(people, size=4)
    assert len(groups) == 3
    assert same_organisation_pairs(groups, _orgs(people)) == 0


def test_a_large_organisation_is_spread_as_evenly_as_possible():
    people = _people(["tillvaxtverket"] * 7 + ["skane", "gotland", "kalmar", "uppsala", "orebro"])
    groups = form_groups(people, size=4)
    per_group = [Counter(_orgs(people)[pid] for pid in g)["tillvaxtverket"] for g in groups]
    assert sorted(per_group) == [2, 2, 3]


def test_mixing_is_never_worse_than_random_groups():
    rng = random.Random(7)
    for trial in range(30):
        people = _people([rng.choice(["a", "b", "c", "d", "e", None]) for _ in range(rng.randint(5, 40))])
        ours = same_organisation_pairs(form_groups(people, size=4, seed=trial), _orgs(people))
        shuffled = [pid for pid, _ in people]
        rng.shuffle(shuffled)
        count = group_count(len(people), 4)
        random_groups = [shuffled[i::count] for i in range(count)]
        assert ours <= same_organisation_pairs(random_groups, _orgs(people))


def test_people_without_an_organisation_never_count_as_a_clash():
    people = _people([None] * 8)
    groups = form_groups(people, size=4)
    assert [len(g) for g in groups] == [4, 4]
    assert same_organisation_pairs(groups, _orgs(people)) == 0


def test_the_same_seed_gives_the_same_groups_and_another_seed_may_differ():
    people = _people([f"o{i % 5}" for i in range(20)])
    assert form_groups(people, seed=3) == form_groups(people, seed=3)
    assert any(form_groups(people, seed=3) != form_groups(people, seed=s) for s in range(4, 10))


def test_small_and_empty_inputs():
    assert form_groups([]) == []
    assert form_groups(_people(["a"])) == [[1]]
    assert len(form_groups(_people(["a", "b", "c", "d", "e"]), size=4)) == 1


def test_a_size_below_one_is_refused():
    with pytest.raises(ValueError):
        form_groups(_people(["a"]), size=0)
