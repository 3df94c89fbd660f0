"""The analysis page, its charts and the comparison, against a matrix worked out by hand.

The matrix (rows: the goal that goes forward; "." missing; (s) the median of several scores, not agreed):

          Vård  Hälsa  Trafik  Natur
  Vård     –    +2(s)   +1      .
  Hälsa   +2     –       0     −1(s)
  Trafik  +1    +2       –     −3(s)
  Natur    .     0      −2      –

out  = Vård 3, Hälsa 1, Trafik 0, Natur −2;  in = Vård 3, Hälsa 4, Trafik −1, Natur −4
out_pos = 3, 2, 3, 0;  out_neg = 0, −1, −3, −2
second_order = Vård 2·1 + 1·0 = 2; Hälsa 2·3 + 0·0 + (−1)(−2) = 8; Trafik 1·3 + 2·1 + (−3)(−2) = 11; Natur 0
strong conflicts: Trafik → Natur −3, Natur → Trafik −2;  cluster: Vård, Hälsa
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.matrix import services
from livsmiljo.matrix.models import Matrix
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.organisations.models import User
from livsmiljo.workshops.services.meetings import project_create

pytestmark = pytest.mark.django_db

GOALS = ["Vård", "Hälsa", "Trafik", "Natur"]
AGREED = {("Vård", "Trafik"): 1, ("Hälsa", "Vård"): 2, ("Hälsa", "Trafik"): 0, ("Trafik", "Vård"): 1}
AGREED |= {("Trafik", "Hälsa"): 2, ("Natur", "Hälsa"): 0, ("Natur", "Trafik"): -2}
SCORED = {("Vård", "Hälsa"): (1, 3), ("Hälsa", "Natur"): (-1, -2), ("Trafik", "Natur"): (-3, -3)}


def make_matrix(project, users, *, title="Handräknad", goals=GOALS, agreed=None, scored=None) -> Matrix:
    matrix = services.create_matrix(
        project=project, title=title, goals=[GoalSpec(g) for g in goals], user=users[0]
    )
    ids = {g.name: g.pk for g in matrix.goals.all()}
    for (a, b), value in (AGREED if agreed is None else agreed).items():
        services.agree(matrix, ids[a], ids[b], value, user=users[0])
    for (a, b), values in (SCORED if scored is None else scored).items():
        for user, value in zip(users, values, strict=False):
            services.record_score(matrix, ids[a], ids[b], value, "motivering", user=user)
    return matrix


@pytest.fixture
def project(facilitator, region):
    return project_create(title="Lärprojektet", user=facilitator, organisations=[region])


@pytest.fixture
def matrix(project, owner, member) -> Matrix:
    return make_matrix(project, [owner, member])


def _client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _row(html: str, table_id: str, goal: str) -> list[str]:
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    row = table.split(f'data-goal="{goal}"', 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row)]


def _section(html: str, css: str) -> str:
    return html.split(f'class="{css}"', 1)[1].split("</ul>", 1)[0]


def test_the_analysis_page_shows_the_hand_worked_figures_per_goal(matrix, owner):
    html = _client(owner).get(reverse("matrix:analysis", args=[matrix.pk])).content.decode()
    # out, in, out_pos, out_neg, second_order
    assert _row(html, "mxa-influence", "Vård") == ["+3", "+3", "+3", "0", "+2"]
    assert _row(html, "mxa-influence", "Hälsa") == ["+1", "+4", "+2", "−1", "+8"]
    assert _row(html, "mxa-influence", "Trafik") == ["0", "−1", "+3", "−3", "+11"]
    assert _row(html, "mxa-influence", "Natur") == ["−2", "−4", "0", "−2", "0"]


def test_the_strong_conflicts_come_most_negative_first_and_the_cluster_is_named(matrix, owner):
    html = _client(owner).get(reverse("matrix:analysis", args=[matrix.pk])).content.decode()
    conflicts = html.split('id="mxa-conflicts"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<tr><td>(\w+)</td><td>(\w+)</td>", conflicts) == [
        ("Trafik", "Natur"),
        ("Natur", "Trafik"),
    ]
    assert "−3 Omöjliggörande" in conflicts and "−2 Motverkande" in conflicts
    assert "Vård, Hälsa" in html.split('id="mxa-cluster-list"', 1)[1].split("</ol>", 1)[0]


def test_missing_cells_are_shown_as_missing_and_preliminary_ones_are_marked(matrix, owner):
    html = _client(owner).get(reverse("matrix:analysis", args=[matrix.pk])).content.decode()
    grid = html.split('id="mxa-grid"', 1)[1].split("</table>", 1)[0]
    rows = {
        m.group(1): re.findall(r"<td[^>]*>(.*?)</td>", m.group(2))
        for m in re.finditer(r'<th scope="row">(\w+)</th>(.*?)</tr>', grid, re.S)
    }
    assert "saknas" in rows["Vård"][3] and "saknas" in rows["Natur"][0]
    assert rows["Hälsa"][2] == "0"  # an agreed 0 is a 0, not missing
    assert rows["Hälsa"][3].startswith("−1") and "preliminärt" in rows["Hälsa"][3]  # median −1.5 → −1
    assert rows["Vård"][1].startswith("+2") and "preliminärt" in rows["Vård"][1]
    assert "7 av 12 par har ett överenskommet värde" in html
    assert "3 par är preliminära" in html
    assert "2 par saknar bedömning" in html
    assert "räknas som 0 i summorna men visas som saknat i matrisen" in html


def test_the_plain_swedish_reading_names_the_right_goals(matrix, owner):
    html = _client(owner).get(reverse("matrix:analysis", args=[matrix.pk])).content.decode()
    start = _section(html, "mxa-start")
    assert start.index("Vård") < start.index("Hälsa") and "Trafik" not in start and "Natur" not in start
    held = _section(html, "mxa-held")
    assert held.index("Natur") < held.index("Trafik") and "Vård" not in held
    conflicts = _section(html, "mxa-conflicts")
    assert conflicts.index("Trafik</strong> → <strong>Natur") < conflicts.index(
        "Natur</strong> → <strong>Trafik"
    )
    assert "Vård, Hälsa" in _section(html, "mxa-clusters")


@pytest.mark.parametrize("kind", ["heatmap", "paverkan", "natverk"])
def test_each_chart_is_valid_svg_and_png_with_the_right_type_and_private_caching(matrix, owner, kind):
    client = _client(owner)
    svg = client.get(reverse("matrix:chart", args=[matrix.pk, kind, "svg"]))
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    assert svg["Cache-Control"].startswith("private")
    assert b"<svg" in svg.content[:2000] and svg.content.rstrip().endswith(b"</svg>")
    png = client.get(reverse("matrix:chart", args=[matrix.pk, kind, "png"]))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_an_unknown_chart_kind_or_format_is_404(matrix, owner):
    client = _client(owner)
    assert client.get(reverse("matrix:chart", args=[matrix.pk, "tarta", "svg"])).status_code == 404
    assert client.get(reverse("matrix:chart", args=[matrix.pk, "heatmap", "gif"])).status_code == 404


def test_each_chart_has_an_alt_text_and_the_network_names_the_strongest_links(matrix, owner):
    html = _client(owner).get(reverse("matrix:analysis", args=[matrix.pk])).content.decode()
    alts = re.findall(r'<img src="[^"]*/diagram/(\w+)\.svg" alt="([^"]+)"', html)
    assert {kind for kind, _alt in alts} == {"heatmap", "paverkan", "natverk"}
    network = dict(alts)["natverk"]
    assert "Trafik → Natur (−3)" in network and "Vård → Hälsa (+2)" in network


def test_another_projects_member_gets_404_on_the_analysis_and_its_charts(matrix, outsider):
    client = _client(outsider)
    assert client.get(reverse("matrix:analysis", args=[matrix.pk])).status_code == 404
    assert client.get(reverse("matrix:chart", args=[matrix.pk, "natverk", "svg"])).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login(matrix, client):
    for url in (
        reverse("matrix:analysis", args=[matrix.pk]),
        reverse("matrix:chart", args=[matrix.pk, "heatmap", "png"]),
        reverse("matrix:compare"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# --- Comparison ---


@pytest.fixture
def later(project, owner, member) -> Matrix:
    """The same group a year later: Vård → Hälsa agreed +3 (was +2), Natur → Trafik −1 (was −2), and a
    new goal."""
    agreed = dict(AGREED) | {("Vård", "Hälsa"): 3, ("Natur", "Trafik"): -1}
    scored = {k: v for k, v in SCORED.items() if k != ("Vård", "Hälsa")}
    return make_matrix(
        project, [owner, member], title="Ett år senare", goals=[*GOALS, "Skola"], agreed=agreed, scored=scored
    )


def test_the_comparison_shows_differences_per_cell_and_per_goal(matrix, later, owner):
    url = reverse("matrix:compare") + f"?m={matrix.pk}&m={later.pk}"
    html = _client(owner).get(url).content.decode()
    grid = html.split('class="mxa-grid mxa-diff-grid"', 1)[1].split("</table>", 1)[0]
    rows = {
        m.group(1): [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", m.group(2))]
        for m in re.finditer(r'<th scope="row">(\w+)</th>(.*?)</tr>', grid, re.S)
    }
    assert rows["Vård"][1] == "+1"  # 3 − 2
    assert rows["Natur"][2] == "+1"  # −1 − (−2)
    assert rows["Hälsa"][0] == "0"
    assert rows["Vård"][3] == "saknas"  # missing in both stays missing
    goals = html.split('class="mxa-diff-goals"', 1)[1].split("</table>", 1)[0]
    vard = re.search(r'<th scope="row">Vård</th>(.*?)</tr>', goals).group(1)  # type: ignore[union-attr]
    assert re.findall(r"<td>(.*?)</td>", vard) == ["+3", "+4", "+1", "+3", "+3", "0"]
    assert "Bara i Ett år senare (Lärprojektet): Skola" in html


def test_the_chosen_baseline_comes_first_whatever_the_order_of_the_boxes(matrix, later, owner):
    """Checkboxes are sent in list order; the "Utgångspunkt" select decides what differences count from."""
    url = reverse("matrix:compare") + f"?m={later.pk}&m={matrix.pk}&bas={matrix.pk}"
    html = _client(owner).get(url).content.decode()
    grid = html.split('class="mxa-grid mxa-diff-grid"', 1)[1].split("</table>", 1)[0]
    vard = re.search(r'<th scope="row">Vård</th>(.*?)</tr>', grid, re.S).group(1)  # type: ignore[union-attr]
    assert re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", vard)[1]) == "+1"  # 3 − 2, not 2 − 3
    assert f'<option value="{matrix.pk}" selected>' in html


def test_the_difference_heatmap_is_an_image(matrix, later, owner):
    response = _client(owner).get(reverse("matrix:compare_chart", args=[matrix.pk, later.pk, "png"]))
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")


def test_the_comparison_says_so_when_the_matrices_share_fewer_than_two_goals(matrix, project, owner):
    other = make_matrix(
        project, [owner], title="Annat", goals=["Vård", "Kultur", "Skog"], agreed={}, scored={}
    )
    html = _client(owner).get(reverse("matrix:compare") + f"?m={matrix.pk}&m={other.pk}").content.decode()
    assert "färre än två mål gemensamt" in html
    assert (
        _client(owner).get(reverse("matrix:compare_chart", args=[matrix.pk, other.pk, "svg"])).status_code
        == 404
    )


def test_the_comparison_lists_and_uses_only_visible_matrices(
    matrix, later, outsider, other_region, facilitator
):
    hidden_project = project_create(title="Annat projekt", user=facilitator, organisations=[other_region])
    own = make_matrix(hidden_project, [outsider], title="Norrbottens egen", agreed={}, scored={})
    client = _client(outsider)
    html = client.get(reverse("matrix:compare") + f"?m={matrix.pk}&m={later.pk}&m={own.pk}").content.decode()
    assert "Norrbottens egen" in html
    assert "Handräknad" not in html and "Ett år senare" not in html
    assert client.get(reverse("matrix:compare_chart", args=[matrix.pk, later.pk, "svg"])).status_code == 404


def test_the_analysis_page_speaks_english_to_an_english_reader(matrix, owner):
    client = _client(owner)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(reverse("matrix:analysis", args=[matrix.pk])).content.decode()
    assert "Start with" in html and "2 pairs have no score." in html and "Börja med" not in html
    assert "counts as 0 in the sums but is shown as missing in the matrix" in html
