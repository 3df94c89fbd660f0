"""Reading matrices: every cell's scores with median and disagreement, and the matrix the analysis uses."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from livsmiljo.matrix.models import Agreement, Goal, Matrix, Score

DISAGREEMENT = 3  # scores that differ by this much or more are discussed first


@dataclass
class Cell:
    source: Goal
    target: Goal
    scores: list[Score] = field(default_factory=list)
    agreed: Agreement | None = None

    @property
    def values(self) -> list[int]:
        return [s.value for s in self.scores]

    @property
    def median(self) -> float | None:
        return statistics.median(self.values) if self.scores else None

    @property
    def disagreement(self) -> bool:
        return len(self.scores) > 1 and max(self.values) - min(self.values) >= DISAGREEMENT

    @property
    def value(self) -> int | None:
        """The value the analysis uses: the agreed one, else the median rounded toward zero, else missing."""
        if self.agreed is not None:
            return self.agreed.value
        median = self.median
        return None if median is None else int(median)

    @property
    def provisional(self) -> bool:
        return self.agreed is None and bool(self.scores)


@dataclass
class MatrixCells:
    goals: list[Goal]
    cells: dict[tuple[int, int], Cell]

    def cell(self, source_id: int, target_id: int) -> Cell:
        return self.cells[(source_id, target_id)]

    @property
    def pair_count(self) -> int:
        return len(self.cells)

    @property
    def scored_count(self) -> int:
        return sum(1 for c in self.cells.values() if c.scores)

    @property
    def agreed_count(self) -> int:
        return sum(1 for c in self.cells.values() if c.agreed is not None)

    @property
    def provisional_count(self) -> int:
        return sum(1 for c in self.cells.values() if c.provisional)

    def rows(self) -> list[tuple[Goal, list[Cell | None]]]:
        """Row by row for a grid; None on the diagonal."""
        return [
            (s, [None if s.pk == t.pk else self.cells[(s.pk, t.pk)] for t in self.goals]) for s in self.goals
        ]


def matrix_cells(matrix: Matrix, *, user: Any = None) -> MatrixCells:
    """Every ordered pair with its scores (all authors, or only `user`'s when given) and agreed value."""
    goals = list(matrix.goals.all())
    cells = {(s.pk, t.pk): Cell(s, t) for s in goals for t in goals if s.pk != t.pk}
    scores = Score.objects.filter(matrix=matrix).select_related("user", "participant__organisation")
    if user is not None:
        scores = scores.filter(user=user)
    for score in scores:
        key = (score.source_id, score.target_id)
        if key in cells:
            cells[key].scores.append(score)
    for agreement in Agreement.objects.filter(matrix=matrix).select_related("agreed_by"):
        key = (agreement.source_id, agreement.target_id)
        if key in cells:
            cells[key].agreed = agreement
    return MatrixCells(goals, cells)


def scored_matrix(matrix: Matrix, *, user: Any = None) -> Any:
    """The engine's ScoredMatrix of the values the analysis uses (see Cell.value); missing stays missing."""
    from livsmiljo.engine.matrix import ScoredMatrix

    data = matrix_cells(matrix, user=user)
    index = {g.pk: i for i, g in enumerate(data.goals)}
    values = {
        (index[s], index[t]): cell.value for (s, t), cell in data.cells.items() if cell.value is not None
    }
    return ScoredMatrix(goals=tuple(g.name for g in data.goals), cells=values)


def author_name(score: Score) -> str:
    """The name shown next to a score: the person's name, or "deltagare" for an anonymous participant."""
    from django.utils.translation import gettext as _

    if score.user is not None:
        return score.user.get_full_name() or score.user.get_username()
    if score.participant is not None and score.participant.display_name:
        return score.participant.display_name
    return _("deltagare")
