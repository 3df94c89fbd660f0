"""Putting a matrix on a meeting's agenda (from the matrix) and linking a matrix block to a matrix (from the
agenda). The live scoring itself runs over the meeting's WebSockets: see matrix/live.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livsmiljo.forms import SiteForm
from livsmiljo.matrix import services_live
from livsmiljo.matrix.access import get_matrix_for_manager
from livsmiljo.matrix.models import Matrix
from livsmiljo.organisations.access import request_user, require_facilitator
from livsmiljo.workshops.access import get_meeting_for_facilitator
from livsmiljo.workshops.models import AgendaBlock, Meeting


class MeetingChoiceForm(SiteForm):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Möte"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        help_text=gettext_lazy("Matrisen läggs sist i mötets program. Du kan flytta punkten efteråt."),
    )

    def __init__(self, *args: object, matrix: Matrix, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        meetings = Meeting.objects.filter(project=matrix.project).exclude(status=Meeting.Status.ENDED)
        self.fields["meeting"].queryset = meetings  # type: ignore[attr-defined]


class MatrixChoiceForm(SiteForm):
    matrix = forms.ModelChoiceField(
        label=gettext_lazy("Matris"),
        queryset=Matrix.objects.none(),
        required=False,
        empty_label=gettext_lazy("Ingen matris"),
        help_text=gettext_lazy("Deltagarna bedömer den här matrisens par på mobilen när ni når punkten."),
    )

    def __init__(self, *args: object, block: AgendaBlock, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["matrix"].queryset = Matrix.objects.filter(project_id=block.meeting.project_id)  # type: ignore[attr-defined]


@login_required
def use_in_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: choose one of the project's meetings. POST: add a matrix block to it, scoring this matrix."""
    matrix = get_matrix_for_manager(request, pk)
    require_facilitator(request, _("Bara en processledare kan ändra ett mötes program."))
    form = MeetingChoiceForm(request.POST or None, matrix=matrix)
    if request.method == "POST" and form.is_valid():
        meeting = form.cleaned_data["meeting"]
        try:
            services_live.matrix_block_create(matrix=matrix, meeting=meeting, user=request_user(request))
        except ValidationError as error:
            form.add_error("meeting", error)
        else:
            messages.success(
                request,
                _("Matrisen finns nu som en programpunkt sist i programmet för %(meeting)s.")
                % {"meeting": meeting.title},
            )
            return redirect("workshops:edit", pk=meeting.pk)
    return render(request, "matrix/use_in_meeting.html", {"matrix": matrix, "form": form})


@login_required
def block_link(request: HttpRequest, block_id: int) -> HttpResponse:
    """GET: choose which of the project's matrices a matrix block scores. POST: link it."""
    block = get_object_or_404(AgendaBlock.objects.select_related("meeting"), pk=block_id)
    meeting = get_meeting_for_facilitator(request, block.meeting_id)
    form = MatrixChoiceForm(
        request.POST or None, block=block, initial={"matrix": Matrix.objects.filter(block=block).first()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_live.matrix_block_link(
                block=block, matrix=form.cleaned_data["matrix"], user=request_user(request)
            )
        except ValidationError as error:
            form.add_error("matrix", error)
        else:
            messages.success(request, _("Programpunkten är kopplad till matrisen."))
            return redirect("workshops:edit", pk=meeting.pk)
    context = {"agenda_block": block, "meeting": meeting, "form": form}  # "block" is taken in templates
    return render(request, "matrix/block_link.html", context)
