import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from livsmiljo.documents.models import Document, IngestionRun
from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.factories import broken_pdf_bytes, page_lines, paragraph, pdf_bytes


def _document(organisation, user, name="plan.txt", text=None, shared=False, **kwargs):
    data = (text or paragraph(80, f"{name} handlar om kollektivtrafik i länet. ")).encode()
    run = ingestion_run_create(
        files=[(name, data)], organisation=organisation, user=user, kind="plan", shared=shared, **kwargs
    )
    ingestion_run_process(run_id=run.pk)
    return Document.objects.get(file_name=name)


@pytest.fixture
def own_document(region, owner):
    return _document(region, owner, "egen.txt")


@pytest.fixture
def private_document(other_region, outsider):
    return _document(other_region, outsider, "hemlig.txt")


@pytest.fixture
def shared_document(other_region, outsider):
    return _document(other_region, outsider, "delad.txt", shared=True)


def test_the_library_lists_own_and_shared_documents_but_not_another_organisations(
    owner_client, own_document, private_document, shared_document
):
    response = owner_client.get(reverse("documents:list"))
    assert response.status_code == 200
    titles = [d.title for d in response.context["page"].object_list]
    assert sorted(titles) == ["delad", "egen"]
    assert "hemlig" not in response.content.decode()


def test_the_library_filters_by_organisation_kind_and_year(owner_client, region, owner, shared_document):
    _document(region, owner, "gammal.txt", year=2019)
    _document(region, owner, "ny.txt", year=2024)
    response = owner_client.get(reverse("documents:list"), {"organisation": region.slug, "year": "2024"})
    assert [d.title for d in response.context["page"].object_list] == ["ny"]
    response = owner_client.get(reverse("documents:list"), {"kind": "rus"})
    assert list(response.context["page"].object_list) == []
    assert "Inga dokument matchar filtret." in response.content.decode()


def test_the_library_list_uses_a_fixed_number_of_queries(owner_client, region, owner):
    _document(region, owner, "a.txt")
    with CaptureQueriesContext(connection) as few:
        owner_client.get(reverse("documents:list"))
    for name in ("b.txt", "c.txt", "d.txt"):
        _document(region, owner, name)
    with CaptureQueriesContext(connection) as many:
        owner_client.get(reverse("documents:list"))
    assert len(many) == len(few)


def test_the_library_requires_login(client, db):
    response = client.get(reverse("documents:list"))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_a_document_page_opens_at_the_cited_page(owner_client, region, owner):
    pdf = pdf_bytes(
        [page_lines("Inledning", paragraph(70)), page_lines("Bostäder", paragraph(90, "Fler hyresrätter. "))]
    )
    run = ingestion_run_create(files=[("rus.pdf", pdf)], organisation=region, user=owner, kind="rus")
    ingestion_run_process(run_id=run.pk)
    document = Document.objects.get()
    passage = document.passages.get(page=2)
    response = owner_client.get(reverse("documents:detail", args=[document.pk]), {"sida": 2})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="sida-1"' in html and 'id="sida-2"' in html
    assert f'id="stycke-{passage.pk}"' in html
    assert response.context["current_page"] == 2
    assert "Fler hyresrätter." in html


def test_an_outsider_gets_404_on_another_organisations_unshared_document(outsider_client, own_document):
    assert outsider_client.get(reverse("documents:detail", args=[own_document.pk])).status_code == 404
    assert outsider_client.get(reverse("documents:edit", args=[own_document.pk])).status_code == 404
    assert outsider_client.post(reverse("documents:delete", args=[own_document.pk])).status_code == 404
    assert Document.objects.filter(pk=own_document.pk).exists()


def test_a_shared_document_is_readable_but_not_editable_by_others(owner_client, shared_document):
    response = owner_client.get(reverse("documents:detail", args=[shared_document.pk]))
    assert response.status_code == 200 and not response.context["can_edit"]
    assert owner_client.get(reverse("documents:edit", args=[shared_document.pk])).status_code == 403


def test_a_facilitator_sees_every_document(facilitator_client, private_document):
    assert facilitator_client.get(reverse("documents:detail", args=[private_document.pk])).status_code == 200


def test_uploading_several_files_redirects_to_the_run_page_with_each_files_status(
    owner_client, region, django_capture_on_commit_callbacks
):
    files = [
        SimpleUploadedFile("plan.txt", paragraph(80).encode()),
        SimpleUploadedFile("trasig.pdf", broken_pdf_bytes()),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(
            reverse("documents:upload"),
            {"uploads": files, "kind": "plan", "year": "2023", "title": "", "organisation": "999"},
        )
    run = IngestionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:run", args=[run.pk])
    assert run.organisation == region  # a member's organisation cannot be changed
    page = owner_client.get(response["Location"]).content.decode()
    assert "plan.txt" in page and "Klar" in page
    assert "PDF-filen är trasig" in page
    assert Document.objects.get().year == 2023


def test_the_progress_partial_polls_until_the_run_is_finished(owner_client, region, owner):
    run = ingestion_run_create(
        files=[("a.txt", paragraph(70).encode())], organisation=region, user=owner, kind="rus"
    )
    partial = owner_client.get(reverse("documents:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in partial.content.decode()
    ingestion_run_process(run_id=run.pk)
    partial = owner_client.get(reverse("documents:run_progress", args=[run.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in partial.content.decode()
    assert "100&nbsp;%" in partial.content.decode()


def test_an_outsider_cannot_see_another_organisations_run(outsider_client, region, owner):
    run = ingestion_run_create(files=[("a.txt", b"text")], organisation=region, user=owner, kind="rus")
    assert outsider_client.get(reverse("documents:run", args=[run.pk])).status_code == 404
    assert outsider_client.get(reverse("documents:run_progress", args=[run.pk])).status_code == 404


def test_uploading_without_files_shows_a_swedish_error(owner_client):
    response = owner_client.post(reverse("documents:upload"), {"kind": "rus"})
    assert response.status_code == 200
    assert "Välj minst en fil att ladda upp." in response.content.decode()
    assert not IngestionRun.objects.exists()


def test_a_facilitator_may_upload_for_any_organisation(facilitator_client, other_region):
    response = facilitator_client.post(
        reverse("documents:upload"),
        {
            "uploads": [SimpleUploadedFile("a.txt", b"Text om bredband.")],
            "kind": "rus",
            "organisation": other_region.pk,
        },
    )
    assert response.status_code == 302
    assert IngestionRun.objects.get().organisation == other_region


def test_a_member_edits_and_shares_the_document(owner_client, own_document):
    response = owner_client.post(
        reverse("documents:edit", args=[own_document.pk]),
        {"title": "Trafikplan 2030", "kind": "plan", "year": "2030", "shared": "on"},
    )
    assert response.status_code == 302
    own_document.refresh_from_db()
    assert (own_document.title, own_document.year, own_document.shared) == ("Trafikplan 2030", 2030, True)


def test_a_member_deletes_the_document(owner_client, own_document):
    response = owner_client.post(reverse("documents:delete", args=[own_document.pk]))
    assert response.status_code == 302
    assert not Document.objects.exists()


def test_the_edit_and_delete_pages_show_the_document(owner_client, own_document):
    edit = owner_client.get(reverse("documents:edit", args=[own_document.pk])).content.decode()
    delete = owner_client.get(reverse("documents:delete", args=[own_document.pk])).content.decode()
    assert 'value="egen"' in edit and "Spara" in edit
    assert "Vill du ta bort ”egen”" in delete


def test_the_upload_page_lets_a_member_choose_files_but_not_another_organisation(
    owner_client, region, other_region
):
    response = owner_client.get(reverse("documents:upload"))
    html = response.content.decode()
    assert 'type="file"' in html and "multiple" in html
    assert list(response.context["form"].fields["organisation"].queryset) == [region]
    assert other_region.name not in html


def test_the_edit_and_delete_pages_use_the_site_field_layout_and_a_spaced_row_of_actions(
    owner_client, own_document
):
    edit = owner_client.get(reverse("documents:edit", args=[own_document.pk])).content.decode()
    delete = owner_client.get(reverse("documents:delete", args=[own_document.pk])).content.decode()
    assert edit.count('<div class="field') == 4 and '<div class="form-actions">' in edit
    assert '<form method="post" class="form-actions">' in delete


def test_a_facilitator_is_asked_to_choose_an_organisation_in_swedish_not_with_dashes(facilitator_client):
    html = facilitator_client.get(reverse("documents:upload")).content.decode()
    assert '<option value="" selected>– Välj organisation –</option>' in html
    assert "---------" not in html


def test_a_stopped_run_can_be_retried_from_its_page(
    owner_client, region, owner, django_capture_on_commit_callbacks
):
    run = ingestion_run_create(
        files=[("a.txt", paragraph(70).encode())], organisation=region, user=owner, kind="rus"
    )
    IngestionRun.objects.filter(pk=run.pk).update(status=IngestionRun.Status.FAILED)
    assert "Försök igen" in owner_client.get(reverse("documents:run", args=[run.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("documents:run_retry", args=[run.pk]))
    assert response.status_code == 302
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.DONE and Document.objects.count() == 1


def test_an_outsider_cannot_retry_another_organisations_run(outsider_client, region, owner):
    run = ingestion_run_create(files=[("a.txt", b"text")], organisation=region, user=owner, kind="rus")
    IngestionRun.objects.filter(pk=run.pk).update(status=IngestionRun.Status.FAILED)
    assert outsider_client.post(reverse("documents:run_retry", args=[run.pk])).status_code == 404


def test_an_upload_mixing_good_and_bad_files_keeps_the_good_ones_and_names_each_problem(
    owner_client, region, django_capture_on_commit_callbacks
):
    pdf = pdf_bytes([page_lines("Inledning", paragraph(80)), page_lines("Mål", paragraph(70))])
    files = [
        SimpleUploadedFile("strategi.pdf", pdf, content_type="application/pdf"),
        SimpleUploadedFile("tom.txt", b"", content_type="text/plain"),
        SimpleUploadedFile(
            "program.exe", b"MZ\x90\x00\x03\x00" * 20, content_type="application/octet-stream"
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("documents:upload"), {"uploads": files, "kind": "rus"})
    run = IngestionRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("documents:run", args=[run.pk])
    rows = {item.file_name: item for item in run.files.all()}
    assert [(name, rows[name].status) for name in ("strategi.pdf", "tom.txt", "program.exe")] == [
        ("strategi.pdf", "done"),
        ("tom.txt", "failed"),
        ("program.exe", "failed"),
    ]
    assert "Filen är tom" in rows["tom.txt"].error
    assert "Filtypen .exe stöds inte" in rows["program.exe"].error
    assert Document.objects.get().file_name == "strategi.pdf"
    run.refresh_from_db()
    assert run.status == IngestionRun.Status.DONE and "2 misslyckades" in run.message
    html = owner_client.get(response["Location"]).content.decode()
    for name, problem in (("tom.txt", "Filen är tom"), ("program.exe", "Filtypen .exe stöds inte")):
        row = html.split(f"<td>{name}</td>", 1)[1].split("</tr>", 1)[0]
        assert "Misslyckades" in row and problem in row
    row = html.split("<td>strategi.pdf</td>", 1)[1].split("</tr>", 1)[0]
    assert "Klar" in row and "error" not in row


def test_the_upload_form_says_optional_once_and_in_one_wording(owner_client):
    html = owner_client.get(reverse("documents:upload")).content.decode()
    assert "(frivilligt)" in html
    assert "Frivillig." not in html and "(frivillig)" not in html and "valfri" not in html


def test_each_passage_link_on_a_document_page_has_its_own_name(owner_client, region, owner):
    pdf = pdf_bytes(
        [
            page_lines("Inledning", *(paragraph(260, f"Vård nummer {n}. ") for n in range(3))),
            page_lines("Bostäder", *(paragraph(260, f"Bostäder nummer {n}. ") for n in range(3))),
        ]
    )
    run = ingestion_run_create(files=[("rus.pdf", pdf)], organisation=region, user=owner, kind="rus")
    ingestion_run_process(run_id=run.pk)
    document = Document.objects.get()
    html = owner_client.get(reverse("documents:detail", args=[document.pk])).content.decode()
    names = re.findall(r">(Teman och belägg för stycke [^<]*)</a>", html)
    assert len(names) == document.passages.count() >= 4
    assert len(set(document.passages.values_list("page", flat=True))) == 2
    assert len(set(names)) == len(names)
    last = document.passages.order_by("ordinal").last()
    assert last is not None
    assert f"Teman och belägg för stycke {document.passages.count()} (sida {last.page})" in names
