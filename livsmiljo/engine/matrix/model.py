"""The scored matrix, the errors a matrix file can have, and the per-cell summaries of several scores."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

SCALE = (3, 2, 1, 0, -1, -2, -3)
MIN_GOALS = 3
MAX_GOALS = 40
MAX_NAME = 200
DISAGREEMENT = 3  # scores of one cell this far apart are discussed first

Pair = tuple[int, int]


@dataclass(frozen=True)
class ScoredMatrix:
    """`cells[(i, j)]`: how progress on goal i influences goal j. Missing cells are absent (never 0) and
    the diagonal is never present. The readers check the scale; a matrix of differences may exceed it."""

    goals: tuple[str, ...]
    cells: dict[Pair, int]

    @classmethod
    def from_rows(cls, goals: Sequence[str], rows: Sequence[Sequence[int | None]]) -> ScoredMatrix:
        cells = {
            (i, j): int(v)
            for i, row in enumerate(rows)
            for j, v in enumerate(row)
            if v is not None and i != j
        }
        return cls(tuple(goals), cells)

    @property
    def size(self) -> int:
        return len(self.goals)

    @property
    def pairs(self) -> int:
        return self.size * (self.size - 1)

    def get(self, i: int, j: int) -> int | None:
        return self.cells.get((i, j))

    def rows(self) -> list[list[int | None]]:
        return [[self.cells.get((i, j)) for j in range(self.size)] for i in range(self.size)]


# Swedish, for the command line and the engine's own callers; the Django side formats its own
# translated message from `describe(err)`.
MESSAGES = {
    "empty": "Filen är tom. Första raden ska ha en tom cell och sedan målens namn, och därefter en rad "
    "per mål.",
    "unreadable": "Filen gick inte att läsa som %(value)s. Spara den som CSV (UTF-8) eller XLSX och "
    "försök igen.",
    "too_big": "Filen packas upp till mycket mer data än en matris behöver och har stoppats av "
    "säkerhetsskäl. Spara matrisen på nytt som CSV eller XLSX och försök igen.",
    "too_few_goals": "Första raden har %(count)d mål. En matris ska ha minst %(min)d och högst %(max)d mål.",
    "too_many_goals": "Första raden har %(count)d mål. En matris ska ha minst %(min)d och högst %(max)d mål.",
    "missing_name": "Rad %(row)d, kolumn %(column)d saknar målets namn. Varje mål ska ha ett namn i första "
    "raden och i första kolumnen.",
    "name_too_long": "Målets namn i rad %(row)d, kolumn %(column)d är längre än %(max)d tecken. "
    "Korta namnet.",
    "duplicate_goal": "Målet ”%(value)s” finns två gånger i första raden (kolumn %(column)d). Ge varje mål "
    "ett eget namn.",
    "not_square": "Första raden har %(count)d mål men filen har %(rows)d rader med mål (rad %(row)d är den "
    "första som inte stämmer). Matrisen ska ha en rad per mål, i samma ordning som kolumnerna.",
    "outside_matrix": "Rad %(row)d har ”%(value)s” i kolumn %(column)d, utanför matrisen med %(count)d mål. "
    "Ta bort värdet eller lägg till målet i första raden.",
    "names_differ": "Rad %(row)d heter ”%(row_name)s”, men kolumn %(column)d i första raden heter "
    "”%(column_name)s”. Raderna ska ha samma mål i samma ordning som kolumnerna.",
    "not_integer": "Rad %(row)d, kolumn %(column)d (%(row_name)s → %(column_name)s) innehåller ”%(value)s”, "
    "som inte är en poäng. Skriv ett heltal från −3 till +3, eller lämna cellen tom.",
    "out_of_range": "Rad %(row)d, kolumn %(column)d (%(row_name)s → %(column_name)s) har poängen "
    "%(value)s, utanför skalan. Poängen ska vara ett heltal från −3 till +3.",
    "diagonal": "Rad %(row)d, kolumn %(column)d (%(row_name)s → %(column_name)s) ligger på diagonalen och "
    "ska vara tom, eftersom ett mål inte bedöms mot sig självt. Där står ”%(value)s”.",
}


class MatrixFileError(ValueError):
    """A matrix file that cannot be read; `row` and `column` are 1-based positions in the file."""

    def __init__(
        self,
        code: str,
        *,
        row: int | None = None,
        column: int | None = None,
        row_name: str | None = None,
        column_name: str | None = None,
        value: str | None = None,
        **extra: int,
    ) -> None:
        self.code = code
        self.row = row
        self.column = column
        self.row_name = row_name
        self.column_name = column_name
        self.value = value
        self.extra = {"min": MIN_GOALS, "max": MAX_GOALS, **extra}
        super().__init__(MESSAGES[code] % describe(self))


def describe(err: MatrixFileError) -> dict[str, object]:
    """The error's code and parameters, for a translated message: `row`, `column`, `row_name`,
    `column_name`, `value` and, by code, `count`, `rows`, `min`, `max`."""
    return {
        "code": err.code,
        "row": err.row,
        "column": err.column,
        "row_name": err.row_name,
        "column_name": err.column_name,
        "value": err.value,
        **err.extra,
    }


def median(scores: Sequence[int]) -> float:
    """The median of one cell's scores (the mean of the middle two for an even count)."""
    if not scores:
        raise ValueError("median of no scores")
    return float(statistics.median(scores))


def disagreement(scores: Sequence[int]) -> bool:
    """Whether the scores lie far enough apart (3 or more) for the group to discuss the cell first."""
    return bool(scores) and max(scores) - min(scores) >= DISAGREEMENT
