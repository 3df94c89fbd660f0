"""Issue 13, item 5: a draft reviewed against two peer strategies, with texts written for these tests."""

import io
import re

import docx
import pypdfium2
import pytest
from django.urls import reverse

from livsmiljo.analysis.review import review_build
from livsmiljo.analysis.services import document_tag, tag_correct
from livsmiljo.analysis.tests.factories import make_document
from livsmiljo.documents.models import DocumentKind
from livsmiljo.organisations.models import Organisation

pytestmark = pytest.mark.django_db

DRAFT_TRAFFIC = (
    "Regionen ska bygga ut busstrafiken mellan tätorterna så att restiden till jobbet blir högst 45 minuter "
    "år 2030. Pendlingen med tåg ska öka med 20 procent till och med nästa planperiod."
)
DRAFT_VAGUE = (
    "Vi vill att länet blir en attraktiv plats att leva och verka i. Näringslivet ska växa och fler "
    "företag ska starta i våra mindre orter där det finns gott om mark och ledig arbetskraft."
)
PEER_TRAFFIC = (
    "Tågtrafiken längs kusten får fler avgångar och bussarna anpassas till tågens tider, så att det blir "
    "enklare att pendla mellan orterna i länet utan bil."
)
PEER_DISABILITY_BUS = (
    "Personer med funktionsnedsättning ska kunna resa med kollektivtrafiken på samma villkor som andra. "
    "Fler hållplatser tillgänglighetsanpassas och färdtjänsten samordnas med linjetrafiken."
)
PEER_DISABILITY_WORK = (
    "Arbetsplatserna ska vara öppna för personer med funktionsnedsättning. Regionen samarbetar med "
    "arbetsgivarna om praktikplatser, hjälpmedel och stöd på arbetsplatsen."
)
PEER_DENSITY = (
    "Fler bostäder byggs i centrum, men varje nytt kvarter tar mark från stadsparken och "
    "koloniområdena. Vi måste väga bostadsbehovet mot de gröna ytorna."
)
HIDDEN = (
    "Skolskjutsreformen: elever med funktionsnedsättning som använder rullstol får egen skolskjuts, "
    "ett förslag som ännu inte är beslutat."
)


@pytest.fixture
def draft(region):
    document = make_document(region, DRAFT_TRAFFIC, DRAFT_VAGUE, title="Utkast till ny RUS")
    document.kind = DocumentKind.DRAFT
    document.save(update_fields=["kind"])
    document_tag(document=document)
    return document


@pytest.fixture
def peers(other_region, facilitator):
    skane = Organisation.objects.get(slug="skane")
    first = make_document(
        other_region, PEER_TRAFFIC, PEER_DISABILITY_BUS, shared=True, title="Norrbottens RUS"
    )
    second = make_document(skane, PEER_DISABILITY_WORK, PEER_DENSITY, shared=True, title="Skånes RUS")
    for document in (first, second):
        document_tag(document=document)
    density = second.passages.get(ordinal=2)
    tag_correct(
        passage=density,
        user=facilitator,
        themes=["boende", "natur"],
        conflict=True,
        conflict_themes=["boende", "natur"],
    )
    return first, second


@pytest.fixture
def hidden(region):
    """An unshared strategy of a third organisation: the draft's owner must never see its passage."""
    dalarna = Organisation.objects.get(slug="dalarna")
    document = make_document(dalarna, HIDDEN, title="Dalarnas interna plan")
    document_tag(document=document)
    return document


def test_the_review_names_the_missing_group_and_cites_the_peers_passages_with_their_pages(
    draft, peers, hidden, owner
):
    review = review_build(document=draft, user=owner)
    gap = next(g for g in review.gaps if g.key == "funktionsnedsattning")
    assert set(gap.organisations) == {"Region Norrbotten", "Region Skåne"}
    cited = {(p.document_title, p.page) for p in gap.passages}
    assert cited == {("Norrbottens RUS", 2), ("Skånes RUS", 1)}
    line = next(line for line in review.groups if line.key == "funktionsnedsattning")
    assert line.status == "missing" and line.row.peers_with == 2 and line.row.peers_total == 2


def test_a_passage_the_user_may_not_see_never_reaches_the_review(draft, peers, hidden, owner_client):
    page = owner_client.get(reverse("analysis:review", args=[draft.pk])).content.decode()
    assert "Inga stycken om personer med funktionsnedsättning; Region Norrbotten och Region Skåne" in page
    assert "Skolskjutsreformen" not in page and "Dalarnas interna plan" not in page
    markdown = owner_client.get(reverse("analysis:review_download", args=[draft.pk, "md"])).content.decode()
    assert "Skolskjutsreformen" not in markdown


def test_the_review_shows_a_conflict_peers_discuss_and_the_draft_does_not(draft, peers, owner):
    review = review_build(document=draft, user=owner)
    conflict = next(c for c in review.conflicts if set(c.themes) == {"boende", "natur"})
    assert [(p.document_title, p.page) for p in conflict.passages] == [("Skånes RUS", 2)]


def test_the_review_lists_goal_sentences_without_a_target_or_an_owner(draft, peers, owner_client):
    page = owner_client.get(reverse("analysis:review", args=[draft.pk])).content.decode()
    assert "Vi vill att länet blir en attraktiv plats att leva och verka i." in page
    assert "Så här har vi bedömt" in page
    # The first passage's goals have figures and the region as owner: not listed.
    assert "högst 45 minuter" not in page


def test_the_review_downloads_as_markdown_docx_and_pdf_with_the_findings(draft, peers, owner_client):
    def get(fmt):
        return owner_client.get(reverse("analysis:review_download", args=[draft.pk, fmt]))

    markdown = get("md")
    assert markdown["Content-Disposition"].startswith('attachment; filename="granskning-av-utkast')
    text = markdown.content.decode()
    assert "Personer med funktionsnedsättning" in text and re.search(r"Norrbottens RUS, s.\s2\]", text)
    assert "Vi vill att länet blir en attraktiv plats" in text and "Så här har vi bedömt" in text
    document = docx.Document(io.BytesIO(get("docx").content))
    headings = [p.text for p in document.paragraphs if p.style and (p.style.name or "").startswith("Heading")]
    assert "Luckor" in headings and "Personer med funktionsnedsättning" in headings
    assert "Region Norrbotten och Region Skåne" in " ".join(p.text for p in document.paragraphs)
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Saknas – andra skriver om det" in cells
    pdf_response = get("pdf")
    assert pdf_response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(pdf_response.content)
    pdf_text = " ".join(" ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split())
    assert "Inga stycken om personer med funktionsnedsättning" in pdf_text
    assert "Mål utan mätbart mål eller ägare" in pdf_text


def test_an_outsider_gets_404_even_when_the_draft_is_shared(draft, outsider_client):
    draft.shared = True
    draft.save(update_fields=["shared"])
    assert outsider_client.get(reverse("analysis:review", args=[draft.pk])).status_code == 404
    assert outsider_client.get(reverse("analysis:review_download", args=[draft.pk, "md"])).status_code == 404


def test_a_facilitator_may_review_any_organisations_draft(draft, peers, facilitator_client):
    assert facilitator_client.get(reverse("analysis:review", args=[draft.pk])).status_code == 200


def test_the_start_page_lists_the_own_drafts_first_and_links_the_upload_as_a_draft(
    draft, peers, owner_client
):
    make_document(draft.organisation, DRAFT_TRAFFIC + " Gällande strategi.", title="Gällande RUS")
    page = owner_client.get(reverse("analysis:review_start")).content.decode()
    assert page.index("Utkast till ny RUS") < page.index("Gällande RUS")
    assert "Norrbottens RUS" not in page
    assert f"{reverse('documents:upload')}?typ=utkast" in page


def test_the_upload_form_starts_with_the_kind_from_the_link(owner_client):
    page = owner_client.get(reverse("documents:upload") + "?typ=utkast").content.decode()
    assert '<option value="utkast" selected>' in page


def test_the_document_page_and_the_overview_link_to_the_review(draft, owner_client):
    detail = owner_client.get(reverse("documents:detail", args=[draft.pk])).content.decode()
    assert reverse("analysis:review", args=[draft.pk]) in detail
    overview = owner_client.get(reverse("analysis:overview")).content.decode()
    assert reverse("analysis:review_start") in overview and "Granska ett utkast" in overview


def test_the_review_speaks_english_to_an_english_reader(draft, peers, owner_client):
    page = owner_client.get(reverse("analysis:review", args=[draft.pk]), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "How we assessed" in text and "Goals without a measurable target or an owner" in text
    assert "No passages on" in text and "Region Norrbotten and Region Skåne" in text
    assert "Så här har vi bedömt" not in text and "Luckor" not in text
