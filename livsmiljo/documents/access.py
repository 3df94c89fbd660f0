"""Loading documents, passages and runs for a request: 404 for what the user may not read, 403 for what
they may read but not change (organisations/access.py has the rule)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from livsmiljo.documents.models import Document, IngestionRun, Passage, ReextractionRun
from livsmiljo.documents.reextraction import document_can_reextract
from livsmiljo.documents.services import document_can_edit, run_visible_to
from livsmiljo.organisations.access import request_user


def get_document_for_user(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(request_user(request)).select_related("organisation"), pk=pk
    )


def get_document_for_editor(request: HttpRequest, pk: int) -> Document:
    """The owning organisation and facilitators edit; others who may read a shared document get 403."""
    document = get_document_for_user(request, pk)
    if not document_can_edit(user=request_user(request), document=document):
        raise PermissionDenied(_("Bara den organisation som äger dokumentet kan ändra det."))
    return document


def get_passage_for_user(request: HttpRequest, pk: int) -> Passage:
    visible = Document.objects.visible_to(request_user(request))
    return get_object_or_404(
        Passage.objects.select_related("document__organisation"), pk=pk, document__in=visible
    )


def get_run_for_user(request: HttpRequest, pk: int) -> IngestionRun:
    run = get_object_or_404(IngestionRun.objects.select_related("organisation"), pk=pk)
    if not run_visible_to(user=request_user(request), run=run):
        raise Http404
    return run


def get_reextraction_run_for_user(request: HttpRequest, pk: int) -> ReextractionRun:
    """Re-extraction runs are facilitators' work: to anyone else they do not exist."""
    if not document_can_reextract(user=request_user(request)):
        raise Http404
    return get_object_or_404(ReextractionRun.objects.select_related("document"), pk=pk)
