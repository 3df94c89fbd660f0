"""Loading matrices for a request: a matrix is seen through its learning project (organisations/access.py).

Members of an organisation taking part in the project see its matrices and score them; the facilitators
and the person who made a matrix manage it (goals, agreed values, the live block). Outside the project
everything answers 404, a member who may not manage gets 403.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from livsmiljo.matrix.models import Matrix
from livsmiljo.organisations.access import is_facilitator, request_user
from livsmiljo.workshops.models import Project


def projects_visible_to(user: Any) -> QuerySet[Project]:
    if is_facilitator(user):
        return Project.objects.all()
    organisation_id = getattr(user, "organisation_id", None)
    if not getattr(user, "is_authenticated", False) or organisation_id is None:
        return Project.objects.none()
    return Project.objects.filter(participants=organisation_id)


def matrices_visible_to(user: Any) -> QuerySet[Matrix]:
    return Matrix.objects.select_related("project").filter(project__in=projects_visible_to(user))


def can_manage(user: Any, matrix: Matrix) -> bool:
    return is_facilitator(user) or (
        matrix.created_by_id is not None and matrix.created_by_id == getattr(user, "pk", None)
    )


def get_matrix_for_user(request: HttpRequest, pk: int) -> Matrix:
    return get_object_or_404(matrices_visible_to(request_user(request)), pk=pk)


def get_matrix_for_manager(request: HttpRequest, pk: int) -> Matrix:
    """404 for a matrix the user cannot see; 403 for a member who neither made it nor leads the process."""
    matrix = get_matrix_for_user(request, pk)
    if not can_manage(request_user(request), matrix):
        raise PermissionDenied(_("Bara processledaren eller den som skapade matrisen kan ändra den."))
    return matrix
