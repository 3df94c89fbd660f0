"""The meeting documentation in the platform: the report for the project's members, the facilitator's
edits and regeneration, and the report's images (the site's CSP allows no inline data: images)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.engine.report import Figure
from livsmiljo.engine.report.render_html import render_html
from livsmiljo.organisations.access import HtmxHttpRequest, is_facilitator, request_user
from livsmiljo.reports import meeting_parts, services
from livsmiljo.reports.meeting import build_meeting_report
from livsmiljo.reports.models import MeetingDocumentation
from livsmiljo.workshops.access import get_meeting_for_facilitator, get_meeting_for_user
from livsmiljo.workshops.models import Meeting

FIGURE_NAME = re.compile(r"^(fraga|matris)-(\d{1,12})$")
DOWNLOAD_FORMATS = (("pdf", "PDF"), ("docx", "Word"), ("md", "Markdown"), ("html", "HTML"))
TABLE_FORMATS = (("csv", "CSV"), ("xlsx", "Excel"))


@login_required
def meeting_documentation(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    return _page(request, meeting)


def _page(request: HttpRequest, meeting: Meeting, *, saved: str = "", error: str = "") -> HttpResponse:
    report = build_meeting_report(meeting, audience="project", summarise=False)
    documentation = MeetingDocumentation.objects.filter(meeting=meeting).first()
    facilitator = is_facilitator(request_user(request))
    context = {
        "meeting": meeting,
        "report_html": render_html(report, standalone=False, image_url=_image_url(meeting)),
        "documentation": documentation,
        "facilitator": facilitator,
        "sections": services.editable_sections(documentation) if facilitator and documentation else [],
        "downloads": _downloads(meeting, DOWNLOAD_FORMATS),
        "table_downloads": _downloads(meeting, TABLE_FORMATS),
        "saved": saved,
        "error": error,
    }
    return render(request, "reports/meeting_documentation.html", context)


def _image_url(meeting: Meeting) -> Callable[[Figure], str]:
    def url(figure: Figure) -> str:
        return reverse("reports:meeting_figure", args=[meeting.pk, figure.name])

    return url


def _downloads(meeting: Meeting, formats: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """Links to the downloads (issue 12, item 4), when that view exists."""
    try:
        return [(reverse("reports:meeting_download", args=[meeting.pk, fmt]), name) for fmt, name in formats]
    except NoReverseMatch:
        return []


@login_required
@require_POST
def documentation_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, pk)
    documentation = MeetingDocumentation.objects.filter(meeting=meeting).first()
    if documentation is None:
        raise Http404
    try:
        services.documentation_edit(
            documentation=documentation,
            section=request.POST.get("section", ""),
            text=request.POST.get("text", ""),
            user=request_user(request),
        )
    except ValidationError as error:
        return _after_post(request, meeting, error=" ".join(error.messages), status=400)
    return _after_post(request, meeting, saved=_("Ändringen är sparad."))


@login_required
@require_POST
def documentation_regenerate(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_facilitator(request, pk)
    services.documentation_generate(meeting=meeting, user=request_user(request))
    saved = _("Dokumentationen är skapad på nytt. Dina ändringar finns kvar.")
    return _after_post(request, meeting, saved=saved)


def _after_post(
    request: HtmxHttpRequest, meeting: Meeting, *, saved: str = "", error: str = "", status: int = 200
) -> HttpResponse:
    """HTMX swaps the page's documentation in place; without JavaScript the browser goes back to it."""
    if request.htmx or error:
        response = _page(request, meeting, saved=saved, error=error)
        response.status_code = status
        return response
    return redirect("workshops:documentation", meeting.pk)


@login_required
def meeting_figure(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """One chart of the documentation, drawn from the current results (only this one, not the report)."""
    meeting = get_meeting_for_user(request, pk)
    match = FIGURE_NAME.match(name)
    figure = _figure(meeting, match[1], int(match[2])) if match else None
    if figure is None:
        raise Http404
    response = HttpResponse(figure.image, content_type=figure.mime)
    response["Cache-Control"] = "private, max-age=60"
    return response


def _figure(meeting: Meeting, kind: str, object_id: int) -> Figure | None:
    if kind == "fraga":
        poll = meeting.polls.filter(pk=object_id).first()
        return meeting_parts.poll_figure(poll) if poll is not None else None
    from livsmiljo.matrix.models import Matrix

    matrix = Matrix.objects.filter(pk=object_id, block__meeting=meeting).first()
    return meeting_parts.matrix_figure(matrix) if matrix is not None else None
