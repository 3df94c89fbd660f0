"""An axe sweep over the main pages, as a facilitator, a member, a participant and in English: no serious or
critical WCAG violations anywhere. Each app's own browser tests go deeper; this guards the whole site."""

import pytest
from playwright.sync_api import expect

from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.tests.browser import assert_accessible, login

pytestmark = pytest.mark.browser

TEXT = (
    "Översiktsplan för Ekby\n\n"
    "Cykelvägar och tätare busstrafik ska göra det lättare att ta sig till arbete och skola utan bil. "
    "Kommunen bygger ut gång- och cykelvägar mellan Ekby och grannorterna och prövar anropsstyrd trafik "
    "på landsbygden. Äldre och unga utan körkort ska kunna resa på egen hand till vård, skola och fritid.\n"
)


@pytest.fixture
def document(owner):
    run = ingestion_run_create(
        files=[("ekby.txt", TEXT.encode())],
        organisation=owner.organisation,
        user=owner,
        kind="plan",
        year=2024,
        shared=True,
        enqueue=False,
    )
    ingestion_run_process(run_id=run.pk)
    return run.files.get().document


@pytest.fixture
def meeting(facilitator):
    from livsmiljo.workshops.services import meeting_create, project_get_or_create

    project = project_get_or_create(title="Lärprojektet", user=facilitator)
    return meeting_create(project=project, title="Workshop 1", user=facilitator, template="seed")


def _sweep(page, base_url, paths):
    for path in paths:
        response = page.goto(base_url + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        assert_accessible(page)


def test_the_pages_of_a_member_are_accessible(page, asgi_server, owner, document):
    login(page, asgi_server, owner)
    _sweep(
        page,
        asgi_server,
        [
            "/",
            "/bibliotek/",
            "/bibliotek/ladda-upp/",
            f"/bibliotek/dokument/{document.pk}/?sida=1",
            f"/bibliotek/dokument/{document.pk}/andra/",
            "/sok/?q=cykelv%C3%A4gar",
            "/analys/",
            f"/analys/dokument/{document.pk}/",
            "/verkstad/",
        ],
    )


def test_the_pages_of_a_facilitator_are_accessible(page, asgi_server, facilitator, meeting):
    login(page, asgi_server, facilitator)
    _sweep(page, asgi_server, ["/verkstad/", "/verkstad/nytt/", f"/verkstad/moten/{meeting.pk}/konsol/"])


def test_the_pages_without_an_account_are_accessible(page, asgi_server, meeting):
    _sweep(page, asgi_server, ["/", "/konto/logga-in/", "/verkstad/delta/"])
    response = page.goto(asgi_server + "/finns-inte/")
    assert response is not None and response.status == 404
    assert_accessible(page)


def test_the_english_pages_are_accessible_and_say_so(page, asgi_server, owner, document):
    login(page, asgi_server, owner)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")  # no string eval: the CSP forbids it
    for path in ["/", "/bibliotek/", f"/bibliotek/dokument/{document.pk}/", "/sok/?q=cycle+paths"]:
        page.goto(asgi_server + path)
        assert page.locator("html").get_attribute("lang") == "en"
        assert_accessible(page)
    assert page.get_by_role("navigation", name="Main menu").is_visible()
