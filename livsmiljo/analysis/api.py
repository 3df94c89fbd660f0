"""JSON API for the analysis: a document's passage tags, and tagging of free text (session login required)."""

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from livsmiljo.analysis.classify_cli import classify_texts
from livsmiljo.analysis.models import PassageTag
from livsmiljo.documents.access import get_document_for_user

router = Router(tags=["analysis"], auth=django_auth)


class ThemeScore(Schema):
    id: str
    score: float


class Conflict(Schema):
    detected: bool
    themes: list[str]


class PassageTags(Schema):
    passage_id: int
    page: int
    themes: list[ThemeScore]
    groups: list[str]
    areas: list[str]
    conflict: Conflict
    corrected: bool


class ClassifyIn(Schema):
    texts: list[str]


class Tagged(Schema):
    themes: list[ThemeScore]
    groups: list[str]
    areas: list[str]
    conflict: Conflict


@router.get("/documents/{document_id}/tags", response=list[PassageTags])
def document_tags(request: HttpRequest, document_id: int) -> list[dict[str, object]]:
    document = get_document_for_user(request, document_id)
    tags = PassageTag.objects.filter(document=document).select_related("passage").order_by("passage__ordinal")
    return [
        {
            "passage_id": t.passage_id,
            "page": t.passage.page,
            "themes": t.themes,
            "groups": t.groups,
            "areas": t.areas,
            "conflict": {"detected": t.conflict, "themes": t.conflict_themes},
            "corrected": t.corrected,
        }
        for t in tags
    ]


@router.post("/classify", response=list[Tagged])
def classify(request: HttpRequest, payload: ClassifyIn) -> list[dict[str, object]]:
    """Tag up to 50 texts against the current framework (the same tagger as `livsmiljo classify`)."""
    return [t.to_contract() for t in classify_texts(payload.texts[:50])]
