"""The learning project as a static website: the start page, upcoming meetings with their programme, past
meetings with their documentation, shared material from the library, the profiles organisations chose to
publish and the matrices marked public.

Every link is relative and every page sits at the top of the site (images under `bilder/<page>/`, the
originals of shared documents under `filer/`), so the folder can be copied to any web server or opened
from disk. The site is built page by page (`Site.page_files`), so the platform's preview builds only the
page it shows and serves exactly what the export writes.

What may go on the site: meetings whose invitation is published (upcoming) or that have ended (past, with
the documentation for the public: no chat, no hidden notes, only shared homework); documents shared with
everyone, from the project's organisations; profiles of organisations with `publish_profile`; matrices
with `public`. Nothing else is read.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation

from livsmiljo.documents.models import Document
from livsmiljo.engine.report import Report
from livsmiljo.engine.report.assets import figure_files, safe_name
from livsmiljo.engine.report.render_html import render_html
from livsmiljo.matrix.models import Matrix
from livsmiljo.organisations.models import Organisation
from livsmiljo.workshops.models import Meeting, Project

STYLESHEET = "stil.css"
IMAGES, FILES = "bilder", "filer"
SITE_LANGUAGE = "sv"
_CSS = (
    Path(__file__).parent.parent / "engine" / "report" / "report.css",
    Path(__file__).with_name("site.css"),
)


def upcoming_meetings(project: Project) -> QuerySet[Meeting]:
    """Meetings not yet ended whose invitation the facilitator has published, soonest first."""
    return (
        project.meetings.exclude(status=Meeting.Status.ENDED)
        .filter(invitation_published=True)
        .order_by("starts_at", "pk")
    )


def past_meetings(project: Project) -> QuerySet[Meeting]:
    return project.meetings.filter(status=Meeting.Status.ENDED).order_by("-starts_at", "-ended_at", "-pk")


def shared_documents(project: Project) -> QuerySet[Document]:
    """Documents shared with everyone, from the organisations taking part in the project."""
    return (
        Document.objects.filter(shared=True, organisation__in=project.participants.all())
        .select_related("organisation")
        .order_by("organisation__name", "title", "pk")
    )


def published_organisations(project: Project) -> QuerySet[Organisation]:
    return project.participants.filter(publish_profile=True).order_by("name")


def public_matrices(project: Project) -> QuerySet[Matrix]:
    return project.matrices.filter(public=True).order_by("title", "pk")


# -- names of pages and files ---------------------------------------------------------------------------


def meeting_page(meeting: Meeting) -> str:
    return f"mote-{meeting.pk}-{safe_name(meeting.title, 'mote')}.html"


def organisation_page(organisation: Organisation) -> str:
    return f"organisation-{safe_name(organisation.slug, str(organisation.pk))}.html"


def matrix_page(matrix: Matrix) -> str:
    return f"matris-{matrix.pk}-{safe_name(matrix.title, 'matris')}.html"


def document_file(document: Document) -> str:
    name = PurePosixPath(document.file_name or document.file.name or "dokument")
    stem = safe_name(name.stem, "dokument")
    suffix = safe_name(name.suffix.lstrip("."), "") or document.file_format or "bin"
    return f"{FILES}/{document.pk}-{stem}.{suffix}"


MATERIAL_PAGE = "material.html"
INDEX_PAGE = "index.html"


# -- the site -----------------------------------------------------------------------------------------------


@dataclass
class Page:
    path: str  # "index.html", "mote-3-workshop-1.html"
    title: str
    build: Callable[[], dict[str, bytes]]  # the page and its images: {path in the site: bytes}

    @property
    def stem(self) -> str:
        return self.path.removesuffix(".html")


@dataclass
class Site:
    project: Project
    pages: list[Page] = field(default_factory=list)
    documents: dict[str, Document] = field(default_factory=dict)  # filer/...: a shared document's original

    def page_for(self, path: str) -> Page | None:
        """The page that writes `path`: the page itself, or one of its images."""
        for page in self.pages:
            if path == page.path or path.startswith(f"{IMAGES}/{page.stem}/"):
                return page
        return None

    def page_files(self, path: str) -> dict[str, bytes]:
        page = self.page_for(path)
        if page is None:
            return {}
        with translation.override(SITE_LANGUAGE):
            return page.build()

    def file(self, path: str) -> bytes | None:
        """One file of the site as the export writes it (None: the site has no such file)."""
        if path == STYLESHEET:
            return stylesheet()
        if path in self.documents:
            with self.documents[path].file.open("rb") as handle:
                return handle.read()
        return self.page_files(path).get(path)

    def paths(self) -> list[str]:
        """The pages, the stylesheet and the documents' originals (images are known once pages are built)."""
        return [p.path for p in self.pages] + [STYLESHEET, *self.documents]

    def files(self) -> Iterator[tuple[str, bytes]]:
        yield STYLESHEET, stylesheet()
        for page in self.pages:
            yield from self.page_files(page.path).items()


def stylesheet() -> bytes:
    return "\n".join(p.read_text(encoding="utf-8") for p in _CSS).encode("utf-8")


def build_site(project: Project) -> Site:
    """The site's pages (not yet rendered) and the documents it links to."""
    from livsmiljo.reports import site_pages as pages

    with translation.override(SITE_LANGUAGE):
        site = Site(project)
        site.documents = {document_file(d): d for d in shared_documents(project)}
        site.pages.append(Page(INDEX_PAGE, project.title, lambda: pages.index_page(site)))
        for meeting in upcoming_meetings(project):
            site.pages.append(_page(meeting_page(meeting), meeting.title, pages.upcoming_page, site, meeting))
        for meeting in past_meetings(project):
            site.pages.append(_page(meeting_page(meeting), meeting.title, pages.past_page, site, meeting))
        if site.documents:
            site.pages.append(Page(MATERIAL_PAGE, "material", lambda: pages.material_page(site)))
        for organisation in published_organisations(project):
            path = organisation_page(organisation)
            site.pages.append(_page(path, organisation.name, pages.organisation_page, site, organisation))
        for matrix in public_matrices(project):
            site.pages.append(_page(matrix_page(matrix), matrix.title, pages.matrix_page, site, matrix))
    return site


def _page(path: str, title: str, build: Callable[..., dict[str, bytes]], site: Site, obj: object) -> Page:
    return Page(path, title, lambda: build(site, obj, path))


def export_site(project: Project, directory: str | Path) -> list[str]:
    """Write the site into `directory` (created when missing); returns the paths written, in order."""
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    site = build_site(project)
    written = []
    for path, content in site.files():
        _target(root, path).write_bytes(content)
        written.append(path)
    for path, document in site.documents.items():
        with document.file.open("rb") as source, _target(root, path).open("wb") as target:
            shutil.copyfileobj(source, target)
        written.append(path)
    return written


def _target(root: Path, path: str) -> Path:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


# -- report pages --------------------------------------------------------------------------------------------

_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.DOTALL)


def relative_links_only(html: str) -> str:
    """Keep a link's text but drop the link when it points into the platform or off the site (absolute,
    "/…", a scheme): the static site must not send readers to pages they cannot open."""

    def keep(match: re.Match[str]) -> str:
        href = match.group(1)
        if href.startswith(("/", "#")) or ":" in href.split("/")[0]:
            return match.group(0) if href.startswith("#") else match.group(2)
        return match.group(0)

    return _LINK.sub(keep, html)


def report_files(report: Report, path: str) -> tuple[str, dict[str, bytes]]:
    """The report as an HTML fragment whose images sit in bilder/<page>/, and those images."""
    folder = f"{IMAGES}/{path.removesuffix('.html')}"
    article = relative_links_only(render_html(report, standalone=False, asset_dir=folder))
    return article, {f"{folder}/{name}": data for name, data in figure_files(report).items()}


def render_page(site: Site, *, title: str, content: str, path: str) -> bytes:
    """A page of the site: skip link, the site's name and navigation, the content, the footer."""
    context = {
        "project": site.project,
        "title": title,
        "content": content,
        "path": path,
        "index": INDEX_PAGE,
        "material": MATERIAL_PAGE if site.documents else "",
        "stylesheet": STYLESHEET,
        "exported": timezone.localdate(),
    }
    return render_to_string("reports/site/page.html", context).encode("utf-8")
