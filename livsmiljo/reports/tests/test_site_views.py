"""The facilitator's preview of the project's website: the same files the export writes, under the
platform's Content-Security-Policy; members get 403 and outsiders 404 (also in tests/test_access.py)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.organisations.models import Organisation, User
from livsmiljo.reports.tests.site_world import PRIVATE, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(facilitator, member, region, other_region):
    return build_world(facilitator=facilitator, member=member, region=region, other=other_region)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _file(client: Client, world, path: str):
    return client.get(reverse("reports:site_file", kwargs={"pk": world.project.pk, "path": path}))


def test_a_facilitator_sees_the_list_of_pages_and_the_start_page_in_the_preview(world, facilitator):
    response = _client(facilitator).get(reverse("reports:site_preview", args=[world.project.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Workshop 2 i Luleå" in body and "material.html" in body and "index.html" in body
    assert "Deltagande organisationer" in body and f"--project {world.project.pk}" in body
    for what, text in PRIVATE.items():
        assert text not in body, what


def test_a_member_gets_403_and_an_outsider_404_for_the_preview_and_its_files(world, member):
    outsider = User.objects.create_user(username="sven", organisation=Organisation.objects.get(slug="skane"))
    preview = reverse("reports:site_preview", args=[world.project.pk])
    assert _client(member).get(preview).status_code == 403
    assert _client(outsider).get(preview).status_code == 404
    assert _file(_client(member), world, "index.html").status_code == 403
    assert _file(_client(outsider), world, "stil.css").status_code == 404


def test_the_preview_serves_pages_stylesheet_and_images_under_the_sites_csp(world, facilitator):
    client = _client(facilitator)
    page = _file(client, world, "index.html")
    assert page.status_code == 200 and page["Content-Type"] == "text/html; charset=utf-8"
    assert "style-src 'self'" in page["Content-Security-Policy"]
    assert 'href="stil.css"' in page.content.decode() and "<style" not in page.content.decode()
    css = _file(client, world, "stil.css")
    assert css.status_code == 200 and css["Content-Type"].startswith("text/css")
    matrix_page = f"matris-{world.public_matrix.pk}-malen-i-var-strategi.html"
    image = _file(client, world, f"bilder/{matrix_page.removesuffix('.html')}/01-heatmap.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")


def test_a_shared_documents_original_is_downloaded_and_an_unknown_path_is_404(world, facilitator):
    client = _client(facilitator)
    original = _file(client, world, f"filer/{world.shared.pk}-regional-utvecklingsstrategi.txt")
    assert original.status_code == 200 and original["Content-Disposition"].startswith("attachment")
    assert _file(client, world, f"filer/{world.unshared.pk}-hemlis-dokumentet.txt").status_code == 404
    assert _file(client, world, "../../settings.py").status_code == 404


def test_the_verkstad_list_links_a_facilitator_to_the_preview(world, facilitator, member):
    link = reverse("reports:site_preview", args=[world.project.pk])
    assert link in _client(facilitator).get(reverse("workshops:list")).content.decode()
    assert link not in _client(member).get(reverse("workshops:list")).content.decode()
