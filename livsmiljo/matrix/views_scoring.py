"""Scoring alone (the whole matrix as a grid, saved per pair over HTMX or all at once), a cell's scores,
and agreeing a cell."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.matrix import services
from livsmiljo.matrix.access import can_manage, get_matrix_for_manager, get_matrix_for_user
from livsmiljo.matrix.forms import AgreeForm
from livsmiljo.matrix.models import Matrix, Score, ScoreValue
from livsmiljo.matrix.selectors import Cell, MatrixCells, author_name, matrix_cells
from livsmiljo.organisations.access import HtmxHttpRequest, request_user


def _field(prefix: str, source_id: int, target_id: int) -> str:
    return f"{prefix}_{source_id}_{target_id}"


def _grid_context(matrix: Matrix, user: Any) -> dict[str, Any]:
    cells = matrix_cells(matrix, user=user)
    rows = []
    for source, row in cells.rows():
        pairs = []
        for cell in row:
            if cell is None:
                continue
            score = cell.scores[0] if cell.scores else None
            pairs.append({"cell": cell, "score": score})
        rows.append({"source": source, "pairs": pairs, "done": sum(1 for p in pairs if p["score"])})
    return {
        "matrix": matrix,
        "rows": rows,
        "scored": cells.scored_count,
        "pairs": cells.pair_count,
        "scale": ScoreValue.choices,
    }


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole matrix for one person; without JavaScript the form saves every pair at once."""
    matrix = get_matrix_for_user(request, pk)
    user = request_user(request)
    if request.method == "POST":
        goals = list(matrix.goals.values_list("pk", flat=True))
        entries = [
            (s, t, request.POST.get(_field("v", s, t), ""), request.POST.get(_field("r", s, t), ""))
            for s in goals
            for t in goals
            if s != t and _field("v", s, t) in request.POST
        ]
        try:
            count = services.scores_save(matrix=matrix, user=user, entries=entries)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Dina bedömningar är sparade: %(n)d par.") % {"n": count})
            return redirect("matrix:score", pk=matrix.pk)
    return render(request, "matrix/score.html", _grid_context(matrix, user))


@login_required
@require_POST
def score_cell(request: HtmxHttpRequest, pk: int, source: int, target: int) -> HttpResponse:
    """Save (or, with "ej bedömd", remove) the user's score of one pair; answer with its status line."""
    matrix = get_matrix_for_user(request, pk)
    user = request_user(request)
    value = request.POST.get(_field("v", source, target), request.POST.get("value", ""))
    reason = request.POST.get(_field("r", source, target), request.POST.get("reason", ""))
    error = ""
    try:
        if value.strip() == "":
            services.delete_score(matrix, source, target, user=user)
            status = _("Inte bedömt.") if not reason.strip() else _("Välj en bedömning för att spara.")
        else:
            saved, _new = services.record_score(matrix, source, target, value, reason, user=user)
            status = _("Sparat: %(label)s") % {"label": saved.get_value_display()}
    except ValidationError as exc:
        error, status = " ".join(exc.messages), ""
    scored = Score.objects.filter(matrix=matrix, user=user).count()
    pairs = matrix.goals.count() * (matrix.goals.count() - 1)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("matrix:score", pk=matrix.pk)
    context = {"status": status, "error": error, "scored": scored, "pairs": pairs}
    return render(request, "matrix/_score_status.html", context, status=422 if error else 200)


def _cell(matrix: Matrix, source: int, target: int) -> tuple[MatrixCells, Cell]:
    cells = matrix_cells(matrix)
    try:
        return cells, cells.cell(source, target)
    except KeyError:
        raise Http404 from None


@login_required
def cell(request: HttpRequest, pk: int, source: int, target: int) -> HttpResponse:
    matrix = get_matrix_for_user(request, pk)
    cells, the_cell = _cell(matrix, source, target)
    user = request_user(request)
    initial = {"value": "" if the_cell.agreed is None else str(the_cell.agreed.value)}
    if the_cell.agreed is not None:
        initial["note"] = the_cell.agreed.note
    context = {
        "matrix": matrix,
        "cell": the_cell,
        "source": the_cell.source,
        "target": the_cell.target,
        "scores": [(s, author_name(s)) for s in the_cell.scores],
        "mine": next((s for s in the_cell.scores if s.user_id == user.pk), None),
        "manager": can_manage(user, matrix),
        "form": AgreeForm(initial=initial),
        "next_cell": _next_to_discuss(cells, the_cell),
    }
    return render(request, "matrix/cell.html", context)


def _next_to_discuss(cells: MatrixCells, current: Cell) -> Cell | None:
    """The next cell the group should talk about: disagreeing and not yet agreed."""
    for candidate in cells.cells.values():
        if candidate is not current and candidate.disagreement and candidate.agreed is None:
            return candidate
    return None


@login_required
@require_POST
def agree(request: HttpRequest, pk: int, source: int, target: int) -> HttpResponse:
    matrix = get_matrix_for_manager(request, pk)
    _cells, the_cell = _cell(matrix, source, target)
    form = AgreeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Välj en bedömning på skalan, eller ”Ingen överenskommen bedömning”."))
    else:
        data = form.cleaned_data
        user = request_user(request)
        agreement = services.agree(matrix, source, target, data["value"], data["note"], user=user)
        if agreement is None:
            messages.success(request, _("Den överenskomna bedömningen är borttagen."))
        else:
            messages.success(
                request,
                _("Överenskommet: %(source)s → %(target)s, %(label)s.")
                % {
                    "source": the_cell.source.name,
                    "target": the_cell.target.name,
                    "label": agreement.get_value_display(),
                },
            )
    return redirect("matrix:cell", pk=matrix.pk, source=source, target=target)
