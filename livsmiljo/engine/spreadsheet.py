"""Cells that are safe to open in a spreadsheet, for every CSV and XLSX the project writes.

Titles, headings, passage texts and goal names come from uploaded files, so a cell may hold what a
spreadsheet would run as a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`): every text cell goes
through `neutralise_cell` before a writer sees it (OWASP, "CSV Injection").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

# A spreadsheet reads a cell that starts with one of these as a formula (tab and CR: the cell's first
# visible character may be one of the others, and some programs strip the leading whitespace first).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Text a spreadsheet would read as a formula, prefixed with an apostrophe; anything else, unchanged.
    Numbers stay numbers: a negative number is a number cell, never a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_cell(text: str) -> str:
    """The text `neutralise_cell` was given, from what it wrote to a CSV file."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def xlsx_row(ws: Worksheet, row: Sequence[object]) -> list[object]:
    """In XLSX the apostrophe becomes Excel's own quote prefix (what typing `'` in a cell stores): the
    cell is text, shows exactly what the document says, and stays text when someone edits it."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell  # not needed to read a CSV file

    cells: list[object] = []
    for value in row:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)  # control characters openpyxl refuses to write
        if neutralise_cell(value) is value:
            cells.append(value)
            continue
        cell = Cell(ws, value=value)
        cell.data_type = "s"
        cell.quotePrefix = True
        cells.append(cell)
    return cells
