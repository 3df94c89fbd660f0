import pytest
from django.urls import reverse

from livsmiljo.analysis.models import PassageTag, TagCorrection, Theme
from livsmiljo.analysis.tests.conftest import SECRET

pytestmark = pytest.mark.django_db


def test_the_overview_lists_only_visible_documents(owner_client, private_document, other_private_document):
    page = owner_client.get(reverse("analysis:overview")).content.decode()
    assert private_document.title in page
    assert other_private_document.title not in page


def test_the_document_profile_shows_coverage_groups_areas_and_conflicts(owner_client, private_document):
    response = owner_client.get(reverse("analysis:document", args=[private_document.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Transporter och tillgänglighet" in page and "%" in page
    first = private_document.passages.order_by("ordinal").first()
    assert f"?sida={first.page}#stycke-{first.pk}" in page
    assert "Barn och unga" in page
    assert "Inte funna i de uppladdade dokumenten" in page
    assert "Förtätning mot grönområden" in page
    assert "Tillgänglighet genom digital kommunikation och transportsystem" in page


def test_an_outsider_cannot_open_the_profile_of_an_unshared_document(outsider_client, private_document):
    assert outsider_client.get(reverse("analysis:document", args=[private_document.pk])).status_code == 404
    passage = private_document.passages.first()
    assert outsider_client.get(reverse("analysis:passage", args=[passage.pk])).status_code == 404


def test_an_organisation_profile_is_built_only_from_documents_the_viewer_may_see(
    owner_client, outsider_client, private_document, other_private_document
):
    url = reverse("analysis:organisation", args=[other_private_document.organisation.slug])
    assert SECRET[:30] not in owner_client.get(url).content.decode()
    assert "Inga analyserade stycken" in owner_client.get(url).content.decode()
    own = outsider_client.get(url).content.decode()
    assert "Nationella minoriteter och samer" in own


def test_a_draft_is_not_counted_in_its_organisations_profile(owner_client, region, private_document):
    """A region's draft (kind "utkast") stays out of its organisation profile and the comparison."""
    from livsmiljo.analysis.services import document_tag
    from livsmiljo.analysis.tests.factories import SAMI, make_document

    draft = make_document(region, SAMI, title="Utkast till ny strategi")
    draft.kind = "utkast"
    draft.save(update_fields=["kind"])
    document_tag(document=draft)
    profile = owner_client.get(reverse("analysis:organisation", args=[region.slug])).content.decode()
    assert "Östgötastrategin" in profile and "Utkast till ny strategi" not in profile
    assert "Samebyarna" not in profile  # the draft's passage is not among the strongest passages
    assert owner_client.get(reverse("analysis:document", args=[draft.pk])).status_code == 200


def test_the_comparison_shows_visible_organisations_with_numbers_and_a_similarity(
    facilitator_client, owner_client, private_document, other_private_document
):
    page = facilitator_client.get(reverse("analysis:compare")).content.decode()
    assert "Region Östergötland" in page and "Region Norrbotten" in page
    assert ("<caption>" in page and "1.00" in page) or "1,00" in page
    mine = owner_client.get(reverse("analysis:compare")).content.decode()
    assert "Region Norrbotten" not in mine


def test_who_else_works_on_a_theme_lists_other_organisations_with_their_passages(
    facilitator_client, private_document, other_private_document
):
    url = reverse("analysis:peers", args=[private_document.organisation.slug, "transporter"])
    page = facilitator_client.get(url).content.decode()
    assert "Region Norrbotten" in page and "stycke-" in page


def test_the_conflict_explorer_lists_passages_under_their_catalogue_conflict(
    owner_client, outsider_client, private_document
):
    page = owner_client.get(reverse("analysis:conflicts")).content.decode()
    assert "Förtätning mot grönområden" in page and "förtätningen sker på bekostnad" in page
    assert (
        "förtätningen sker på bekostnad"
        not in outsider_client.get(reverse("analysis:conflicts")).content.decode()
    )


def test_correcting_a_tag_in_the_browser_changes_the_document_profile(owner_client, private_document):
    passage = private_document.passages.order_by("ordinal").first()
    url = reverse("analysis:passage_correct", args=[passage.pk])
    response = owner_client.post(
        url, {"themes": ["kultur"], "note": "Kulturresor"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Rättelsen är sparad" in response.content.decode()
    assert PassageTag.objects.get(passage=passage).theme_ids == ["kultur"]
    profile = owner_client.get(reverse("analysis:document", args=[private_document.pk])).content.decode()
    kultur = profile.split("Kultur och fritid")[1][:200]
    assert "33&nbsp;%" in kultur


def test_a_correction_without_themes_is_refused_with_a_message_and_nothing_saved(
    owner_client, private_document
):
    passage = private_document.passages.first()
    url = reverse("analysis:passage_correct", args=[passage.pk])
    response = owner_client.post(url, {"conflict": "on"}, headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert "Välj minst ett tema" in response.content.decode()
    assert not TagCorrection.objects.exists()


def test_earlier_corrections_are_dated_in_swedish_like_the_rest_of_the_site(owner_client, private_document):
    passage = private_document.passages.first()
    owner_client.post(reverse("analysis:passage_correct", args=[passage.pk]), {"themes": ["kultur"]})
    correction = TagCorrection.objects.get(passage=passage)
    correction.created_at = correction.created_at.replace(year=2026, month=12, day=2, hour=10)
    correction.save(update_fields=["created_at"])
    page = owner_client.get(reverse("analysis:passage", args=[passage.pk])).content.decode()
    assert "2 december 2026" in page
    assert "2026-12-02" not in page


def test_the_framework_forms_mark_saving_as_the_main_action_and_deleting_as_dangerous(facilitator_client):
    edit = facilitator_client.get(
        reverse("analysis:framework_edit", args=["teman", "halsa"])
    ).content.decode()
    assert '<button type="submit" class="primary">Spara</button>' in edit
    delete = facilitator_client.get(
        reverse("analysis:framework_delete", args=["teman", "halsa"])
    ).content.decode()
    assert '<button type="submit" class="danger">Ja, ta bort</button>' in delete


def test_the_signal_word_help_explains_the_weak_mark(facilitator_client):
    edit = facilitator_client.get(
        reverse("analysis:framework_edit", args=["teman", "samverkan"])
    ).content.decode()
    assert "ord? = ett brett ord som är svagt belägg" in edit
    assert "tillsammans?" in edit


def test_someone_from_another_organisation_cannot_correct_a_shared_document(
    outsider_client, private_document
):
    private_document.shared = True
    private_document.save()
    passage = private_document.passages.first()
    assert outsider_client.get(reverse("analysis:passage", args=[passage.pk])).status_code == 200
    url = reverse("analysis:passage_correct", args=[passage.pk])
    assert outsider_client.post(url, {"themes": ["kultur"]}).status_code == 403


def test_only_facilitators_edit_the_framework(owner_client, facilitator_client):
    url = reverse("analysis:framework_edit", args=["teman", "halsa"])
    assert owner_client.get(url).status_code == 403
    assert owner_client.get(reverse("analysis:framework")).status_code == 200
    data = {
        "key": "halsa",
        "name": "Hälsa, vård och omsorg",
        "description": "Ny text",
        "signals": "hälsa*",
        "order": 0,
        "examples": "Ett exempel.",
    }
    assert facilitator_client.post(url, data).status_code == 302
    assert Theme.objects.get(key="halsa").name == "Hälsa, vård och omsorg"


def test_a_facilitator_can_start_re_tagging_and_follow_its_progress(
    facilitator_client, private_document, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator_client.post(reverse("analysis:retag"), headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'aria-live="polite"' in response.content.decode()
    page = facilitator_client.get(reverse("analysis:framework")).content.decode()
    assert "Klar" in page


def test_a_facilitator_removes_a_theme_but_not_one_a_goal_conflict_still_uses(facilitator_client):
    used = reverse("analysis:framework_delete", args=["teman", "halsa"])
    response = facilitator_client.post(used, follow=True)
    assert "Ändra eller ta bort målkonflikten först" in response.content.decode()
    assert Theme.objects.filter(key="halsa").exists()
    free = reverse("analysis:framework_delete", args=["teman", "digital"])
    assert facilitator_client.post(free).status_code == 302
    assert not Theme.objects.filter(key="digital").exists()


def test_the_overview_uses_the_same_number_of_queries_however_many_documents(
    owner_client, region, django_assert_max_num_queries
):
    from livsmiljo.analysis.tests.factories import make_document

    for _ in range(3):
        make_document(region, "Kort text om bussar.")
    with django_assert_max_num_queries(12):
        assert owner_client.get(reverse("analysis:overview")).status_code == 200


def test_an_english_reader_gets_the_analysis_pages_in_english(owner_client, private_document):
    page = owner_client.get(
        reverse("analysis:document", args=[private_document.pk]), headers={"Accept-Language": "en"}
    )
    content = page.content.decode()
    assert "Document profile" in content and "Not found in the uploaded documents" in content
    assert "Dokumentprofil" not in content


def test_the_comparison_can_be_limited_to_one_kind_of_document(facilitator_client, private_document):
    assert (
        "Region Östergötland"
        in facilitator_client.get(reverse("analysis:compare") + "?typ=rus").content.decode()
    )
    page = facilitator_client.get(reverse("analysis:compare") + "?typ=plan").content.decode()
    assert "Inga analyserade dokument" in page
