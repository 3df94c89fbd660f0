"""Reviewing a draft: pick or upload a draft, see the review, download it as Markdown, DOCX or PDF.

Only the draft's own organisation and facilitators may review it; to anyone else it does not exist (404),
even when the document is shared. The peers' passages are those the user may see (analysis/review.py).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from livsmiljo.analysis.review import review_build
from livsmiljo.analysis.review_report import method_text, review_report
from livsmiljo.documents.access import get_document_for_user
from livsmiljo.documents.models import Document, DocumentKind
from livsmiljo.organisations.access import is_facilitator, is_member_of, request_user
from livsmiljo.reports.formats import download_response, report_render

DOWNLOADS = ("md", "docx", "pdf")


def _get_draft_for_reviewer(request: HttpRequest, pk: int) -> Document:
    document = get_document_for_user(request, pk)
    user = request_user(request)
    if not (is_facilitator(user) or is_member_of(user, document.organisation_id)):
        raise Http404
    return document


@login_required
def review_start(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    documents = Document.objects.visible_to(user).select_related("organisation")
    if not is_facilitator(user):
        documents = documents.filter(organisation_id=user.organisation_id or 0)
    context = {
        "documents": sorted(documents, key=lambda d: (d.kind != DocumentKind.DRAFT, d.title)),
        "draft_kind": DocumentKind.DRAFT,
        "may_upload": is_facilitator(user) or user.organisation_id is not None,
    }
    return render(request, "analysis/review_start.html", context)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    document = _get_draft_for_reviewer(request, pk)
    found = review_build(document=document, user=request_user(request))
    context = {"review": found, "document": document, "method": method_text(), "downloads": DOWNLOADS}
    return render(request, "analysis/review.html", context)


@login_required
def review_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    document = _get_draft_for_reviewer(request, pk)
    if fmt not in DOWNLOADS:
        raise Http404
    report = review_report(review_build(document=document, user=request_user(request)))
    return download_response(report_render(report, fmt))
