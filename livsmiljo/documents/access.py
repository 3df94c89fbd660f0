"""Loading documents and passages for a request: 404 for what the user may not read."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from livsmiljo.documents.models import Document, Passage
from livsmiljo.organisations.access import request_user


def get_document_for_user(request: HttpRequest, pk: int) -> Document:
    return get_object_or_404(
        Document.objects.visible_to(request_user(request)).select_related("organisation"), pk=pk
    )


def get_passage_for_user(request: HttpRequest, pk: int) -> Passage:
    visible = Document.objects.visible_to(request_user(request))
    return get_object_or_404(
        Passage.objects.select_related("document__organisation"), pk=pk, document__in=visible
    )
