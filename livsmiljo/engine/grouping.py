"""Form dialogue groups that mix organisations.

Everyone is dealt out round-robin after sorting by organisation, largest organisation first. An
organisation with at most as many people as there are groups therefore never has two people in one
group, a larger one is spread as evenly as it can be (each group holds floor or ceil of its share),
and group sizes differ by at most one. The seed only decides the order among equals, so the same
input and seed always give the same groups.

`form_groups_by_curiosity` first seats together the people whose curiosity meets another's contribution
(their person pages, engine/network.py), then deals everyone else in the same way.
"""

import random
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import replace

from livsmiljo.engine.network import THRESHOLD, Person, Similarities

Participant = tuple[int, str | None]


def group_count(n: int, size: int) -> int:
    """How many groups of about `size` people `n` people make (rounding half up, at least one)."""
    if size < 1:
        raise ValueError("size must be at least 1")
    return max(1, int(n / size + 0.5)) if n else 0


def _dealing_order(participants: list[Participant], rng: random.Random) -> list[int]:
    by_org: dict[str, list[int]] = defaultdict(list)
    for index, (pid, org) in enumerate(participants):
        # Someone without an organisation cannot clash with anyone, so each is their own "organisation".
        key = f"org:{org}" if org else f"none:{index}"
        by_org[key].append(pid)
    blocks = list(by_org.values())
    for block in blocks:
        rng.shuffle(block)
    rng.shuffle(blocks)
    blocks.sort(key=len, reverse=True)  # stable: equal sizes keep their shuffled order
    return [pid for block in blocks for pid in block]


def form_groups(participants: list[Participant], size: int = 4, seed: int = 0) -> list[list[int]]:
    """Split (id, organisation) pairs into groups of about `size` that mix organisations.

    Returns lists of ids; ids keep the order they were dealt in. Same input and seed, same groups.
    """
    count = group_count(len(participants), size)
    if count == 0:
        return []
    rng = random.Random(seed)
    groups: list[list[int]] = [[] for _ in range(count)]
    for position, pid in enumerate(_dealing_order(participants, rng)):
        groups[position % count].append(pid)
    return groups


def same_organisation_pairs(groups: list[list[int]], organisation_of: dict[int, str | None]) -> int:
    """How many pairs of people in the same group come from the same organisation (0 is perfect mixing)."""
    pairs = 0
    for group in groups:
        counts: dict[str, int] = defaultdict(int)
        for pid in group:
            org = organisation_of.get(pid)
            if org:
                counts[org] += 1
        pairs += sum(c * (c - 1) // 2 for c in counts.values())
    return pairs


def _capacities(n: int, count: int) -> list[int]:
    return [n // count + (1 if i < n % count else 0) for i in range(count)]


def _complementary_pairs(
    ids: list[int], strength: Callable[[int, int], float], floor: float
) -> list[tuple[int, int]]:
    """Pairs whose curiosity meets the other's contribution (in either direction), strongest first."""
    scored = []
    for i, a in enumerate(ids):
        for b in ids[i + 1 :]:
            value = strength(a, b)
            if value >= floor:
                scored.append((-value, a, b))
    scored.sort(key=lambda t: t[0])  # stable: equally strong pairs keep the seeded order
    return [(a, b) for _, a, b in scored]


def _roomiest(
    groups: list[list[int]], capacities: list[int], need: int, avoid: str | None, orgs: dict[int, str | None]
) -> int | None:
    """With room for `need`: fewest people of `avoid`'s organisation, most room, lowest index."""
    open_groups = [g for g in range(len(groups)) if capacities[g] - len(groups[g]) >= need]
    if not open_groups:
        return None
    return min(
        open_groups,
        key=lambda g: (
            sum(1 for p in groups[g] if avoid and orgs.get(p) == avoid),
            len(groups[g]) - capacities[g],
            g,
        ),
    )


def form_groups_by_curiosity(
    participants: list[Participant],
    people: Mapping[int, Person],
    size: int = 4,
    seed: int = 0,
    threshold: float = THRESHOLD,
) -> list[list[int]]:
    """Groups of about `size` in which people who want to learn what another can contribute sit together.

    `people` maps a participant id to their person page (engine.network.Person). Complementary pairs
    (one's curiosity or wish to learn meets the other's contribution or assignment, at the matching
    threshold) are placed together strongest first, in the group with most room; everyone else, and
    everyone without a page, is then dealt in mixing organisations as `form_groups` does. Sizes differ by
    at most one; same input and seed, same groups.
    """
    count = group_count(len(participants), size)
    if count == 0:
        return []
    rng = random.Random(seed)
    orgs = dict(participants)
    capacities = _capacities(len(participants), count)
    groups: list[list[int]] = [[] for _ in range(count)]
    where: dict[int, int] = {}
    with_page = [pid for pid, _ in participants if pid in people]
    rng.shuffle(with_page)  # the seed decides among equally strong pairs
    sims = Similarities([replace(people[pid], id=pid) for pid in with_page])
    for a, b in _complementary_pairs(with_page, sims.strength, threshold):
        if a in where and b in where:
            continue
        if a in where or b in where:
            placed, other = (a, b) if a in where else (b, a)
            if len(groups[where[placed]]) < capacities[where[placed]]:
                groups[where[placed]].append(other)
                where[other] = where[placed]
            continue
        target = _roomiest(groups, capacities, 2, None, orgs)
        if target is not None:
            groups[target] += [a, b]
            where[a] = where[b] = target
    rest = [pid for pid, _ in participants if pid not in where]
    for pid in _dealing_order([(pid, orgs[pid]) for pid in rest], rng):
        target = _roomiest(groups, capacities, 1, orgs[pid], orgs)
        assert target is not None  # capacities add up to everyone
        groups[target].append(pid)
    return groups
