"""Reports in the browser: an organisation's strategy profile as a page, and every report as a download.

Who may see a report is who may see its source: a meeting's documentation, the project's members
(workshops/access.py); an organisation's profile, its members, facilitators and anyone who may see at least
one of its documents (the profile then draws on those documents only, as the analysis page does).
Everyone else gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.engine.report import Figure, Report
from livsmiljo.engine.report.assets import figures
from livsmiljo.engine.report.render_html import render_html
from livsmiljo.organisations.access import is_facilitator, is_member_of, request_user
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import organisation_profile_publish
from livsmiljo.reports.formats import FORMATS, UnknownTable, download_response, report_render
from livsmiljo.reports.organisation import build_organisation_report, report_documents
from livsmiljo.workshops.access import get_meeting_for_user
from livsmiljo.workshops.models import Meeting


def _meeting_report(meeting: Meeting) -> Report:
    from livsmiljo.reports.meeting import build_meeting_report

    return build_meeting_report(meeting, audience="project")


def _get_organisation_for_user(request: HttpRequest, slug: str) -> tuple[Organisation, User]:
    user = request_user(request)
    organisation = get_object_or_404(Organisation, slug=slug)
    if not (
        is_facilitator(user)
        or is_member_of(user, organisation.pk)
        or report_documents(organisation, user=user).exists()
    ):
        raise Http404
    return organisation, user


def may_publish(user: User, organisation: Organisation) -> bool:
    return is_facilitator(user) or is_member_of(user, organisation.pk)


def _download(request: HttpRequest, report: Report, fmt: str) -> HttpResponse:
    try:
        rendered = report_render(report, fmt, table=request.GET.get("tabell", ""))
    except UnknownTable as missing:
        raise Http404(_("Rapporten har ingen tabell med det namnet.")) from missing
    return download_response(rendered)


@login_required
def meeting_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    meeting = get_meeting_for_user(request, pk)
    return _download(request, _meeting_report(meeting), fmt)


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, user = _get_organisation_for_user(request, slug)
    report = build_organisation_report(organisation, user=user)

    def image_url(figure: Figure) -> str:
        number = next(i for i, f in enumerate(figures(report), start=1) if f is figure)
        return reverse("reports:organisation_figure", args=[organisation.slug, number])

    context = {
        "organisation": organisation,
        "report": report,
        "body": render_html(report, standalone=False, image_url=image_url),
        "formats": FORMATS,
        "may_publish": may_publish(user, organisation),
    }
    return render(request, "reports/organisation.html", context)


@login_required
def organisation_figure(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    organisation, user = _get_organisation_for_user(request, slug)
    found = figures(build_organisation_report(organisation, user=user))
    if not 1 <= number <= len(found):
        raise Http404
    return HttpResponse(found[number - 1].image, content_type=found[number - 1].mime)


@login_required
def organisation_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organisation, user = _get_organisation_for_user(request, slug)
    return _download(request, build_organisation_report(organisation, user=user), fmt)


@require_POST
@login_required
def organisation_publish(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, user = _get_organisation_for_user(request, slug)
    if not may_publish(user, organisation):
        raise PermissionDenied(_("Bara organisationens egna medlemmar kan välja om profilen publiceras."))
    publish = request.POST.get("publicera") == "1"
    organisation_profile_publish(organisation=organisation, user=user, publish=publish)
    if publish:
        messages.success(request, _("Profilen publiceras på lärprojektets webbplats vid nästa export."))
    else:
        messages.success(request, _("Profilen publiceras inte på lärprojektets webbplats."))
    return redirect("reports:organisation", slug=organisation.slug)
