"""The people list, a person's page and Min sida: who sees whom (network/access.py) and what they see."""

import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.documents.models import Document, DocumentKind
from livsmiljo.network.access import can_view_network, visible_pages
from livsmiljo.network.models import PersonPage, SavedAnswer
from livsmiljo.organisations.models import AuditEntry, Organisation, User
from livsmiljo.organisations.services import user_create
from livsmiljo.workshops import services as workshops

pytestmark = pytest.mark.django_db

PASSWORD = "ett-langt-losenord-for-test"
SECRET = "Sjöstjärnekunskap"  # on Alice's page; must never reach someone outside her project


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def partner(db) -> Organisation:
    return Organisation.objects.create(name="Region Partnerlän", slug="partnerlan")


@pytest.fixture
def dora(partner) -> User:
    return user_create(username="dora", password=PASSWORD, organisation=partner)


@pytest.fixture
def project(region, partner, other_region, facilitator):
    """Alice's region and the partner learn together; the outsider's region is in another project."""
    workshops.project_create(title="Annat lärprojekt", user=facilitator, organisations=[other_region])
    return workshops.project_create(
        title="Hållbara livsmiljöer", user=facilitator, organisations=[region, partner]
    )


@pytest.fixture
def alice_page(owner, project) -> PersonPage:
    owner.first_name, owner.last_name = "Alice", "Andersson"
    owner.save()
    return PersonPage.objects.create(
        user=owner,
        role="Utvecklingsstrateg",
        assignment=f"{SECRET}: regional utvecklingsstrategi för hela länet och mycket mer text " * 3,
        curious_about="Grönstruktur i växande tätorter",
        wants_to_learn="Hur andra regioner mäter social hållbarhet",
        can_contribute="Vår modell för medborgardialog",
    )


@pytest.fixture
def nobody(db) -> User:
    return user_create(username="nils", password=PASSWORD, organisation=None)


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _document(organisation, title: str, *, shared: bool, kind: str = DocumentKind.RUS) -> Document:
    return Document.objects.create(
        organisation=organisation,
        title=title,
        kind=kind,
        file_name=f"{title}.txt",
        file_format="txt",
        content_hash=title.encode().hex().ljust(64, "0")[:64],
        shared=shared,
    )


def test_a_member_of_the_same_project_sees_the_persons_page_and_the_organisations_shared_documents(
    alice_page, dora, region
):
    _document(region, "Delad strategi", shared=True)
    _document(region, "Intern plan", shared=False)
    _document(region, "Utkast till ny strategi", shared=True, kind=DocumentKind.DRAFT)

    response = _as(dora).get(reverse("network:person", args=[alice_page.user_id]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Alice Andersson" in body and "Utvecklingsstrateg" in body and region.name in body
    assert "Grönstruktur i växande tätorter" in body and "Vår modell för medborgardialog" in body
    assert "Hur andra regioner mäter social hållbarhet" in body
    assert "Delad strategi" in body
    assert "Intern plan" not in body and "Utkast till ny strategi" not in body


def test_someone_in_another_project_gets_404_for_the_page_and_nobody_of_it_in_the_list(alice_page, outsider):
    client = _as(outsider)

    page = client.get(reverse("network:person", args=[alice_page.user_id]))
    listing = client.get(reverse("network:people"))

    assert page.status_code == 404 and SECRET not in page.content.decode()
    assert listing.status_code == 200
    assert "Alice" not in listing.content.decode() and SECRET not in listing.content.decode()
    assert can_view_network(outsider) and not visible_pages(outsider).filter(pk=alice_page.pk).exists()


def test_someone_in_no_project_gets_404_for_pages_and_a_notice_instead_of_the_list_and_the_form(
    alice_page, nobody, other_region
):
    in_no_project = user_create(username="olle", password=PASSWORD, organisation=other_region)
    other_region.projects.clear()
    for user in (nobody, in_no_project):
        client = _as(user)
        assert client.get(reverse("network:person", args=[alice_page.user_id])).status_code == 404
        assert client.get(reverse("network:person", args=[user.pk])).status_code == 404
        listing = client.get(reverse("network:people"))
        mine = client.get(reverse("network:my_page"))
        for response in (listing, mine):
            body = response.content.decode()
            assert response.status_code == 200 and "inte med i något lärprojekt" in body
            assert "Alice" not in body and SECRET not in body and "<textarea" not in body
        assert client.post(reverse("network:my_page"), {"role": "Smygare"}).status_code == 200
        assert not PersonPage.objects.filter(user=user).exists()
        assert not can_view_network(user) and not visible_pages(user).exists()


def test_anonymous_visitors_are_sent_to_the_login_from_every_page(alice_page, client):
    answer = SavedAnswer.objects.create(page=alice_page, field="uppdrag", text="Svar")
    urls = [
        ("get", reverse("network:people")),
        ("get", reverse("network:person", args=[alice_page.user_id])),
        ("get", reverse("network:my_page")),
        ("post", reverse("network:my_page")),
        ("post", reverse("network:answer_remove", args=[answer.pk])),
    ]
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url
        assert SECRET not in response.content.decode()
    assert SavedAnswer.objects.filter(pk=answer.pk).exists()


def test_the_people_list_shows_organisation_role_and_a_short_assignment_with_links(
    alice_page, dora, member, owner, django_assert_max_num_queries
):
    client = _as(dora)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("network:people"))

    body = response.content.decode()
    assert response.status_code == 200
    assert reverse("network:person", args=[owner.pk]) in body
    assert reverse("network:person", args=[member.pk]) in body  # bob has not written a page yet
    assert reverse("network:person", args=[dora.pk]) in body
    assert "Utvecklingsstrateg" in body and "Region Östergötland" in body
    assert SECRET in body and alice_page.assignment.strip() not in body  # the assignment, cut short


def test_the_list_has_a_bounded_number_of_queries_however_many_people_there_are(
    alice_page, dora, partner, django_assert_max_num_queries
):
    for n in range(15):
        person = user_create(username=f"person{n}", password=PASSWORD, organisation=partner)
        PersonPage.objects.create(user=person, role=f"Roll {n}")
    client = _as(dora)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("network:people"))
    assert "Roll 14" in response.content.decode()


def test_a_hidden_page_is_404_for_others_absent_from_the_list_and_shown_to_its_owner_with_a_notice(
    alice_page, owner, dora, facilitator
):
    alice_page.hidden = True
    alice_page.save()
    url = reverse("network:person", args=[owner.pk])

    for viewer in (dora, facilitator):
        assert _as(viewer).get(url).status_code == 404
        listing = _as(viewer).get(reverse("network:people")).content.decode()
        assert url not in listing and "Alice" not in listing
        assert not visible_pages(viewer).filter(pk=alice_page.pk).exists()
    own = _as(owner).get(url)
    assert own.status_code == 200 and "Din sida är dold" in own.content.decode()
    assert visible_pages(owner).filter(pk=alice_page.pk).exists()


def test_a_facilitator_sees_every_page_that_is_not_hidden(alice_page, facilitator, dora, outsider):
    other = PersonPage.objects.create(user=outsider, role="Någon annanstans")
    hidden = PersonPage.objects.create(user=dora, hidden=True)

    pages = set(visible_pages(facilitator))

    assert {alice_page, other} <= pages and hidden not in pages
    assert _as(facilitator).get(reverse("network:person", args=[outsider.pk])).status_code == 200


def test_min_sida_saves_the_persons_own_page_and_says_who_sees_it(owner, project):
    client = _as(owner)
    form = client.get(reverse("network:my_page")).content.decode()
    assert "bara deltagarna i dina lärprojekt" in form

    response = client.post(
        reverse("network:my_page"),
        {
            "role": "Planerare",
            "assignment": "Översiktsplanen\r\nKollektivtrafiken",
            "curious_about": "Klimatanpassning",
            "wants_to_learn": "",
            "can_contribute": "Workshopmetoder",
        },
    )

    assert response.status_code == 302
    page = PersonPage.objects.get(user=owner)
    assert page.role == "Planerare" and page.assignment == "Översiktsplanen\nKollektivtrafiken"
    assert page.can_contribute == "Workshopmetoder" and page.hidden is False
    assert AuditEntry.objects.filter(action="network.page_update", user=owner).exists()


def test_hiding_ones_page_from_min_sida_takes_it_out_of_the_list(alice_page, owner, dora):
    _as(owner).post(reverse("network:my_page"), {"role": "Strateg", "hidden": "on"})

    alice_page.refresh_from_db()
    assert alice_page.hidden is True
    assert (
        reverse("network:person", args=[owner.pk])
        not in _as(dora).get(reverse("network:people")).content.decode()
    )


def test_the_owner_removes_a_saved_answer_and_its_text_from_the_page_but_nobody_else_can(
    alice_page, owner, member, outsider
):
    alice_page.curious_about = "Grönstruktur\nVattenfrågor"
    alice_page.save()
    answer = SavedAnswer.objects.create(page=alice_page, field=SavedAnswer.Field.CURIOUS, text="Vattenfrågor")
    url = reverse("network:answer_remove", args=[answer.pk])

    for stranger in (member, outsider):
        assert _as(stranger).post(url).status_code == 404
    assert SavedAnswer.objects.filter(pk=answer.pk).exists()
    response = _as(owner).post(url)

    assert response.status_code == 302
    assert not SavedAnswer.objects.filter(pk=answer.pk).exists()
    alice_page.refresh_from_db()
    assert alice_page.curious_about == "Grönstruktur"


def test_the_navigation_links_to_the_network_for_project_members_only(alice_page, owner, nobody):
    link = f'href="{reverse("network:people")}"'
    assert link in _as(owner).get(reverse("home")).content.decode()
    assert link not in _as(nobody).get(reverse("home")).content.decode()
    assert link not in Client().get(reverse("home")).content.decode()
