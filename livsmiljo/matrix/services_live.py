"""Writes for live scoring: putting a matrix on a meeting's agenda, linking a matrix block to a matrix."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from livsmiljo.matrix.models import Matrix
from livsmiljo.organisations.services import audit_log
from livsmiljo.workshops.models import AgendaBlock, Group, Meeting
from livsmiljo.workshops.services.participation import groups_form

LIVE_MINUTES = 20


def _same_project(matrix: Matrix, meeting: Meeting) -> None:
    if matrix.project_id != meeting.project_id:
        raise ValidationError(
            _("Mötet hör till ett annat lärprojekt än matrisen. Välj ett av projektets möten.")
        )
    if meeting.status == Meeting.Status.ENDED:
        raise ValidationError(_("Mötet är avslutat. Välj ett möte som inte har hållits än."))


@transaction.atomic
def matrix_block_create(*, matrix: Matrix, meeting: Meeting, user: Any = None) -> AgendaBlock:
    """A new agenda block of kind "matris" last in the meeting's programme, scoring this matrix."""
    _same_project(matrix, meeting)
    last = meeting.blocks.aggregate(last=Max("order"))["last"]
    block = AgendaBlock.objects.create(
        meeting=meeting,
        order=0 if last is None else last + 1,
        kind=AgendaBlock.Kind.MATRIX,
        title=matrix.title[:200],
        description=_(
            "Bedöm paren i målkonfliktsmatrisen på mobilen: om det går framåt för A, hur påverkar det B?"
        ),
        duration_minutes=LIVE_MINUTES,
    )
    matrix.block = block
    matrix.save(update_fields=["block", "updated_at"])
    audit_log(action="matrix.block_create", user=_user(user), obj=matrix, block=block.pk, meeting=meeting.pk)
    return block


@transaction.atomic
def matrix_block_link(*, block: AgendaBlock, matrix: Matrix | None, user: Any = None) -> AgendaBlock:
    """Let a matrix block score `matrix` (None: no matrix); a matrix is scored in one block at a time."""
    if block.kind != AgendaBlock.Kind.MATRIX:
        raise ValidationError(
            _("Bara en programpunkt av typen målkonfliktsmatris kan kopplas till en matris.")
        )
    if matrix is not None:
        _same_project(matrix, block.meeting)
    others = Matrix.objects.filter(block=block)
    if matrix is not None:
        others = others.exclude(pk=matrix.pk)
    others.update(block=None)
    if matrix is not None and matrix.block_id != block.pk:
        matrix.block = block
        matrix.save(update_fields=["block", "updated_at"])
    audit_log(action="matrix.block_link", user=_user(user), obj=block, matrix=getattr(matrix, "pk", None))
    return block


@transaction.atomic
def matrix_groups_form(*, block: AgendaBlock, user: Any = None, size: int = 4) -> list[Group]:
    """Groups of about `size` for a matrix block, mixing organisations, so that each scores its share of
    the pairs (matrix/live.py); replaces the block's earlier groups."""
    if block.kind != AgendaBlock.Kind.MATRIX:
        raise ValidationError(_("Gå till målkonfliktsmatrisen i programmet först."))
    return groups_form(block=block, user=_user(user), size=size)


def _user(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None
