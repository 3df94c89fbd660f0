"""Issue 12, item 6: the learning project as a static website, with relative links only and nothing that
was not shared."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from livsmiljo.reports.meeting import build_meeting_report
from livsmiljo.reports.site import build_site, export_site, relative_links_only
from livsmiljo.reports.tests.site_world import ONLINE_LINK, PRIVATE, build_world

pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src)="([^"]*)"')


@pytest.fixture
def world(facilitator, member, region, other_region):
    return build_world(facilitator=facilitator, member=member, region=region, other=other_region)


@pytest.fixture
def exported(world, tmp_path) -> Path:
    export_site(world.project, tmp_path / "sajt")
    return tmp_path / "sajt"


def _pages(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.html")}


def test_every_link_in_the_exported_site_is_relative_and_resolves_to_a_file_of_the_export(exported):
    pages = _pages(exported)
    assert len(pages) >= 5
    checked = 0
    for name, html in pages.items():
        for link in LINK.findall(html):
            assert (
                not link.startswith("/") and "://" not in link and not link.startswith(("http", "data:"))
            ), f"{name}: {link}"
            target = link.split("#", 1)[0]
            if target:
                assert (exported / name).parent.joinpath(target).is_file(), f"{name} links to missing {link}"
                checked += 1
    assert checked > 20


def test_nothing_unshared_hidden_or_named_ever_reaches_any_file_of_the_export(exported):
    everything = b"\n".join(p.read_bytes() for p in exported.rglob("*") if p.is_file())
    for what, text in PRIVATE.items():
        assert text.encode("utf-8") not in everything, f"the export shows the {what}"
    assert not list(exported.glob("organisation-norrbotten*"))


def test_the_start_page_lists_the_project_its_organisations_meetings_matrices_and_material(exported, world):
    index = (exported / "index.html").read_text(encoding="utf-8")
    assert '<html lang="sv">' in index and 'href="stil.css"' in index
    assert "Hållbara livsmiljöer" in index and "Sexton regioner lär av varandra." in index
    assert "Workshop 1" in index and "Workshop 2 i Luleå" in index
    assert "Region Östergötland" in index and "Region Norrbotten" in index
    assert "Målen i vår strategi" in index and 'href="material.html"' in index
    assert 'class="site-skip" href="#innehall"' in index and '<main id="innehall"' in index


def test_the_upcoming_meetings_page_has_the_programme_and_practical_information_but_no_online_link(exported):
    page = next(exported.glob("mote-*-workshop-2-i-lulea.html")).read_text(encoding="utf-8")
    assert "Välkommen till Luleå!" in page and "Lunch ingår." in page and "Luleå" in page
    assert '<h2 id="program">Program</h2>' in page and "Incheckning" in page
    assert re.search(r"\d\d\.\d\d–\d\d\.\d\d", page), "the programme shows planned times"
    assert ONLINE_LINK not in page and "Regina" not in page


def test_the_past_meeting_page_is_its_documentation_with_charts_as_image_files(exported, world):
    page = next(exported.glob("mote-*-workshop-1.html")).read_text(encoding="utf-8")
    assert "Dokumentation: Workshop 1" in page and "Pendling över länsgränsen" in page
    images = [link for link in LINK.findall(page) if link.startswith("bilder/")]
    assert images and all(link.endswith(".png") for link in images)
    assert all('alt=""' not in tag for tag in re.findall(r"<img[^>]*>", page))
    assert "Chatten" not in page


def test_shared_documents_are_listed_and_copied_and_unshared_ones_are_not(exported, world):
    material = (exported / "material.html").read_text(encoding="utf-8")
    assert "Regional utvecklingsstrategi" in material and "Region Östergötland" in material
    files = [p.name for p in (exported / "filer").iterdir()]
    assert files == [f"{world.shared.pk}-regional-utvecklingsstrategi.txt"]
    assert (exported / "filer" / files[0]).read_bytes() == world.shared.file.open("rb").read()


def test_a_published_profile_and_a_public_matrix_get_pages_with_their_charts(exported, world):
    profile = next(exported.glob("organisation-ostergotland.html")).read_text(encoding="utf-8")
    assert "Strategiprofil: Region Östergötland" in profile
    matrix = next(exported.glob(f"matris-{world.public_matrix.pk}-*.html")).read_text(encoding="utf-8")
    assert "Målen i vår strategi" in matrix and "Påverkan per mål" in matrix
    assert len([link for link in LINK.findall(matrix) if link.endswith(".png")]) == 3
    assert "+2" in matrix and "Bostäder → Naturen" in matrix


def test_a_matrix_marked_public_in_a_past_meeting_stays_in_its_documentation(world, tmp_path):
    world.hidden_matrix.public = True
    world.hidden_matrix.save()
    export_site(world.project, tmp_path)
    page = next(tmp_path.glob("mote-*-workshop-1.html")).read_text(encoding="utf-8")
    assert "HEMLIS-matrisen" in page


def test_the_preview_builds_the_same_bytes_as_the_export(world, exported):
    site = build_site(world.project)
    for path in ("index.html", "stil.css", "material.html"):
        assert site.file(path) == (exported / path).read_bytes(), path
    assert site.file("../settings.py") is None and site.file("filer/nope.txt") is None


def test_only_relative_links_survive_in_a_report_page():
    html = '<a href="/bibliotek/1/">Ett</a> <a href="https://x.se/">Två</a> <a href="bilder/a.png">Tre</a>'
    assert relative_links_only(html) == 'Ett Två <a href="bilder/a.png">Tre</a>'


def test_a_matrix_not_marked_public_stays_out_of_the_public_documentation_but_not_the_projects(world):
    public = build_meeting_report(world.past, audience="public", summarise=False)
    project = build_meeting_report(world.past, audience="project", summarise=False)
    text = lambda report: " ".join(getattr(b, "text", "") for b in report.blocks)  # noqa: E731
    assert "HEMLIS-matrisen" not in text(public)
    assert "HEMLIS-matrisen" in text(project)


def test_the_command_writes_a_site_and_refuses_a_directory_that_is_not_empty(world, tmp_path):
    out = io.StringIO()
    call_command("export-site", str(tmp_path / "ny"), "--project", str(world.project.pk), stdout=out)
    assert (tmp_path / "ny" / "index.html").is_file() and "index.html" in out.getvalue()
    with pytest.raises(CommandError, match="inte tom"):
        call_command("export-site", str(tmp_path / "ny"), stdout=io.StringIO())
    call_command("export-site", str(tmp_path / "ny"), "--force", stdout=io.StringIO())
    with pytest.raises(CommandError, match="inget lärprojekt med id 999"):
        call_command("export-site", str(tmp_path / "x"), "--project", "999", stdout=io.StringIO())
