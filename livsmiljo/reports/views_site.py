"""The facilitator's preview of the project's website: the pages the export will write, served from the
same builder (reports/site.py), so what is seen here is what `livsmiljo export-site` writes.

The exported pages link one stylesheet by a relative path, which resolves under this view and is allowed
by the site's Content-Security-Policy ('self'); they carry no inline style or script.
"""

from __future__ import annotations

import mimetypes

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from livsmiljo.matrix.access import projects_visible_to
from livsmiljo.organisations.access import request_user, require_facilitator
from livsmiljo.reports import site, site_pages
from livsmiljo.workshops.models import Project

TEXT_TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8"}


def _get_project_for_facilitator(request: HttpRequest, pk: int) -> Project:
    """404 for a project the user does not take part in; 403 for a member who is not a facilitator."""
    project = get_object_or_404(projects_visible_to(request_user(request)), pk=pk)
    require_facilitator(request)
    return project


@login_required
def site_preview(request: HttpRequest, pk: int) -> HttpResponse:
    project = _get_project_for_facilitator(request, pk)
    built = site.build_site(project)
    with translation.override(site.SITE_LANGUAGE):
        index = site_pages.index_content(built)
    context = {"project": project, "pages": built.pages, "documents": built.documents, "index": index}
    return render(request, "reports/site_preview.html", context)


@login_required
def site_file(request: HttpRequest, pk: int, path: str) -> HttpResponse:
    project = _get_project_for_facilitator(request, pk)
    built = site.build_site(project)
    content = built.file(path)
    if content is None:
        raise Http404
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    if path.startswith(f"{site.FILES}/"):
        # A document's original is downloaded, never shown under the platform's origin.
        response = HttpResponse(content, content_type="application/octet-stream")
        response["Content-Disposition"] = f'attachment; filename="{path.rsplit("/", 1)[-1]}"'
    else:
        content_type = TEXT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = HttpResponse(content, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
