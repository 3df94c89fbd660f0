"""The matrix pages: list, new matrix, goals, the matrix, scoring alone, a cell, import and export."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.documents.models import Document, Passage
from livsmiljo.engine.matrix.files import read_csv, read_xlsx
from livsmiljo.matrix import services
from livsmiljo.matrix.models import Agreement, Goal, Matrix, Score
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.workshops.services.meetings import project_create

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def project(facilitator, region):
    return project_create(title="Hållbara livsmiljöer", user=facilitator, organisations=[region])


@pytest.fixture
def matrix(project, owner):
    goals = [GoalSpec("Bostäder"), GoalSpec("Pendling"), GoalSpec("Grönområden")]
    return services.create_matrix(project=project, title="Länets mål", goals=goals, user=owner)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ids(matrix):
    return [g.pk for g in matrix.goals.all()]


def test_the_list_shows_the_projects_matrices_with_progress(matrix, owner, member):
    a, b, _c = ids(matrix)
    services.record_score(matrix, a, b, 2, user=owner)
    services.record_score(matrix, a, b, 1, user=member)
    html = client_for(member).get(reverse("matrix:list")).content.decode()
    assert "Länets mål" in html and "1 av 6" in html and "0 av 6" in html
    assert 'aria-current="true">Matriser' in html


def test_the_list_takes_the_same_number_of_queries_for_more_matrices(
    matrix, project, owner, django_assert_max_num_queries
):
    client = client_for(owner)
    client.get(reverse("matrix:list"))
    for k in range(3):
        goals = [GoalSpec(f"Mål {k} {n}") for n in range(4)]
        other = services.create_matrix(project=project, title=f"Matris {k}", goals=goals, user=owner)
        first, second = ids(other)[:2]
        services.record_score(other, first, second, 1, user=owner)
    with django_assert_max_num_queries(8):
        html = client.get(reverse("matrix:list")).content.decode()
    assert html.count("1 av 12") == 3
    assert reverse("matrix:compare") in html  # with two or more matrices the list offers a comparison


def test_the_list_without_matrices_explains_what_a_matrix_is(owner):
    html = client_for(owner).get(reverse("matrix:list")).content.decode()
    assert "Vad är en målkonfliktsmatris?" in html and "Om det går framåt för A" in html


def test_a_matrix_is_created_by_hand_in_the_newest_project(project, owner, facilitator, region):
    newest = project_create(title="Nyare projekt", user=facilitator, organisations=[region])
    page = client_for(owner).get(reverse("matrix:create")).content.decode()
    assert f'<option value="{newest.pk}" selected>' in page
    response = client_for(owner).post(
        reverse("matrix:create"),
        {
            "project": project.pk,
            "title": "Våra mål",
            "goal_source": "hand",
            "goals_text": "Bostäder: fler bostäder\nPendling\n\nGrönområden",
        },
    )
    matrix = Matrix.objects.get(title="Våra mål")
    assert response.status_code == 302 and response["Location"] == reverse("matrix:detail", args=[matrix.pk])
    assert list(matrix.goals.values_list("name", "description")) == [
        ("Bostäder", "fler bostäder"),
        ("Pendling", ""),
        ("Grönområden", ""),
    ]


def test_too_few_goals_keep_what_was_typed_and_say_what_to_do(project, owner):
    response = client_for(owner).post(
        reverse("matrix:create"),
        {
            "project": project.pk,
            "title": "Våra mål",
            "goal_source": "hand",
            "goals_text": "Bostäder\nPendling",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and "Lägg till eller ta bort mål" in html
    assert "Bostäder\nPendling</textarea>" in html and 'value="Våra mål"' in html
    assert not Matrix.objects.exists()


def test_a_matrix_of_agenda_2030_has_seventeen_goals(project, owner):
    client_for(owner).post(
        reverse("matrix:create"), {"project": project.pk, "title": "SDG", "goal_source": "agenda2030"}
    )
    assert Matrix.objects.get(title="SDG").goals.count() == 17


def test_a_matrix_from_a_strategy_uses_the_ticked_goals_with_shortened_names(project, owner, region):
    document = Document.objects.create(
        organisation=region, title="RUS", file_name="r.txt", file_format="txt", content_hash="2" * 64
    )
    for k in range(1, 5):
        Passage.objects.create(
            document=document,
            page=k,
            ordinal=k,
            heading=f"Mål {k}: Delmål nummer {k}",
            text="Text.",
            word_count=1,
        )
    partial = (
        client_for(owner).get(reverse("matrix:document_goals"), {"document": document.pk}).content.decode()
    )
    assert "Delmål nummer 1" in partial and "s. 4" in partial
    passages = list(document.passages.values_list("pk", flat=True))
    data = {"project": project.pk, "title": "Ur RUS", "goal_source": "dokument", "document": document.pk}
    data["candidate"] = ["0", "1", "3"]
    for k in range(4):
        data[f"candidate_name_{k}"] = f"Delmål {k + 1}"
        data[f"candidate_description_{k}"] = f"Delmål nummer {k + 1}"
        data[f"candidate_passage_{k}"] = passages[k]
    client_for(owner).post(reverse("matrix:create"), data)
    matrix = Matrix.objects.get(title="Ur RUS")
    assert matrix.source_document == document
    assert list(matrix.goals.values_list("name", "passage__page")) == [
        ("Delmål 1", 1),
        ("Delmål 2", 2),
        ("Delmål 4", 4),
    ]


def test_without_javascript_showing_a_strategys_goals_creates_nothing_yet(project, owner, region):
    document = Document.objects.create(
        organisation=region, title="RUS", file_name="r.txt", file_format="txt", content_hash="4" * 64
    )
    Passage.objects.create(
        document=document, page=2, ordinal=1, heading="Mål 1: Fler jobb", text="", word_count=1
    )
    data = {"project": project.pk, "title": "Ur RUS", "goal_source": "dokument", "document": document.pk}
    response = client_for(owner).post(reverse("matrix:create"), {**data, "show_candidates": "1"})
    html = response.content.decode()
    assert response.status_code == 200 and 'name="candidate_name_0"' in html and "Fler jobb" in html
    assert not Matrix.objects.exists()


def test_another_organisations_strategy_offers_no_goals(project, owner, other_region):
    hidden = Document.objects.create(
        organisation=other_region, title="Hemlig", file_name="h.txt", file_format="txt", content_hash="3" * 64
    )
    Passage.objects.create(
        document=hidden, page=1, ordinal=1, heading="Mål 1: Hemligt mål", text="", word_count=1
    )
    partial = (
        client_for(owner).get(reverse("matrix:document_goals"), {"document": hidden.pk}).content.decode()
    )
    assert "Hemligt" not in partial


def test_the_detail_shows_values_disagreement_and_missing_cells(matrix, owner, member, facilitator):
    a, b, c = ids(matrix)
    services.record_score(matrix, a, b, 3, user=owner)
    services.record_score(matrix, a, b, -1, user=member)  # median 1, disagreement
    services.agree(matrix, b, c, -2, user=facilitator)
    html = client_for(member).get(reverse("matrix:detail", args=[matrix.pk])).content.decode()
    assert "Diskutera först" in html
    cell_ab = html.split(reverse("matrix:cell", args=[matrix.pk, a, b]) + '">')[2]
    assert cell_ab.split("</a>")[0].count("+1") == 1 and "preliminärt" in cell_ab.split("</a>")[0]
    assert "oenighet" in cell_ab.split("</a>")[0]
    cell_bc = html.split(reverse("matrix:cell", args=[matrix.pk, b, c]) + '">')[1].split("</a>")[0]
    assert "-2" in cell_bc and "preliminärt" not in cell_bc
    cell_ca = html.split(reverse("matrix:cell", args=[matrix.pk, c, a]) + '">')[1].split("</a>")[0]
    assert "–" in cell_ca and "inte bedömt" in cell_ca and ">0<" not in cell_ca
    assert (
        "1 av 6 par har minst en bedömning" in html and reverse("matrix:goals", args=[matrix.pk]) not in html
    )


def test_scoring_one_pair_over_htmx_saves_and_counts(matrix, member):
    a, b, _c = ids(matrix)
    url = reverse("matrix:score_cell", args=[matrix.pk, a, b])
    response = client_for(member).post(
        url, {f"v_{a}_{b}": "-2", f"r_{a}_{b}": "Mark"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "−2 Motverkande" in response.content.decode()
    assert "1 av 6 par bedömda" in response.content.decode()
    client_for(member).post(url, {f"v_{a}_{b}": "1", f"r_{a}_{b}": "Ändrat"}, HTTP_HX_REQUEST="true")
    score = Score.objects.get()
    assert (score.value, score.reason, score.user) == (1, "Ändrat", member)
    client_for(member).post(url, {f"v_{a}_{b}": ""}, HTTP_HX_REQUEST="true")
    assert not Score.objects.exists()


def test_a_bad_value_answers_422_with_the_message(matrix, member):
    a, b, _c = ids(matrix)
    url = reverse("matrix:score_cell", args=[matrix.pk, a, b])
    response = client_for(member).post(url, {f"v_{a}_{b}": "7"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and "−3 till +3" in response.content.decode()


def test_the_grid_saves_everything_at_once_and_shows_it_again(matrix, member):
    a, b, c = ids(matrix)
    data = {f"v_{a}_{b}": "2", f"r_{a}_{b}": "Närhet", f"v_{a}_{c}": "-1", f"v_{b}_{c}": ""}
    response = client_for(member).post(reverse("matrix:score", args=[matrix.pk]), data)
    assert response.status_code == 302
    assert set(Score.objects.values_list("source_id", "target_id", "value")) == {(a, b, 2), (a, c, -1)}
    html = client_for(member).get(reverse("matrix:score", args=[matrix.pk])).content.decode()
    assert "2 av 6 par bedömda" in html and "Närhet</textarea>" in html
    assert f'<label for="v_{a}_{b}">Bostäder → Pendling</label>' in html


def test_the_cell_shows_every_score_with_reason_author_and_median(matrix, owner, member):
    a, b, _c = ids(matrix)
    services.record_score(matrix, a, b, 3, "Bostäder nära stationen", user=owner)
    services.record_score(matrix, a, b, 0, "Ingen skillnad", user=member)
    html = client_for(member).get(reverse("matrix:cell", args=[matrix.pk, a, b])).content.decode()
    assert "Bostäder nära stationen" in html and "alice" in html and "bob" in html
    assert "Median: 1,5" in html or "Median: 1.5" in html
    assert "Skiljer sig med 3 eller mer – diskutera först" in html
    assert reverse("matrix:agree", args=[matrix.pk, a, b]) not in html  # bob did not make the matrix


def test_the_maker_agrees_a_cell_and_can_clear_it(matrix, owner):
    a, b, _c = ids(matrix)
    url = reverse("matrix:agree", args=[matrix.pk, a, b])
    html = client_for(owner).get(reverse("matrix:cell", args=[matrix.pk, a, b])).content.decode()
    assert url in html
    response = client_for(owner).post(url, {"value": "-2", "note": "Konflikt om mark"})
    assert response.status_code == 302
    assert Agreement.objects.get().value == -2
    client_for(owner).post(url, {"value": "", "note": ""})
    assert not Agreement.objects.exists()


def test_a_member_who_did_not_make_the_matrix_may_not_agree_or_edit_goals(matrix, member):
    a, b, _c = ids(matrix)
    assert (
        client_for(member).post(reverse("matrix:agree", args=[matrix.pk, a, b]), {"value": "1"}).status_code
        == 403
    )
    assert client_for(member).get(reverse("matrix:goals", args=[matrix.pk])).status_code == 403
    assert not Agreement.objects.exists()


def _goal_post(matrix, rows):
    initial = sum(1 for row in rows if "goal_id" in row)
    data = {"goals-TOTAL_FORMS": str(len(rows)), "goals-INITIAL_FORMS": str(initial)}
    for k, row in enumerate(rows):
        for key, value in row.items():
            data[f"goals-{k}-{key}"] = value
    return data


def test_removing_a_goal_with_scores_asks_first_then_removes(matrix, owner):
    a, b, c = ids(matrix)
    services.record_score(matrix, a, c, 2, user=owner)
    rows = [
        {"goal_id": a, "name": "Bostäder", "order": "1"},
        {"goal_id": b, "name": "Pendling", "order": "2"},
        {"goal_id": c, "name": "Grönområden", "order": "3", "remove": "on"},
        {"name": "Klimat", "order": "4"},
    ]
    url = reverse("matrix:goals", args=[matrix.pk])
    response = client_for(owner).post(url, _goal_post(matrix, rows))
    assert response.status_code == 200 and "1 bedömningar" in response.content.decode()
    assert Goal.objects.filter(pk=c).exists()
    response = client_for(owner).post(url, {**_goal_post(matrix, rows), "confirm": "1"})
    assert response.status_code == 302
    assert list(matrix.goals.values_list("name", flat=True)) == ["Bostäder", "Pendling", "Klimat"]
    assert not Score.objects.exists()


def test_the_goals_page_shows_every_goal(matrix, owner):
    html = client_for(owner).get(reverse("matrix:goals", args=[matrix.pk])).content.decode()
    assert 'value="Grönområden"' in html and "Nytt mål" in html


CSV = ",Vård,Hälsa,Natur\nVård,,2,\nHälsa,1,,-1\nNatur,-3,,\n"


def test_an_import_makes_a_matrix_of_agreed_values(project, owner):
    upload = io.BytesIO(CSV.encode())
    upload.name = "regionens-matris.csv"
    response = client_for(owner).post(reverse("matrix:import"), {"project": project.pk, "file": upload})
    matrix = Matrix.objects.get()
    assert response.status_code == 302 and matrix.title == "regionens-matris"
    assert matrix.agreements.count() == 4 and matrix.created_by == owner


def test_a_bad_file_names_row_and_column_and_saves_nothing(project, owner):
    upload = io.BytesIO(",Vård,Hälsa,Natur\nVård,,2,\nHälsa,1,,x\nNatur,-3,,\n".encode())
    upload.name = "fel.csv"
    response = client_for(owner).post(reverse("matrix:import"), {"project": project.pk, "file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "Rad 3, kolumn 4" in html and "Hälsa → Natur" in html
    assert not Matrix.objects.exists() and not Goal.objects.exists()


def test_an_imported_goal_name_longer_than_a_goal_can_hold_is_refused_not_cut(project, owner):
    names = ["Hållbara transporter i hela regionen " + "x" * 60 + str(k) for k in range(3)]  # 98 characters
    rows = [";" + ";".join(names)] + [name + ";;;" for name in names]
    upload = io.BytesIO("\n".join(rows).encode())
    upload.name = "langa-namn.csv"
    response = client_for(owner).post(reverse("matrix:import"), {"project": project.pk, "file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and "rad 1, kolumn 2 är längre än 80 tecken" in html
    assert not Matrix.objects.exists() and not Goal.objects.exists()


def test_the_export_round_trips_the_values_used(matrix, owner, member):
    a, b, c = ids(matrix)
    services.record_score(matrix, a, b, 2, user=owner)
    services.agree(matrix, c, a, -3, user=owner)
    response = client_for(member).get(reverse("matrix:export", args=[matrix.pk, "csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="lanets-mal.csv"'
    scored = read_csv(response.content)
    assert scored.goals == ("Bostäder", "Pendling", "Grönområden") and scored.cells == {(0, 1): 2, (2, 0): -3}
    xlsx = client_for(member).get(reverse("matrix:export", args=[matrix.pk, "xlsx"]))
    assert read_xlsx(xlsx.content).cells == {(0, 1): 2, (2, 0): -3}
    assert client_for(member).get(reverse("matrix:export", args=[matrix.pk, "pdf"])).status_code == 404


def test_an_outsider_gets_404_on_every_matrix_page(matrix, outsider):
    a, b, _c = ids(matrix)
    client = client_for(outsider)
    urls = [
        reverse("matrix:detail", args=[matrix.pk]),
        reverse("matrix:goals", args=[matrix.pk]),
        reverse("matrix:score", args=[matrix.pk]),
        reverse("matrix:cell", args=[matrix.pk, a, b]),
        reverse("matrix:export", args=[matrix.pk, "csv"]),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(reverse("matrix:score_cell", args=[matrix.pk, a, b]), {"value": "1"}).status_code == 404
    )
    assert client.post(reverse("matrix:agree", args=[matrix.pk, a, b]), {"value": "1"}).status_code == 404
    assert "Länets mål" not in client.get(reverse("matrix:list")).content.decode()
    assert not Score.objects.exists() and not Agreement.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(matrix, client):
    response = client.get(reverse("matrix:detail", args=[matrix.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
