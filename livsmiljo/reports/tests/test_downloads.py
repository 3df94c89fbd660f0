"""Reports in the browser: the organisation's report page, downloads in every format, publishing consent."""

import io
import re
import zipfile

import pytest
from django.urls import reverse

from livsmiljo.analysis.models import PassageTag
from livsmiljo.documents.models import Document, Passage
from livsmiljo.engine.report import Heading, Quote, Report, Table
from livsmiljo.organisations.models import AuditEntry
from livsmiljo.reports import views_export
from livsmiljo.workshops.services.meetings import meeting_create, project_create

pytestmark = pytest.mark.django_db

TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "application/zip",  # the organisation report has several tables
}


def tagged_document(organisation, *, title="Hemliga strategin", shared=False) -> Document:
    """A document with two tagged passages, made without the classifier (fast)."""
    document = Document.objects.create(
        organisation=organisation, title=title, file_name="s.txt", file_format="txt",
        content_hash=title.encode().hex()[:64].ljust(64, "0"), page_count=3, shared=shared,
    )  # fmt: skip
    for page, text in ((2, "Folkhälsan ska bli jämlik för barn och unga."), (3, "Bostäder mot grönytor.")):
        passage = Passage.objects.create(document=document, page=page, ordinal=page, text=text, word_count=6)
        PassageTag.objects.create(
            passage=passage, document=document, themes=[{"id": "halsa", "score": 0.9}], groups=["barn_unga"],
            areas=["likvardiga_mojligheter"], conflict=page == 3, conflict_themes=["halsa", "kultur"],
        )  # fmt: skip
    return document


@pytest.fixture
def document(region):
    return tagged_document(region)


@pytest.mark.parametrize("fmt", sorted(TYPES))
def test_the_organisation_report_downloads_in_every_format_with_a_file_name_from_the_title(
    fmt, region, document, owner_client
):
    response = owner_client.get(reverse("reports:organisation_download", args=[region.slug, fmt]))
    assert response.status_code == 200
    assert response["Content-Type"] == TYPES[fmt]
    extension = "zip" if fmt == "csv" else fmt
    name = (
        f"strategiprofil-region-ostergotland.{extension}"  # the title: "Strategiprofil: Region Östergötland"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_the_csv_download_is_a_zip_of_every_table_or_one_table_by_name(region, document, owner_client):
    url = reverse("reports:organisation_download", args=[region.slug, "csv"])
    archive = zipfile.ZipFile(io.BytesIO(owner_client.get(url).content))
    assert {"teman.csv", "omraden.csv"} <= set(archive.namelist())
    one = owner_client.get(url, {"tabell": "teman"})
    assert one["Content-Type"] == "text/csv; charset=utf-8"
    assert one.content.decode("utf-8-sig").splitlines()[0] == "Tema,Andel stycken (%),Antal stycken"
    assert owner_client.get(url, {"tabell": "finns-inte"}).status_code == 404


def test_the_report_page_shows_the_report_with_images_by_url_and_no_inline_styles(
    region, document, owner_client
):
    response = owner_client.get(reverse("reports:organisation", args=[region.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "<h1>Strategiprofil: Region Östergötland</h1>" in html
        and '<h2 id="teman">Teman</h2>' in html
        and "Hemliga strategin, s.\u00a02" not in html
    )
    image = reverse("reports:organisation_figure", args=[region.slug, 1])
    assert f'src="{image}"' in html and "data:image" not in html
    assert not re.search(r"\sstyle=|<style", html)
    png = owner_client.get(image)
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    assert owner_client.get(reverse("reports:organisation_figure", args=[region.slug, 9])).status_code == 404


def test_a_member_chooses_to_publish_the_profile_and_it_is_audited(region, document, owner_client):
    url = reverse("reports:organisation_publish", args=[region.slug])
    response = owner_client.post(url, {"publicera": "1"})
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.publish_profile
    assert AuditEntry.objects.filter(action="organisation.publish_profile", object_id=str(region.pk)).exists()
    owner_client.post(url, {"publicera": "0"})
    region.refresh_from_db()
    assert not region.publish_profile


def test_someone_who_sees_a_shared_document_reads_the_report_but_may_not_publish_it(region, outsider_client):
    tagged_document(region, title="Delad strategi", shared=True)
    tagged_document(region, title="Intern strategi")
    page = outsider_client.get(reverse("reports:organisation", args=[region.slug]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Delad strategi" in html and "Intern strategi" not in html
    assert reverse("reports:organisation_publish", args=[region.slug]) not in html
    response = outsider_client.post(
        reverse("reports:organisation_publish", args=[region.slug]), {"publicera": "1"}
    )
    assert response.status_code == 403
    region.refresh_from_db()
    assert not region.publish_profile


def test_an_outsider_gets_404_on_the_page_every_download_and_the_image(region, document, outsider_client):
    urls = [reverse("reports:organisation", args=[region.slug])]
    urls += [reverse("reports:organisation_download", args=[region.slug, fmt]) for fmt in TYPES]
    urls.append(reverse("reports:organisation_figure", args=[region.slug, 1]))
    for url in urls:
        response = outsider_client.get(url)
        assert response.status_code == 404, url
        assert b"Hemliga" not in response.content


@pytest.fixture
def meeting(facilitator, region):
    project = project_create(title="Lärprojektet", user=facilitator, organisations=[region])
    return meeting_create(project=project, title="Möte i Stockholm", user=facilitator, template="tom")


@pytest.fixture
def small_meeting_report(monkeypatch):
    report = Report(title="Dokumentation: Möte i Stockholm").add(
        Heading(1, "Omröstningar"),
        Table("Fråga 1", ("Svar", "Antal"), (("Ja", "37"),), (1,), "fraga-1"),
        Quote("Cykelvägarna måste hänga ihop.", "Grupp 2"),
    )
    monkeypatch.setattr(views_export, "_meeting_report", lambda meeting: report)
    return report


@pytest.mark.parametrize("fmt", sorted(TYPES))
def test_a_project_member_downloads_the_meeting_documentation_in_every_format(
    fmt, meeting, owner_client, small_meeting_report
):
    response = owner_client.get(reverse("reports:meeting_download", args=[meeting.pk, fmt]))
    assert response.status_code == 200
    expected = "text/csv; charset=utf-8" if fmt == "csv" else TYPES[fmt]  # one table: one CSV file
    assert response["Content-Type"] == expected
    name = "dokumentation-mote-i-stockholm" + ("-fraga-1" if fmt == "csv" else "")
    assert response["Content-Disposition"] == f'attachment; filename="{name}.{fmt}"'


def test_the_meeting_download_uses_the_meetings_own_documentation(meeting, owner_client):
    response = owner_client.get(reverse("reports:meeting_download", args=[meeting.pk, "md"]))
    assert response.status_code == 200
    assert response.content.decode().startswith("# ") and "Möte i Stockholm" in response.content.decode()


@pytest.mark.parametrize("fmt", sorted(TYPES))
def test_an_outsider_gets_404_on_every_meeting_download(fmt, meeting, outsider_client, small_meeting_report):
    response = outsider_client.get(reverse("reports:meeting_download", args=[meeting.pk, fmt]))
    assert response.status_code == 404
    assert b"Cykelv" not in response.content


def test_the_analysis_page_of_an_organisation_links_to_its_report(region, document, owner_client):
    response = owner_client.get(reverse("analysis:organisation", args=[region.slug]))
    assert reverse("reports:organisation", args=[region.slug]) in response.content.decode()
