"""Pages for matrices: the list, a new matrix (by hand, from a strategy or a predefined set), its goals,
the matrix itself, import and export. Scoring and agreeing cells are in views_scoring.py."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _

from livsmiljo.documents.models import Document
from livsmiljo.engine.matrix.files import read_csv, read_xlsx, write_csv, write_xlsx
from livsmiljo.engine.matrix.model import MatrixFileError
from livsmiljo.matrix import services
from livsmiljo.matrix.access import (
    can_manage,
    get_matrix_for_manager,
    get_matrix_for_user,
    matrices_visible_to,
)
from livsmiljo.matrix.forms import GoalFormSet, ImportForm, MatrixCreateForm, parse_goal_lines
from livsmiljo.matrix.goal_sources import document_candidates, predefined_goals
from livsmiljo.matrix.messages import file_error_message
from livsmiljo.matrix.models import Goal, GoalSource, Matrix, Score, ScoreValue
from livsmiljo.matrix.selectors import matrix_cells
from livsmiljo.organisations.access import HtmxHttpRequest, request_user
from livsmiljo.workshops.inbound import object_id

MAX_UPLOAD = 2 * 1024 * 1024


@login_required
def matrix_list(request: HttpRequest) -> HttpResponse:
    matrices = list(
        matrices_visible_to(request_user(request))
        .annotate(goal_count=Count("goals", distinct=True), agreed=Count("agreements", distinct=True))
        .order_by("-created_at")
    )
    pairs = Score.objects.filter(matrix__in=[m.pk for m in matrices]).values_list(
        "matrix_id", "source_id", "target_id"
    )
    scored = Counter(matrix_id for matrix_id, _source, _target in pairs.order_by().distinct())
    rows = []
    for matrix in matrices:
        n = matrix.goal_count  # type: ignore[attr-defined]
        rows.append({"matrix": matrix, "pairs": n * (n - 1), "scored": scored[matrix.pk]})
    return render(request, "matrix/list.html", {"rows": rows})


# --- A new matrix ---


def _ticked_candidates(request: HttpRequest, document: Document) -> list[services.GoalSpec]:
    """The candidate goals the user ticked, with the names as (perhaps) shortened; passages of the chosen
    document only."""
    passage_ids = set(document.passages.values_list("id", flat=True))
    goals = []
    for key in request.POST.getlist("candidate"):
        passage = object_id(request.POST.get(f"candidate_passage_{key}"))
        goals.append(
            services.GoalSpec(
                name=request.POST.get(f"candidate_name_{key}", ""),
                description=request.POST.get(f"candidate_description_{key}", ""),
                passage_id=passage if passage in passage_ids else None,
            )
        )
    return goals


def _goals_from_form(request: HttpRequest, data: dict[str, Any]) -> list[services.GoalSpec]:
    source = data["goal_source"]
    if source == GoalSource.HAND:
        return parse_goal_lines(data["goals_text"])
    if source == GoalSource.DOCUMENT:
        if data["document"] is None:
            raise ValidationError(_("Välj en strategi i biblioteket och kryssa i de mål du vill ha med."))
        return _ticked_candidates(request, data["document"])
    return predefined_goals(source)


def _candidates_context(request: HttpRequest, document: Document | None) -> dict[str, Any]:
    """The candidates of a document with what the user ticked and typed kept (after an error)."""
    if document is None:
        return {"candidates": None}
    ticked = set(request.POST.getlist("candidate"))
    rows = []
    for k, candidate in enumerate(document_candidates(document)):
        key = str(k)
        rows.append(
            {
                "key": key,
                "candidate": candidate,
                "name": request.POST.get(f"candidate_name_{key}", candidate.name),
                "checked": key in ticked,
            }
        )
    return {"candidates": rows, "document": document}


@login_required
def matrix_create(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = MatrixCreateForm(request.POST or None, user=user)
    showing = "show_candidates" in request.POST  # without JavaScript: show a strategy's goals first
    if request.method == "POST" and not showing and form.is_valid():
        data = form.cleaned_data
        try:
            goals = _goals_from_form(request, data)
            matrix = services.create_matrix(
                project=data["project"],
                title=data["title"],
                description=data["description"],
                goals=goals,
                user=user,
                goal_source=data["goal_source"],
                source_document_id=data["document"].pk if data["document"] is not None else None,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Matrisen är skapad. Justera målen eller börja bedöma."))
            return redirect("matrix:detail", pk=matrix.pk)
    document = (
        Document.objects.visible_to(user).filter(pk=object_id(request.POST.get("document")) or 0).first()
    )
    context = {"form": form, "has_projects": form.fields["project"].queryset.exists()}  # type: ignore[attr-defined]
    return render(request, "matrix/create.html", {**context, **_candidates_context(request, document)})


@login_required
def document_goals(request: HtmxHttpRequest) -> HttpResponse:
    """The goal candidates of a chosen strategy, with checkboxes (loaded into the new-matrix form)."""
    user = request_user(request)
    document_id = object_id(request.GET.get("document"))
    document = Document.objects.visible_to(user).filter(pk=document_id or 0).first()
    return render(request, "matrix/_candidates.html", _candidates_context(request, document))


# --- Goals ---


def _goal_initial(matrix: Matrix) -> list[dict[str, Any]]:
    return [
        {"goal_id": g.pk, "name": g.name, "description": g.description, "order": k + 1}
        for k, g in enumerate(matrix.goals.all())
    ]


def _edits(formset: Any) -> list[services.GoalEdit]:
    edits = []
    for k, row in enumerate(formset.cleaned_data):
        if not row or (row.get("goal_id") is None and not (row.get("name") or "").strip()):
            continue
        order = row.get("order") or 1000 + k
        edits.append(
            services.GoalEdit(
                goal_id=row.get("goal_id"),
                name=row.get("name") or "",
                description=row.get("description") or "",
                order=order,
                remove=bool(row.get("remove")),
            )
        )
    return edits


@login_required
def goals_edit(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = get_matrix_for_manager(request, pk)
    formset = GoalFormSet(request.POST or None, initial=_goal_initial(matrix), prefix="goals")
    confirm: dict[str, Any] | None = None
    if request.method == "POST" and formset.is_valid():
        edits = _edits(formset)
        removed = [e.goal_id for e in edits if e.remove and e.goal_id is not None]
        scores, agreements = services.goals_removal_cost(matrix, removed)
        if (scores or agreements) and not request.POST.get("confirm"):
            names = list(Goal.objects.filter(matrix=matrix, pk__in=removed).values_list("name", flat=True))
            confirm = {"names": names, "scores": scores, "agreements": agreements}
        else:
            try:
                services.goals_update(matrix=matrix, edits=edits)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Målen är sparade."))
                return redirect("matrix:detail", pk=matrix.pk)
    return render(request, "matrix/goals.html", {"matrix": matrix, "formset": formset, "confirm": confirm})


# --- The matrix ---


@login_required
def matrix_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = get_matrix_for_user(request, pk)
    user = request_user(request)
    cells = matrix_cells(matrix)
    mine = sum(1 for c in cells.cells.values() if any(s.user_id == user.pk for s in c.scores))
    context = {
        "matrix": matrix,
        "cells": cells,
        "rows": cells.rows(),
        "discuss": [c for c in cells.cells.values() if c.disagreement and c.agreed is None],
        "my_scored": mine,
        "manager": can_manage(user, matrix),
        "scale": ScoreValue.choices,
    }
    return render(request, "matrix/detail.html", context)


# --- Import and export ---


def _read(upload: Any) -> Any:
    name = (upload.name or "").lower()
    data = upload.read(MAX_UPLOAD + 1)
    if len(data) > MAX_UPLOAD:
        raise ValidationError(_("Filen är större än 2 MB. En matris med 40 mål är mycket mindre än så."))
    longest = Goal._meta.get_field("name").max_length or 80  # shorter than the engine's: never cut a name
    if name.endswith(".xlsx"):
        return read_xlsx(data, max_name=longest)
    if name.endswith(".csv") or name.endswith(".txt"):
        return read_csv(data, max_name=longest)
    raise ValidationError(_("Välj en fil som slutar på .csv eller .xlsx."))


@login_required
def matrix_import(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            scored = _read(upload)
            title = form.cleaned_data["title"] or (upload.name or "").rsplit(".", 1)[0]
            matrix = services.matrix_import(
                project=form.cleaned_data["project"], title=title, scored=scored, user=user
            )
        except MatrixFileError as error:
            form.add_error("file", file_error_message(error))
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(
                request,
                _("Matrisen är importerad med %(n)d överenskomna bedömningar.") % {"n": len(scored.cells)},
            )
            return redirect("matrix:detail", pk=matrix.pk)
    return render(request, "matrix/import.html", {"form": form})


@login_required
def matrix_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    from livsmiljo.matrix.selectors import scored_matrix

    matrix = get_matrix_for_user(request, pk)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    scored = scored_matrix(matrix)
    name = slugify(matrix.title) or "matris"
    if fmt == "xlsx":
        response = HttpResponse(
            write_xlsx(scored),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(write_csv(scored, bom=True), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
