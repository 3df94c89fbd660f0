"""Matrices as CSV and XLSX: the first row an empty cell then the goal names; then one row per goal, its
name and its scores; an empty cell is a missing score.

Files come from people's spreadsheets, so the readers accept what Swedish Excel writes: `;` (or `,`, or
tab) between cells, Windows-1252 or UTF-8 with a byte-order mark, "−" and "–" for minus, "+2", "2,0",
and "—", "-", "0" or nothing on the diagonal. Anything else is a `MatrixFileError` naming row and column.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Sequence

from livsmiljo.engine.matrix.model import MAX_GOALS, MAX_NAME, MIN_GOALS, MatrixFileError, ScoredMatrix
from livsmiljo.engine.spreadsheet import restore_cell

DELIMITERS = (";", "\t", ",")
MINUSES = str.maketrans({"\u2212": "-", "\u2013": "-"})
INTEGER = re.compile(r"[+-]?\d+(?:[.,]0+)?")
DIAGONAL_BLANKS = {"", "0", "-", "—", "–", "+0", "-0"}
READ_LIMIT = MAX_GOALS + 60  # rows and columns of a sheet looked at; more is too many goals anyway
# An XLSX is a zip: its table of contents is checked before openpyxl unpacks anything (a 300 kB upload
# that unpacks to 300 MB took 1.2 GB of memory). A 40-goal matrix with 200-character names is < 1 MB.
MAX_XLSX_UNPACKED = 20 * 1024 * 1024
MAX_XLSX_ENTRIES = 500


def read_csv(data: str | bytes, *, max_name: int = MAX_NAME) -> ScoredMatrix:
    """`max_name`: the longest goal name accepted (the platform stores shorter names than the CLI reads)."""
    text = _decode(data) if isinstance(data, bytes) else data
    text = text.removeprefix("\ufeff")
    if not text.strip("".join(DELIMITERS) + " \r\n\"'"):
        raise MatrixFileError("empty")
    return _read_table(_split(text), max_name)


def read_xlsx(data: bytes, *, max_name: int = MAX_NAME) -> ScoredMatrix:
    from openpyxl import load_workbook

    _check_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        table = [
            [_xlsx_text(v) for v in row]
            for row in sheet.iter_rows(max_row=READ_LIMIT, max_col=READ_LIMIT, values_only=True)
        ]
        book.close()
    except Exception as error:  # a zip that is no workbook raises any of a dozen types
        raise MatrixFileError("unreadable", value="XLSX") from error
    return _read_table(table, max_name)


def write_csv(m: ScoredMatrix, delimiter: str = ",", *, bom: bool = False) -> str:
    """`bom=True` for a file Excel opens as UTF-8 when double-clicked."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(_safe_rows(m))
    return ("\ufeff" if bom else "") + buffer.getvalue()


def write_xlsx(m: ScoredMatrix) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from livsmiljo.engine.spreadsheet import xlsx_row

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Matris"
    for row in _table(m):
        ws.append(xlsx_row(ws, row))
    bold, grey = Font(bold=True), PatternFill("solid", fgColor="D9D9D9")
    for k in range(2, m.size + 2):
        ws.cell(row=1, column=k).font = bold
        ws.cell(row=1, column=k).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=k, column=1).font = bold
        ws.cell(row=k, column=k).fill = grey
    ws.column_dimensions["A"].width = min(60, max([12, *(len(g) + 2 for g in m.goals)]))
    ws.freeze_panes = "B2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _table(m: ScoredMatrix) -> list[list[object]]:
    rows: list[list[object]] = [["", *m.goals]]
    for i, goal in enumerate(m.goals):
        rows.append([goal, *("" if v is None else v for v in m.rows()[i])])
    return rows


def _safe_rows(m: ScoredMatrix) -> list[list[object]]:
    from livsmiljo.engine.spreadsheet import neutralise_cell

    return [[neutralise_cell(v) for v in row] for row in _table(m)]


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except Exception as error:  # not a zip at all: BadZipFile, OSError, ValueError, …
        raise MatrixFileError("unreadable", value="XLSX") from error
    if len(infos) > MAX_XLSX_ENTRIES or sum(info.file_size for info in infos) > MAX_XLSX_UNPACKED:
        raise MatrixFileError("too_big", value="XLSX")


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode-text" (.txt)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise MatrixFileError("unreadable", value="CSV") from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # "CSV (semikolonavgränsad)" from Excel on Windows
    except UnicodeDecodeError as error:
        raise MatrixFileError("unreadable", value="CSV") from error


def _split(text: str) -> list[list[str]]:
    """Cells by the delimiter that makes the table square; failing that, the widest first row."""
    tables = {d: list(csv.reader(io.StringIO(text), delimiter=d)) for d in DELIMITERS}
    for table in tables.values():
        rows = [r for r in table if _filled(r)]
        width = len(_trimmed(rows[0])) if rows else 0
        if width >= 2 and len(rows) == width and all(len(_trimmed(r)) <= width for r in rows):
            return table
    return max(tables.values(), key=lambda t: len(_trimmed(next((r for r in t if _filled(r)), []))))


def _xlsx_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _filled(row: Sequence[str]) -> bool:
    return any(c.strip() for c in row)


def _trimmed(row: Sequence[str]) -> list[str]:
    cells = list(row)
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def _name(cell: str) -> str:
    return " ".join(restore_cell(cell.strip()).split())


def _key(name: str) -> str:
    return name.casefold()


def _read_table(table: list[list[str]], max_name: int = MAX_NAME) -> ScoredMatrix:
    numbered = [(n, row) for n, row in enumerate(table, 1) if _filled(row)]
    if not numbered:
        raise MatrixFileError("empty")
    header_row, header = numbered[0]
    goals = _header(header_row, _trimmed(header), max_name)
    body = numbered[1:]
    for k, (n, row) in enumerate(body):
        if k >= len(goals):
            raise MatrixFileError("not_square", row=n, count=len(goals), rows=len(body))
        _check_width(n, row, len(goals))
        name = _name(row[0]) if row else ""
        if not name:
            raise MatrixFileError("missing_name", row=n, column=1)
        if _key(name) != _key(goals[k]):
            raise MatrixFileError("names_differ", row=n, column=k + 2, row_name=name, column_name=goals[k])
    if len(body) < len(goals):
        after = body[-1][0] + 1 if body else header_row + 1
        raise MatrixFileError("not_square", row=after, count=len(goals), rows=len(body))
    cells = {}
    for i, (n, row) in enumerate(body):
        for j in range(len(goals)):
            score = _score(row[j + 1] if j + 1 < len(row) else "", n, i, j, goals)
            if score is not None:
                cells[(i, j)] = score
    return ScoredMatrix(tuple(goals), cells)


def _header(n: int, header: list[str], max_name: int) -> list[str]:
    goals = [_name(c) for c in header[1:]]
    if len(goals) < MIN_GOALS:
        raise MatrixFileError("too_few_goals", count=len(goals))
    if len(goals) > MAX_GOALS:
        raise MatrixFileError("too_many_goals", count=len(goals))
    seen: set[str] = set()
    for k, goal in enumerate(goals, 2):
        if not goal:
            raise MatrixFileError("missing_name", row=n, column=k)
        if len(goal) > max_name:
            raise MatrixFileError("name_too_long", row=n, column=k, max=max_name)
        if _key(goal) in seen:
            raise MatrixFileError("duplicate_goal", row=n, column=k, value=goal)
        seen.add(_key(goal))
    return goals


def _check_width(n: int, row: list[str], count: int) -> None:
    for c in range(count + 1, len(row)):
        if row[c].strip():
            raise MatrixFileError("outside_matrix", row=n, column=c + 1, value=row[c].strip(), count=count)


def _score(raw: str, n: int, i: int, j: int, goals: list[str]) -> int | None:
    value = raw.strip().translate(MINUSES).replace(" ", "")
    where = {"row": n, "column": j + 2, "row_name": goals[i], "column_name": goals[j], "value": raw.strip()}
    if i == j:
        if value in DIAGONAL_BLANKS or value.translate(MINUSES) in DIAGONAL_BLANKS:
            return None
        raise MatrixFileError("diagonal", **where)  # type: ignore[arg-type]
    if not value:
        return None
    if not INTEGER.fullmatch(value):
        raise MatrixFileError("not_integer", **where)  # type: ignore[arg-type]
    score = int(value.replace(",", ".").split(".")[0])
    if not -3 <= score <= 3:
        raise MatrixFileError("out_of_range", **where)  # type: ignore[arg-type]
    return score
