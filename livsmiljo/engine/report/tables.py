"""A report's tables for spreadsheets: one CSV text per table, or one XLSX workbook with a sheet per table.

Every text cell goes through `neutralise_cell` (a table may quote an uploaded document); numbers in the
table's numeric columns are written as numbers, so a negative count stays a number and not a formula.
"""

from __future__ import annotations

import csv
import io

from livsmiljo.engine.report.assets import as_number, table_names
from livsmiljo.engine.report.model import Report, Table
from livsmiljo.engine.spreadsheet import neutralise_cell, xlsx_row


def tables_csv(report: Report) -> dict[str, str]:
    """{file-safe table name: CSV text} for every table, figures' number tables included."""
    result = {}
    for name, table in table_names(report).items():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([neutralise_cell(h) for h in table.header])
        writer.writerows(_cells(table, row) for row in table.rows)
        result[name] = buffer.getvalue()
    return result


def tables_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, table in table_names(report).items():
        sheet = book.create_sheet(title=_sheet_title(name, book.sheetnames))
        if table.header:
            sheet.append(xlsx_row(sheet, list(table.header)))
            sheet.freeze_panes = "A2"
        for row in table.rows:
            sheet.append(xlsx_row(sheet, _cells(table, row, neutralise=False)))
    if not book.sheetnames:
        book.create_sheet(title="-")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cells(table: Table, row: tuple[str, ...], *, neutralise: bool = True) -> list[object]:
    """Numbers as numbers; text neutralised for CSV (XLSX: `xlsx_row` marks such text as text itself)."""
    cells: list[object] = []
    for i, value in enumerate(row):
        number = as_number(value) if i in table.numeric else None
        if number is not None:
            cells.append(number)
        else:
            cells.append(neutralise_cell(value) if neutralise else value)
    return cells


def _sheet_title(name: str, taken: list[str]) -> str:
    """Excel's sheet names: at most 31 characters, unique."""
    title, n = name[:31], 2
    while title in taken:
        suffix = f"-{n}"
        title, n = name[: 31 - len(suffix)] + suffix, n + 1
    return title
