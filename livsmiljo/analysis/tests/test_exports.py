import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from livsmiljo.analysis.tests.conftest import SECRET

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
