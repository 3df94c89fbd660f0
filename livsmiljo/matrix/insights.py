"""What the analysis page shows: the engine's figures as table rows, and what they mean in plain Swedish.

The analysis uses the agreed value of a cell, else the median of its scores (preliminary), and counts a
missing cell as 0 in the sums; the matrix on the page still shows a missing cell as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from livsmiljo.matrix.models import ScoreValue
from livsmiljo.matrix.selectors import MatrixCells

START_WITH = 3


@dataclass(frozen=True)
class GoalRow:
    number: int
    name: str
    out: int
    in_: int
    out_pos: int
    out_neg: int
    second_order: int


@dataclass(frozen=True)
class Link:
    source: str
    target: str
    value: int

    @property
    def label(self) -> str:
        return str(ScoreValue(self.value).label) if -3 <= self.value <= 3 else f"{self.value:+d}"


@dataclass(frozen=True)
class Reading:
    """The figures in words: each list names goals (or links) the page explains."""

    start_with: list[GoalRow]
    held_back: list[GoalRow]
    conflicts: list[Link]
    clusters: list[list[str]]


def goal_rows(result: Any) -> list[GoalRow]:
    return [
        GoalRow(
            i + 1,
            g,
            result.out[g],
            result.in_[g],
            result.out_pos[g],
            result.out_neg[g],
            result.second_order[g],
        )
        for i, g in enumerate(result.goals)
    ]


def reading(result: Any) -> Reading:
    """Start with the goals that push the most others forward (out, then second-order effects), preferring
    those that hold few others back; the most held back are those with the lowest negative in."""
    rows = goal_rows(result)
    drivers = sorted((r for r in rows if r.out > 0), key=lambda r: (-r.out, -r.second_order, -r.out_neg))
    held = sorted((r for r in rows if r.in_ < 0), key=lambda r: (r.in_, r.number))
    return Reading(
        start_with=drivers[:START_WITH],
        held_back=held[:START_WITH],
        conflicts=[Link(*c) for c in result.strong_conflicts],
        clusters=[list(c) for c in result.clusters],
    )


@dataclass(frozen=True)
class Coverage:
    pairs: int
    agreed: int
    provisional: int
    missing: int


def coverage(cells: MatrixCells) -> Coverage:
    agreed, provisional = cells.agreed_count, cells.provisional_count
    return Coverage(cells.pair_count, agreed, provisional, cells.pair_count - agreed - provisional)


@dataclass(frozen=True)
class GridCell:
    value: int | None  # None: missing (or the diagonal)
    provisional: bool
    diagonal: bool = False

    @property
    def css(self) -> str:
        if self.diagonal:
            return "mxa-diag"
        if self.value is None:
            return "mxa-missing"
        level = min(abs(self.value), 3)  # a difference may exceed the scale; its colour does not
        return f"mxa-vn{level}" if self.value < 0 else f"mxa-v{level}"


def grid(cells: MatrixCells) -> list[tuple[str, list[GridCell]]]:
    """Row by row, the value the analysis uses, with missing cells kept missing (never shown as 0)."""
    rows = []
    for source, row in cells.rows():
        out = []
        for cell in row:
            if cell is None:
                out.append(GridCell(None, False, diagonal=True))
            else:
                out.append(GridCell(cell.value, cell.provisional))
        rows.append((source.name, out))
    return rows


def difference_grid(matrix: Any) -> list[tuple[str, list[GridCell]]]:
    """The rows of an engine ScoredMatrix of differences; a cell missing in either matrix stays missing."""
    return [
        (
            goal,
            [
                GridCell(None, False, diagonal=True) if i == j else GridCell(matrix.get(i, j), False)
                for j in range(matrix.size)
            ],
        )
        for i, goal in enumerate(matrix.goals)
    ]


def missing_word() -> str:
    return _("saknas")
