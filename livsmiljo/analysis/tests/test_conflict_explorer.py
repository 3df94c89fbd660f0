import pytest
from django.urls import reverse

from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.factories import HEALTH, make_document

pytestmark = pytest.mark.django_db

DENSER = (
    "Kommunen vill förtäta kvarteren kring resecentrum med nya bostäder. "
    "Förtätning ger kortare resor och bättre underlag för service, men den tar ofta parker, gröna "
    "gårdar och ängar i anspråk. Planen ska antas nästa år."
)


def _section(page: str, title: str) -> str:
    start = page.index(title)
    end = page.find('<section class="conflict">', start)
    return page[start : end if end > 0 else len(page)]


def test_the_explorer_finds_a_stated_tension_under_its_catalogue_conflict_with_the_sentence_marked(
    owner_client, outsider_client, region
):
    document = make_document(region, HEALTH, DENSER, title="Planen för Ådalen")
    document_tag(document=document)
    page = owner_client.get(reverse("analysis:conflicts")).content.decode()
    section = _section(page, "Förtätning mot grönområden")
    assert "Inga stycken funna" not in section
    assert (
        "<mark>Förtätning ger kortare resor och bättre underlag för service, men den tar ofta parker, "
        "gröna gårdar och ängar i anspråk.</mark>" in section
    )
    assert "Planen för Ådalen" in section and "s. 2" in section
    assert "den tar ofta parker" not in outsider_client.get(reverse("analysis:conflicts")).content.decode()


def test_a_catalogue_conflict_no_passage_discusses_says_none_were_found(owner_client, region):
    document = make_document(region, HEALTH, title="Hälsoplanen")
    document_tag(document=document)
    page = owner_client.get(reverse("analysis:conflicts")).content.decode()
    assert "Inga stycken funna" in _section(page, "Förtätning mot grönområden")
    assert "<mark>" not in page


def _demo_paragraphs() -> list[str]:
    from livsmiljo.demo.texts import DOCUMENTS

    return [text for d in DOCUMENTS for page in d.pages for section in page for text in section.paragraphs]


DEMO_CONFLICTS = (
    "Långsiktiga investeringar i hälsa mot kortsiktig avkastning",
    "Infrastruktur och kollektivtrafik för alla mot kostnad",
    "Tillväxt, etableringar och turism mot människor, klimat och natur",
    "Vindkraft och gruvor mot rennäring och natur",
    "Förtätning mot grönområden",
    "Koncentration av vård och service mot närhet",
)


def test_every_catalogue_conflict_the_demo_strategies_discuss_has_a_passage_with_its_sentence_marked(
    owner_client, region
):
    document_tag(document=make_document(region, *_demo_paragraphs(), title="Demostrategierna"))
    page = owner_client.get(reverse("analysis:conflicts")).content.decode()
    for name in DEMO_CONFLICTS:
        section = _section(page, name)
        assert "Inga stycken funna" not in section, name
        assert "<mark>" in section and "Demostrategierna" in section, name


@pytest.mark.browser
def test_the_explorer_with_a_marked_sentence_passes_axe(page, asgi_server, owner, region):
    from playwright.sync_api import expect

    from livsmiljo.tests.browser import assert_accessible, login

    document_tag(document=make_document(region, HEALTH, DENSER, title="Planen för Ådalen"))
    login(page, asgi_server, owner)
    page.goto(f"{asgi_server}/analys/malkonflikter/")
    expect(page.locator("mark").first).to_contain_text("den tar ofta parker")
    assert_accessible(page)
