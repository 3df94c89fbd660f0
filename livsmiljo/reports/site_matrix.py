"""A goal-conflict matrix marked public, as a report for the project's website: the values the analysis
uses, each goal's influence, strong conflicts and reinforcing goals, and the three charts.

Only numbers and goal names: the scorers' reasons and names stay in the platform.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.engine.report import Block, BulletList, Figure, Heading, Paragraph, Report, Table
from livsmiljo.matrix import charts
from livsmiljo.matrix.models import Matrix
from livsmiljo.matrix.selectors import MatrixCells, matrix_cells
from livsmiljo.reports.labels import date_text, report_labels, report_language

PNG = "image/png"


def _value_text(value: int | None) -> str:
    if value is None:
        return "–"
    return f"+{value}" if value > 0 else str(value).replace("-", "−")


def matrix_table(cells: MatrixCells) -> Table:
    rows = []
    for source, row in cells.rows():
        values = ["" if cell is None else _value_text(cell.value) for cell in row]  # the diagonal: empty
        rows.append((source.name, *values))
    header = (_("Om det går framåt för … påverkar det …"), *(g.name for g in cells.goals))
    return Table(
        _("Matrisen: raden är målet som går framåt, kolumnen målet som påverkas"),
        header,
        tuple(rows),
        numeric=tuple(range(1, len(cells.goals) + 1)),
        name="matrisen",
    )


def influence_table(result: Any) -> Table:
    rows = tuple(
        (g, str(result.out[g]), str(result.in_[g]), str(result.second_order[g])) for g in result.goals
    )
    header = (_("Mål"), _("Påverkar andra"), _("Påverkas av andra"), _("Andra ordningens effekt"))
    return Table(_("Påverkan per mål"), header, rows, numeric=(1, 2, 3), name="paverkan")


def _figures(result: Any, table: Table) -> list[Block]:
    alt = charts.alt_texts(result)
    captions = {
        "heatmap": _("Värmekarta över matrisen"),
        "paverkan": _("Påverkan per mål"),
        "natverk": _("De starka sambanden som nätverk"),
    }
    return [
        Figure(
            charts.render_chart(kind, "png", result),
            PNG,
            alt[kind],
            caption=captions[kind],
            table=table if kind == "paverkan" else None,
            name=kind,
        )
        for kind in charts.KINDS
    ]


def _links(items: list[Paragraph], empty: str) -> Block:
    return BulletList(tuple(items)) if items else Paragraph(empty, muted=True)


def build_matrix_report(matrix: Matrix) -> Report:
    from livsmiljo.engine.matrix import analyse
    from livsmiljo.matrix.selectors import scored_matrix

    cells = matrix_cells(matrix)
    result = analyse(scored_matrix(matrix))
    today = timezone.localdate()
    report = Report(
        title=_("Målkonfliktsmatris: %(title)s") % {"title": matrix.title},
        date=today,
        date_text=date_text(today),
        language=report_language(),
        author=matrix.project.title,
        made_by=_(
            "Värdena är de överenskomna, annars medianen av deltagarnas bedömningar (preliminärt). "
            "– betyder inte bedömt. Skalan går från −3 (motverkar helt) till +3 (förutsätter varandra)."
        ),
        labels=report_labels(),
    )
    if matrix.description:
        report.add(Paragraph(matrix.description))
    report.add(Heading(1, _("Matrisen"), "matrisen"), matrix_table(cells))
    if len(result.goals) < 2:
        return report.add(Paragraph(_("Matrisen har för få mål för en analys."), muted=True))
    report.add(Heading(1, _("Analys"), "analys"), *_figures(result, influence_table(result)))
    conflicts = [Paragraph(f"{a} → {b} ({_value_text(v)})") for a, b, v in result.strong_conflicts]
    report.add(Heading(2, _("Starka målkonflikter")), _links(conflicts, _("Inga starka målkonflikter.")))
    clusters = [Paragraph(", ".join(c)) for c in result.clusters]
    report.add(
        Heading(2, _("Mål som förstärker varandra")),
        _links(clusters, _("Inga grupper av mål som förstärker varandra.")),
    )
    return report
