import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.network.models import PersonPage
from livsmiljo.organisations.models import User
from livsmiljo.workshops.models import AgendaBlock, Group, Participant
from livsmiljo.workshops.services.meetings import meeting_create, meeting_goto, project_create

pytestmark = pytest.mark.django_db


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _urls(w) -> dict[str, str]:
    return {
        "matches": reverse("network:matches", args=[w.anna.pk]),
        "organisation": reverse("network:organisation", args=[w.org["skane"].pk]),
        "map": reverse("network:map"),
    }


def test_the_matches_page_gives_each_suggestion_its_reason_and_the_library_its_page(network_world):
    w = network_world
    body = _as(w.bo).get(_urls(w)["matches"]).content.decode()
    assert "Ni borde prata" in body and "Bo Lind" in body
    assert "Anna Ek är nyfiken på det som Bo Lind arbetar med" in body
    assert "skyfall" in body
    assert "Region Skåne" in body and f"{reverse('documents:detail', args=[w.strategy.pk])}?sida=12" in body
    assert "s. 12" in body


def test_the_person_page_section_loads_the_suggestions_alone_for_htmx(network_world):
    w = network_world
    response = _as(w.bo).get(_urls(w)["matches"], headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body and "Bo Lind" in body


def test_outsiders_other_projects_and_anonymous_visitors_see_none_of_it(network_world):
    w = network_world
    for name, url in _urls(w).items():
        for user in (w.charlie, w.olle):
            response = _as(user).get(url)
            # Olle's own project has a network view of its own, without this project's people in it.
            expected = 200 if (name, user) == ("map", w.olle) else 404
            assert response.status_code == expected, (name, user)
            assert "Anna" not in response.content.decode() and "Bo Lind" not in response.content.decode()
        response = Client().get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    other = reverse("network:organisation", args=[w.org["vasterbotten"].pk])
    assert _as(w.anna).get(other).status_code == 404
    assert _as(w.anna).get(reverse("network:matches", args=[w.olle.pk])).status_code == 404


def test_a_hidden_page_has_no_matches_page_and_is_not_drawn(network_world):
    w = network_world
    for viewer in (w.anna, w.facilitator):
        assert _as(viewer).get(reverse("network:matches", args=[w.hanna.pk])).status_code == 404
        body = _as(viewer).get(reverse("network:map")).content.decode()
        assert "Hanna" not in body and "Anna Ek" in body
    own = _as(w.hanna).get(reverse("network:matches", args=[w.hanna.pk])).content.decode()
    assert "Din sida är dold" in own


def test_an_organisation_shows_what_it_writes_about_the_viewers_curiosity_and_whom_to_talk_to(network_world):
    w = network_world
    body = _as(w.anna).get(_urls(w)["organisation"]).content.decode()
    assert "Region Skåne skriver om det du är nyfiken på" in body
    assert "Skånes regionala utvecklingsstrategi, s. 12" in body
    assert "Bo Lind" in body and "Anna Ek är nyfiken på det som Bo Lind arbetar med" in body


def test_the_network_view_draws_the_people_and_lists_each_connection_with_why(network_world):
    w = network_world
    body = _as(w.anna).get(reverse("network:map")).content.decode()
    assert "<svg" in body and "<title" in body and body.count('<path d="M ') == 1
    assert (
        "," not in body.split('<path d="', 1)[1].split('"', 1)[0]
    )  # numbers as SVG reads them, in any language
    row = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    assert "Anna Ek" in row and "Bo Lind" in row and "skyfall" in row
    assert "Carl Nord" in body  # drawn, though not connected


def test_the_theme_filter_keeps_only_connections_sharing_the_theme(network_world):
    w = network_world
    _as(w.anna).get(reverse("network:map"))  # makes the vectors
    PersonPage.objects.filter(user__in=[w.anna, w.bo]).update(themes=["klimat"])
    PersonPage.objects.filter(user=w.carl).update(themes=["kultur"])
    climate = _as(w.anna).get(reverse("network:map"), {"tema": "klimat"}).content.decode()
    assert "Bo Lind" in climate and "Carl Nord" not in climate
    assert '<option value="klimat" selected>' in climate
    culture = _as(w.anna).get(reverse("network:map"), {"tema": "kultur"}).content.decode()
    assert "Carl Nord" in culture and "Bo Lind" not in culture and "Inga kopplingar än." in culture
    unknown = _as(w.anna).get(reverse("network:map"), {"tema": "<script>"}).content.decode()
    assert "Bo Lind" in unknown and "<script>" not in unknown


def test_the_facilitator_forms_groups_by_curiosity_from_the_console(network_world):
    w = network_world
    project = project_create(title="Möte", user=w.facilitator, organisations=[w.org["ostergotland"]])
    meeting = meeting_create(project=project, title="Andra mötet", user=w.facilitator, template="tom")
    block = AgendaBlock.objects.create(meeting=meeting, title="Dialog", kind=AgendaBlock.Kind.GROUP_DIALOGUE)
    meeting_goto(meeting=meeting, user=w.facilitator, block=block)
    _as(w.anna).get(reverse("network:map"))  # makes the vectors
    people = [("Anna", w.anna, "ostergotland"), ("Bo", w.bo, "skane"), ("Carl", w.carl, "tillvaxtverket")]
    people += [("Dan", None, "ostergotland"), ("Eva", None, "skane"), ("Fia", None, "gotland")]
    for name, user, org in people:
        Participant.objects.create(
            meeting=meeting, display_name=name, organisation=w.org[org], token=name, user=user
        )
    console = reverse("workshops:console", args=[meeting.pk])
    page = _as(w.facilitator).get(console).content.decode()
    assert "Blanda efter nyfikenhet" in page and 'value="nyfikenhet"' in page
    _as(w.facilitator).post(console, {"action": "groups_form", "size": "3", "mix": "nyfikenhet"})
    groups = [
        set(g.members.values_list("participant__display_name", flat=True))
        for g in Group.objects.filter(block=block)
    ]
    assert sorted(len(g) for g in groups) == [3, 3]
    assert any({"Anna", "Bo"} <= g for g in groups)


@pytest.mark.browser
def test_the_network_view_is_accessible_on_a_wide_screen_and_a_phone(page, asgi_server, network_world):
    from playwright.sync_api import expect

    from livsmiljo.network.matching import page_vectors_compute
    from livsmiljo.tests.browser import assert_accessible, login

    w = network_world
    for user in (w.anna, w.bo, w.carl):  # made here: the first use builds the lens's classifier (slow)
        page_vectors_compute(page_id=user.person_page.pk)
    login(page, asgi_server, w.anna)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{asgi_server}/natverk/karta/")
        expect(page.locator("main h1")).to_have_text("Nätverkskartan")
        expect(page.locator(".network-figure svg")).to_be_visible()
        expect(page.locator(".network-table tbody")).to_contain_text("Bo Lind")
        assert_accessible(page)
    page.goto(f"{asgi_server}/natverk/personer/{w.anna.pk}/matchningar/")
    expect(page.locator(".match-list")).to_contain_text("Bo Lind")
    assert_accessible(page)
    page.goto(f"{asgi_server}/natverk/organisationer/{w.org['skane'].pk}/")
    expect(page.locator("main")).to_contain_text("s. 12")
    assert_accessible(page)


def test_the_section_for_the_person_page_loads_the_suggestions_after_the_page(network_world):
    from django.template.loader import render_to_string

    html = render_to_string("network/_matches.html", {"person": network_world.anna})
    url = reverse("network:matches", args=[network_world.anna.pk])
    assert f'hx-get="{url}"' in html and 'hx-trigger="load"' in html and f'href="{url}"' in html
    assert "Ni borde prata" in html
