"""One report, every format: the bytes, the content type and the file name, for downloads and the CLI.

CSV: a report with one table gives that table as a .csv file; with several, a .zip with one CSV per
table (named by the table's name), unless `table=` picks one of them by name.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.http import HttpResponse

from livsmiljo.engine.report import Report
from livsmiljo.engine.report.assets import safe_name
from livsmiljo.engine.report.render_docx import render_docx
from livsmiljo.engine.report.render_html import render_html
from livsmiljo.engine.report.render_markdown import render_markdown
from livsmiljo.engine.report.render_pdf import render_pdf
from livsmiljo.engine.report.tables import tables_csv, tables_xlsx

FORMATS = ("pdf", "docx", "md", "html", "csv", "xlsx")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class UnknownTable(LookupError):
    """`table=` names no table of the report."""


@dataclass(frozen=True)
class Rendered:
    content: bytes
    extension: str
    stem: str

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.extension]

    @property
    def filename(self) -> str:
        return f"{self.stem}.{self.extension}"


def download_response(rendered: Rendered) -> HttpResponse:
    """The rendered report as a file download named after its title."""
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


def report_render(report: Report, fmt: str, *, table: str = "") -> Rendered:
    """The report in `fmt` (one of FORMATS); ValueError for another format, UnknownTable for `table`."""
    stem = safe_name(report.title, "rapport")
    if fmt == "csv":
        return _csv(report, stem, table)
    renderers = {
        "pdf": lambda: render_pdf(report),
        "docx": lambda: render_docx(report),
        "md": lambda: render_markdown(report).encode("utf-8"),
        "html": lambda: render_html(report, standalone=True).encode("utf-8"),
        "xlsx": lambda: tables_xlsx(report),
    }
    if fmt not in renderers:
        raise ValueError(fmt)
    return Rendered(renderers[fmt](), fmt, stem)


def _csv(report: Report, stem: str, table: str) -> Rendered:
    tables = tables_csv(report)
    if table and table not in tables:
        raise UnknownTable(table)
    if table or len(tables) == 1:
        name = table or next(iter(tables))
        # The byte order mark makes Excel read the file as UTF-8 (å, ä, ö), as analysis/exports.py does.
        return Rendered(("\ufeff" + tables[name]).encode("utf-8"), "csv", f"{stem}-{name}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in tables.items():
            archive.writestr(f"{name}.csv", "\ufeff" + text)
    return Rendered(buffer.getvalue(), "zip", stem)
