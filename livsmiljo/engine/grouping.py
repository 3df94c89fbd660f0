"""Form dialogue groups that mix organisations.

Everyone is dealt out round-robin after sorting by organisation, largest organisation first. An
organisation with at most as many people as there are groups therefore never has two people in one
group, a larger one is spread as evenly as it can be (each group holds floor or ceil of its share),
and group sizes differ by at most one. The seed only decides the order among equals, so the same
input and seed always give the same groups.
"""

import random
from collections import defaultdict

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
