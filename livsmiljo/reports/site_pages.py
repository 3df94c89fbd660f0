"""The pages of the project's website (reports/site.py): each returns its HTML and images by path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from livsmiljo.documents.models import Document
from livsmiljo.matrix.models import Matrix
from livsmiljo.organisations.models import Organisation
from livsmiljo.reports import site
from livsmiljo.reports.labels import date_text
from livsmiljo.reports.meeting import build_meeting_report
from livsmiljo.reports.organisation import build_organisation_report
from livsmiljo.reports.site_matrix import build_matrix_report
from livsmiljo.workshops.models import Meeting
from livsmiljo.workshops.registration import (
    deadline_text,
    meeting_when_text,
    place_text,
    programme,
)
from livsmiljo.workshops.services.registration import registration_closed_reason

if TYPE_CHECKING:
    from livsmiljo.engine.report import Report
    from livsmiljo.reports.site import Site


def _page(site_: Site, path: str, title: str, template: str, context: dict) -> dict[str, bytes]:
    content = render_to_string(template, context)
    return {path: site.render_page(site_, title=title, content=content, path=path)}


def _report_page(site_: Site, path: str, report: Report) -> dict[str, bytes]:
    article, images = site.report_files(report, path)
    return {path: site.render_page(site_, title=report.title, content=article, path=path), **images}


def index_page(site_: Site) -> dict[str, bytes]:
    content = index_content(site_)
    path = site.INDEX_PAGE
    return {path: site.render_page(site_, title=site_.project.title, content=content, path=path)}


def index_content(site_: Site) -> str:
    """The start page's article: the project, its meetings, organisations, matrices and material."""
    project = site_.project
    published = set(site.published_organisations(project).values_list("pk", flat=True))
    context = {
        "project": project,
        "upcoming": [_meeting_item(m) for m in site.upcoming_meetings(project)],
        "past": [_meeting_item(m) for m in site.past_meetings(project)],
        "organisations": [
            (o.name, site.organisation_page(o) if o.pk in published else "")
            for o in project.participants.order_by("name")
        ],
        "matrices": [(m.title, site.matrix_page(m)) for m in site.public_matrices(project)],
        "documents": len(site_.documents),
        "material": site.MATERIAL_PAGE,
    }
    return render_to_string("reports/site/index.html", context)


def _meeting_item(meeting: Meeting) -> dict[str, str]:
    return {
        "title": meeting.title,
        "page": site.meeting_page(meeting),
        "when": meeting_when_text(meeting) or (date_text(meeting.ended_at) if meeting.ended_at else ""),
        "place": place_text(meeting),
    }


def upcoming_page(site_: Site, meeting: Meeting, path: str) -> dict[str, bytes]:
    """Time, place, the programme with planned times, practical information; never the online link or
    who has registered."""
    context = {
        "meeting": meeting,
        "when": meeting_when_text(meeting),
        "place": place_text(meeting),
        "programme": programme(meeting),
        "registration_open": not registration_closed_reason(meeting),
        "deadline": deadline_text(meeting),
        "index": site.INDEX_PAGE,
    }
    return _page(site_, path, meeting.title, "reports/site/upcoming.html", context)


def past_page(site_: Site, meeting: Meeting, path: str) -> dict[str, bytes]:
    report = build_meeting_report(meeting, audience="public", summarise=False)
    return _report_page(site_, path, report)


def material_page(site_: Site) -> dict[str, bytes]:
    context = {"rows": [(path, document, _size(document)) for path, document in site_.documents.items()]}
    return _page(site_, site.MATERIAL_PAGE, _("Material"), "reports/site/material.html", context)


def _size(document: Document) -> str:
    kilobytes = max(1, round(document.file_size / 1024))
    if kilobytes < 1024:
        return _("%(n)d kB") % {"n": kilobytes}
    return _("%(n)s MB") % {"n": f"{kilobytes / 1024:.1f}".replace(".", ",")}


def organisation_page(site_: Site, organisation: Organisation, path: str) -> dict[str, bytes]:
    return _report_page(site_, path, build_organisation_report(organisation, audience="public"))


def matrix_page(site_: Site, matrix: Matrix, path: str) -> dict[str, bytes]:
    return _report_page(site_, path, build_matrix_report(matrix))
