"""Showing a matrix on the learning project's website (issue 12): the manager's choice, audited."""

from typing import Any

from livsmiljo.matrix.models import Matrix
from livsmiljo.organisations.services import audit_log


def matrix_set_public(*, matrix: Matrix, public: bool, user: Any) -> Matrix:
    """Mark the matrix public (its table, analysis and charts go on the exported site) or not."""
    if matrix.public != public:
        matrix.public = public
        matrix.save(update_fields=["public", "updated_at"])
        audit_log(action="matrix.public" if public else "matrix.private", user=user, obj=matrix)
    return matrix
