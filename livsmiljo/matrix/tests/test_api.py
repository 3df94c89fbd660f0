"""POST /api/matrix/analyse (a file or JSON) and GET /api/matrix/{id}/analysis, answered as the command line
does."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from livsmiljo.engine.matrix import ScoredMatrix, analyse, analysis_json, write_xlsx
from livsmiljo.matrix.tests.test_analysis_views import make_matrix
from livsmiljo.workshops.services.meetings import project_create

pytestmark = pytest.mark.django_db

CSV = ",Vård,Hälsa,Trafik\nVård,,2,1\nHälsa,2,,-2\nTrafik,,0,\n"
EXPECTED = {
    "goals": ["Vård", "Hälsa", "Trafik"],
    "out": {"Vård": 3, "Hälsa": 0, "Trafik": 0},
    "in": {"Vård": 2, "Hälsa": 2, "Trafik": -1},
    "out_pos": {"Vård": 3, "Hälsa": 2, "Trafik": 0},
    "out_neg": {"Vård": 0, "Hälsa": -2, "Trafik": 0},
    "second_order": {"Vård": 0, "Hälsa": 6, "Trafik": 0},
    "strong_conflicts": [["Hälsa", "Trafik", -2]],
    "clusters": [["Vård", "Hälsa"]],
}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_csv_file_is_analysed_into_the_command_lines_json(owner):
    upload = SimpleUploadedFile("matris.csv", CSV.encode(), content_type="text/csv")
    response = _client(owner).post("/api/matrix/analyse", {"file": upload})
    assert response.status_code == 200
    assert response.json() == EXPECTED


def test_an_xlsx_file_and_a_json_matrix_give_the_same_answer(owner):
    rows = [[None, 2, 1], [2, None, -2], [None, 0, None]]
    matrix = ScoredMatrix.from_rows(["Vård", "Hälsa", "Trafik"], rows)
    assert analysis_json(analyse(matrix)) == EXPECTED
    upload = SimpleUploadedFile("matris.xlsx", write_xlsx(matrix))
    client = _client(owner)
    assert client.post("/api/matrix/analyse", {"file": upload}).json() == EXPECTED
    body = json.dumps({"goals": ["Vård", "Hälsa", "Trafik"], "scores": rows})
    assert client.post("/api/matrix/analyse", body, content_type="application/json").json() == EXPECTED


def test_a_bad_file_is_422_with_a_swedish_message_naming_row_and_column(owner):
    bad = CSV.replace("Hälsa,2,,-2", "Hälsa,2,,mycket")
    upload = SimpleUploadedFile("matris.csv", bad.encode())
    response = _client(owner).post("/api/matrix/analyse", {"file": upload})
    assert response.status_code == 422
    problem = response.json()
    assert "Rad 3, kolumn 4" in problem["detail"] and "mycket" in problem["detail"]
    assert (problem["row"], problem["column"]) == (3, 4)


def test_bad_json_and_an_out_of_scale_score_are_422(owner):
    client = _client(owner)
    assert client.post("/api/matrix/analyse", "inte json", content_type="application/json").status_code == 422
    body = json.dumps({"goals": ["A", "B", "C"], "scores": [[None, 5, 0], [0, None, 0], [0, 0, None]]})
    response = client.post("/api/matrix/analyse", body, content_type="application/json")
    assert response.status_code == 422 and "utanför skalan" in response.json()["detail"]


def test_a_visible_matrix_is_analysed_and_another_projects_member_gets_404(
    owner, outsider, facilitator, region
):
    project = project_create(title="Lärprojektet", user=facilitator, organisations=[region])
    matrix = make_matrix(project, [owner])
    data = _client(owner).get(f"/api/matrix/{matrix.pk}/analysis").json()
    assert data["out"]["Hälsa"] == 1 and data["in"]["Natur"] == -4
    assert data["strong_conflicts"][0] == ["Trafik", "Natur", -3]
    assert _client(outsider).get(f"/api/matrix/{matrix.pk}/analysis").status_code == 404


def test_anonymous_callers_get_401(owner, facilitator, region):
    project = project_create(title="Lärprojektet", user=facilitator, organisations=[region])
    matrix = make_matrix(project, [owner])
    client = Client()
    assert client.get(f"/api/matrix/{matrix.pk}/analysis").status_code == 401
    upload = SimpleUploadedFile("matris.csv", io.BytesIO(CSV.encode()).getvalue())
    assert client.post("/api/matrix/analyse", {"file": upload}).status_code == 401


def test_both_endpoints_are_in_the_openapi_description(owner):
    schema = _client(owner).get("/api/openapi.json").json()
    assert "post" in schema["paths"]["/api/matrix/analyse"]
    assert "get" in schema["paths"]["/api/matrix/{matrix_id}/analysis"]
    body = schema["paths"]["/api/matrix/analyse"]["post"]["requestBody"]["content"]
    assert {"multipart/form-data", "application/json"} <= set(body)
