"""JSON API for matrices: analyse a matrix file or JSON (as `livsmiljo matrix analyse --json` does), and
the analysis of a matrix the user may see (session login required)."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.security import django_auth

from livsmiljo.matrix.access import matrices_visible_to
from livsmiljo.matrix.selectors import scored_matrix
from livsmiljo.organisations.access import request_user

router = Router(tags=["matrix"], auth=django_auth)

MAX_FILE_BYTES = 2 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"


class AnalysisOut(Schema):
    goals: list[str]
    out: dict[str, int]
    in_: dict[str, int] = Field(alias="in")
    out_pos: dict[str, int]
    out_neg: dict[str, int]
    second_order: dict[str, int]
    strong_conflicts: list[list[Any]]
    clusters: list[list[str]]


class Problem(Schema):
    detail: str
    row: int | None = None
    column: int | None = None


_BODY = {
    "requestBody": {
        "description": (
            "A matrix file (CSV or XLSX: first row an empty cell then the goal names, then one row per goal "
            "with its name and its scores from -3 to 3, empty = missing) as the multipart field `file`, "
            'or JSON {"goals": [names], "scores": [[score or null, ...], ...]} with one row per goal.'
        ),
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {"file": {"type": "string", "format": "binary"}},
                    "required": ["file"],
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "goals": {"type": "array", "items": {"type": "string"}},
                        "scores": {
                            "type": "array",
                            "items": {"type": "array", "items": {"type": ["integer", "null"]}},
                        },
                    },
                    "required": ["goals", "scores"],
                }
            },
        },
    }
}


def _json_table(payload: Any) -> str:
    """The JSON matrix as the CSV the file reader checks, so both give the same messages."""
    if not isinstance(payload, dict) or not isinstance(payload.get("goals"), list):
        raise ValueError(_('Skicka JSON med "goals" (målens namn) och "scores" (en rad per mål).'))
    scores = payload.get("scores")
    if not isinstance(scores, list) or not all(isinstance(r, list) for r in scores):
        raise ValueError(_('"scores" ska vara en lista med en rad per mål, varje rad en lista med poäng.'))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["", *[str(g) for g in payload["goals"]]])
    goals = payload["goals"]
    for i, row in enumerate(scores):
        name = str(goals[i]) if i < len(goals) else ""
        writer.writerow([name, *["" if v is None else str(v) for v in row]])
    return buffer.getvalue()


def _read(request: HttpRequest) -> Any:
    from livsmiljo.engine.matrix import read_csv, read_xlsx

    upload = request.FILES.get("file")
    if upload is not None:
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise ValueError(_("Filen är för stor. En matrisfil får vara högst 2 MB."))
        data = upload.read()
        is_xlsx = data.startswith(XLSX_MAGIC) or (upload.name or "").lower().endswith(".xlsx")
        return read_xlsx(data) if is_xlsx else read_csv(data)
    try:
        payload = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as error:
        raise ValueError(
            _("Skicka en CSV- eller XLSX-fil i fältet file, eller JSON med goals och scores.")
        ) from error
    return read_csv(_json_table(payload))


def _as_json(result: Any) -> dict[str, Any]:
    from livsmiljo.engine.matrix import analysis_json

    return dict(analysis_json(result))


@router.post(
    "/analyse",
    response={200: AnalysisOut, 422: Problem},
    summary="Analyse a matrix file or JSON matrix",
    by_alias=True,
    openapi_extra=_BODY,
)
def matrix_analyse(request: HttpRequest) -> Status[dict[str, Any]]:
    """The same JSON as `livsmiljo matrix analyse FILE --json`. A bad file gives 422 with a Swedish message
    naming the row and column."""
    from livsmiljo.engine.matrix import MatrixFileError, analyse

    try:
        matrix = _read(request)
    except MatrixFileError as error:
        return Status(422, {"detail": str(error), "row": error.row, "column": error.column})
    except ValueError as error:
        return Status(422, {"detail": str(error)})
    return Status(200, _as_json(analyse(matrix)))


@router.get("/{matrix_id}/analysis", response=AnalysisOut, summary="The analysis of a matrix", by_alias=True)
def matrix_analysis(request: HttpRequest, matrix_id: int) -> dict[str, Any]:
    """Agreed values, else the median of the scores; missing cells count as 0 (404 outside the project)."""
    from livsmiljo.engine.matrix import analyse

    matrix = get_object_or_404(matrices_visible_to(request_user(request)), pk=matrix_id)
    return _as_json(analyse(scored_matrix(matrix)))
