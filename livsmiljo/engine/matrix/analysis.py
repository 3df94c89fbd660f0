"""Network analysis of an agreed cross-impact matrix (Nilsson et al. 2016; Weitz et al. 2018), and the
comparison of matrices that share goals. The diagonal is ignored and missing cells count as 0."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from livsmiljo.engine.matrix.model import Pair, ScoredMatrix

STRONG = 2  # |score| from which a link is a strong conflict, a mutual reinforcement, a drawn line
TOP = 3  # goals named as drivers and as held back

Link = tuple[str, str, int]


@dataclass
class Analysis:
    goals: tuple[str, ...]
    out: dict[str, int]  # influence exerted: the sum of row i
    in_: dict[str, int]  # influence received: the sum of column j
    out_pos: dict[str, int]
    out_neg: dict[str, int]
    second_order: dict[str, int]  # Σ_j A[i][j] · out[j]: effects passed on through the goals it influences
    strong_conflicts: list[Link]  # A[i][j] ≤ −2, most negative first, ties in goal order
    clusters: list[list[str]]  # mutual reinforcement (both ways ≥ 2), largest first, goals in goal order
    strong_synergies: list[Link] = field(default_factory=list)  # A[i][j] ≥ 2, strongest first
    ranking: list[str] = field(default_factory=list)  # goals by out, largest first
    drivers: list[str] = field(default_factory=list)  # up to 3 goals with the largest positive out
    held_back: list[str] = field(default_factory=list)  # up to 3 goals with the most negative in
    scored: int = 0  # cells with a score
    pairs: int = 0  # ordered pairs of different goals
    matrix: ScoredMatrix | None = None

    @property
    def missing(self) -> int:
        return self.pairs - self.scored


def array(m: ScoredMatrix) -> np.ndarray:
    """The matrix as integers, missing cells and the diagonal 0."""
    a = np.zeros((m.size, m.size), dtype=np.int64)
    for (i, j), v in m.cells.items():
        if i != j:
            a[i, j] = v
    return a


def analyse(m: ScoredMatrix) -> Analysis:
    a = array(m)
    out, in_ = a.sum(axis=1), a.sum(axis=0)
    goals = m.goals
    ranking = sorted(range(m.size), key=lambda i: (-out[i], i))
    return Analysis(
        goals=goals,
        out=_by_goal(goals, out),
        in_=_by_goal(goals, in_),
        out_pos=_by_goal(goals, np.where(a > 0, a, 0).sum(axis=1)),
        out_neg=_by_goal(goals, np.where(a < 0, a, 0).sum(axis=1)),
        second_order=_by_goal(goals, a @ out),
        strong_conflicts=_links(a, goals, lambda v: v <= -STRONG, weakest_first=True),
        clusters=_clusters(a, goals),
        strong_synergies=_links(a, goals, lambda v: v >= STRONG, weakest_first=False),
        ranking=[goals[i] for i in ranking],
        drivers=[goals[i] for i in ranking[:TOP] if out[i] > 0],
        held_back=[goals[j] for j in sorted(range(m.size), key=lambda j: (in_[j], j))[:TOP] if in_[j] < 0],
        scored=sum(1 for (i, j) in m.cells if i != j),
        pairs=m.pairs,
        matrix=m,
    )


def analysis_json(a: Analysis) -> dict[str, object]:
    """The command line's and the API's shape (issue 11, item 9)."""
    return {
        "goals": list(a.goals),
        "out": a.out,
        "in": a.in_,
        "out_pos": a.out_pos,
        "out_neg": a.out_neg,
        "second_order": a.second_order,
        "strong_conflicts": [list(c) for c in a.strong_conflicts],
        "clusters": a.clusters,
    }


def _by_goal(goals: Sequence[str], values: np.ndarray) -> dict[str, int]:
    return {g: int(v) for g, v in zip(goals, values, strict=True)}


def _links(a: np.ndarray, goals: Sequence[str], keep, *, weakest_first: bool) -> list[Link]:  # type: ignore[no-untyped-def]
    n = len(goals)
    found = [(int(a[i, j]), i, j) for i in range(n) for j in range(n) if i != j and keep(a[i, j])]
    found.sort(key=lambda t: (t[0] if weakest_first else -t[0], t[1], t[2]))
    return [(goals[i], goals[j], v) for v, i, j in found]


def _clusters(a: np.ndarray, goals: Sequence[str]) -> list[list[str]]:
    n = len(goals)
    mutual = (a >= STRONG) & (a.T >= STRONG)
    seen: set[int] = set()
    groups: list[list[int]] = []
    for start in range(n):
        if start in seen:
            continue
        group, stack = {start}, [start]
        while stack:
            i = stack.pop()
            for j in map(int, np.flatnonzero(mutual[i])):
                if j != i and j not in group:
                    group.add(j)
                    stack.append(j)
        seen |= group
        if len(group) >= 2:
            groups.append(sorted(group))
    groups.sort(key=lambda g: (-len(g), g[0]))
    return [[goals[i] for i in g] for g in groups]


@dataclass
class Comparison:
    """Matrices restricted to the goals they share (by name, in the first matrix's order). Differences are
    each later matrix minus the first; a cell missing in either stays missing."""

    labels: list[str]
    goals: tuple[str, ...]
    matrices: list[ScoredMatrix]  # each restricted to the shared goals
    differences: list[ScoredMatrix]  # labels[k] minus labels[0], for k ≥ 1
    out: list[dict[str, int]]
    in_: list[dict[str, int]]
    out_differences: list[dict[str, int]]
    in_differences: list[dict[str, int]]
    largest: list[list[Link]]  # per difference: the cells that changed, largest change first
    only_in: list[list[str]]  # per matrix: its goals that are not shared


def compare(matrices: Sequence[ScoredMatrix], labels: Sequence[str]) -> Comparison:
    if len(matrices) < 2 or len(labels) != len(matrices):
        raise ValueError("compare needs two or more matrices and one label each")
    keys = [{g.casefold(): k for k, g in enumerate(m.goals)} for m in matrices]
    shared = tuple(g for g in matrices[0].goals if all(g.casefold() in k for k in keys))
    subs = [
        _restrict(m, [k[g.casefold()] for g in shared], shared) for m, k in zip(matrices, keys, strict=True)
    ]
    analyses = [analyse(s) for s in subs]
    diffs = [_difference(subs[0], s) for s in subs[1:]]
    return Comparison(
        labels=list(labels),
        goals=shared,
        matrices=subs,
        differences=diffs,
        out=[a.out for a in analyses],
        in_=[a.in_ for a in analyses],
        out_differences=[{g: a.out[g] - analyses[0].out[g] for g in shared} for a in analyses[1:]],
        in_differences=[{g: a.in_[g] - analyses[0].in_[g] for g in shared} for a in analyses[1:]],
        largest=[_changes(d) for d in diffs],
        only_in=[[g for g in m.goals if g not in set(shared)] for m in matrices],
    )


def _restrict(m: ScoredMatrix, index: list[int], goals: tuple[str, ...]) -> ScoredMatrix:
    cells = {}
    for a, i in enumerate(index):
        for b, j in enumerate(index):
            if (i, j) in m.cells and a != b:
                cells[(a, b)] = m.cells[(i, j)]
    return ScoredMatrix(goals, cells)


def _difference(base: ScoredMatrix, other: ScoredMatrix) -> ScoredMatrix:
    cells: dict[Pair, int] = {p: other.cells[p] - v for p, v in base.cells.items() if p in other.cells}
    return ScoredMatrix(base.goals, cells)


def _changes(d: ScoredMatrix) -> list[Link]:
    changed = [(v, i, j) for (i, j), v in d.cells.items() if v]
    changed.sort(key=lambda t: (-abs(t[0]), t[1], t[2]))
    return [(d.goals[i], d.goals[j], v) for v, i, j in changed]
