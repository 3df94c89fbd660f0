"""Tables for export: passage tags, profiles and the comparison matrix, as CSV or XLSX.

Titles, headings and passage texts come from uploaded files, so a cell may hold what a spreadsheet would
run as a formula (`=HYPERLINK(...)`, `+cmd|...`, `@SUM(...)`): every cell goes through `neutralise_cell`
before either writer sees it (OWASP, "CSV Injection").
"""

import csv
import io
from collections.abc import Iterator, Sequence

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from livsmiljo.analysis.comparison import Matrix
from livsmiljo.analysis.models import PassageTag
from livsmiljo.analysis.profiles import Profile
from livsmiljo.documents.models import Document
from livsmiljo.engine.spreadsheet import neutralise_cell
from livsmiljo.engine.spreadsheet import xlsx_row as _xlsx_row

Table = tuple[list[str], list[list[object]]]


def tags_table(documents: Sequence[Document]) -> Table:
    header = [
        _("stycke"),
        _("dokument"),
        _("organisation"),
        _("sida"),
        _("rubrik"),
        _("teman"),
        _("poäng"),
        _("grupper"),
        _("strategiska områden"),
        _("roller"),
        _("målkonflikt"),
        _("teman i konflikt"),
        _("rättad"),
        _("text"),
    ]
    rows: list[list[object]] = []
    tags = (
        PassageTag.objects.filter(document__in=documents)
        .select_related("passage", "document__organisation")
        .order_by("document_id", "passage__ordinal")
    )
    for t in tags:
        rows.append(
            [
                t.passage_id,
                t.document.title,
                t.document.organisation.name,
                t.passage.page,
                t.passage.heading,
                ", ".join(t.theme_ids),
                ", ".join(f"{x['score']:.2f}" for x in t.themes),
                ", ".join(t.groups),
                ", ".join(t.areas),
                ", ".join(t.roles),
                _("ja") if t.conflict else _("nej"),
                " – ".join(t.conflict_themes),
                _("ja") if t.corrected else _("nej"),
                t.passage.text,
            ]
        )
    return header, rows


def profile_table(profile: Profile) -> Table:
    header = [_("del"), _("id"), _("namn"), _("antal stycken"), _("andel stycken (%)")]
    rows: list[list[object]] = []
    sections = [
        (_("tema"), profile.themes),
        (_("grupp"), profile.groups_named + profile.groups_not_found),
        (_("strategiskt område"), profile.areas),
        (_("roll"), profile.roles),
    ]
    for label, items in sections:
        rows += [[label, c.key, c.name, c.count, round(100 * c.share, 1)] for c in items]
    rows += [[_("målkonflikt"), f.key, f.name, len(f.passages), ""] for f in profile.conflicts]
    return header, rows


def matrix_table(matrix: Matrix) -> Table:
    header = [_("organisation"), _("dokument")] + [t.key for t in matrix.themes]
    rows = [
        [org.name, matrix.documents.get(org.pk, 0)] + [round(100 * v, 1) for v in values]
        for org, values in matrix.rows()
    ]
    return header, rows


def _all_rows(table: Table) -> list[Sequence[object]]:
    header, rows = table
    return [header, *rows]


def _csv_rows(table: Table) -> Iterator[list[object]]:
    for row in _all_rows(table):
        yield [neutralise_cell(value) for value in row]


def csv_response(table: Table, filename: str) -> HttpResponse:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(_csv_rows(table))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_bytes(table: Table, sheet: str) -> bytes:
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet[:31]
    for row in _all_rows(table):
        ws.append(_xlsx_row(ws, row))
    ws.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_response(table: Table, filename: str, sheet: str) -> HttpResponse:
    response = HttpResponse(
        xlsx_bytes(table, sheet),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def table_response(table: Table, fmt: str, filename: str, sheet: str) -> HttpResponse:
    return xlsx_response(table, filename, sheet) if fmt == "xlsx" else csv_response(table, filename)
