"""The analysis of a matrix (tables, charts, what they mean), the comparison of matrices, and the library's
evidence for one pair of goals. Everything is seen through the matrix's learning project (access.py)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from livsmiljo.matrix import charts, insights
from livsmiljo.matrix.access import get_matrix_for_user, matrices_visible_to
from livsmiljo.matrix.evidence import pair_evidence
from livsmiljo.matrix.models import Goal, Matrix
from livsmiljo.matrix.selectors import matrix_cells, scored_matrix
from livsmiljo.organisations.access import request_user

MAX_COMPARED = 6


def _analysis(matrix: Matrix) -> Any:
    from livsmiljo.engine.matrix import analyse

    return analyse(scored_matrix(matrix))


@login_required
def analysis(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = get_matrix_for_user(request, pk)
    cells = matrix_cells(matrix)
    result = _analysis(matrix)
    context = {
        "matrix": matrix,
        "goals": cells.goals,
        "grid": insights.grid(cells),
        "coverage": insights.coverage(cells),
        "rows": insights.goal_rows(result),
        "reading": insights.reading(result),
        "synergies": [insights.Link(*s) for s in result.strong_synergies],
        "alt": charts.alt_texts(result),
        "kinds": charts.KINDS,
    }
    return render(request, "matrix/analysis.html", context)


@login_required
def chart(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    if kind not in charts.KINDS or fmt not in charts.FORMATS:
        raise Http404
    matrix = get_matrix_for_user(request, pk)
    body = charts.render_chart(kind, fmt, _analysis(matrix))
    response = HttpResponse(body, content_type=charts.FORMATS[fmt])
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    visible = matrices_visible_to(request_user(request))
    ids = [int(v) for v in request.GET.getlist("m") if v.isdigit()][:MAX_COMPARED]
    base = request.GET.get("bas", "")
    if base.isdigit() and int(base) in ids:  # the chosen baseline first: differences are counted from it
        ids.remove(int(base))
        ids.insert(0, int(base))
    chosen = sorted(visible.filter(pk__in=ids), key=lambda m: ids.index(m.pk))
    context: dict[str, Any] = {"choices": visible.order_by("project__title", "title"), "chosen": chosen}
    if len(chosen) >= 2:
        context |= charts.comparison_context(chosen, [scored_matrix(m) for m in chosen])
    elif ids:
        context["error"] = _("Välj minst två matriser att jämföra.")
    return render(request, "matrix/compare.html", context)


@login_required
def compare_chart(request: HttpRequest, base: int, other: int, fmt: str) -> HttpResponse:
    """The heatmap of differences `other` minus `base`, on the goals the two share."""
    if fmt not in charts.FORMATS:
        raise Http404
    first, second = get_matrix_for_user(request, base), get_matrix_for_user(request, other)
    body = charts.difference_chart(fmt, [first, second], [scored_matrix(first), scored_matrix(second)])
    if body is None:
        raise Http404
    response = HttpResponse(body, content_type=charts.FORMATS[fmt])
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
def evidence(request: HttpRequest, pk: int, source: int, target: int) -> HttpResponse:
    matrix = get_matrix_for_user(request, pk)
    if source == target:
        raise Http404
    goal_a = get_object_or_404(Goal, matrix=matrix, pk=source)
    goal_b = get_object_or_404(Goal, matrix=matrix, pk=target)
    found = pair_evidence(source=goal_a, target=goal_b, user=request_user(request))
    context = {"matrix": matrix, "source": goal_a, "target": goal_b, "evidence": found}
    template = "matrix/_evidence.html" if getattr(request, "htmx", False) else "matrix/evidence.html"
    return render(request, template, context)
