"""GET /api/search/: the same search as the search page, as JSON (session login required)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth

from livsmiljo.documents.models import DocumentKind
from livsmiljo.engine.text import MAX_QUERY_CHARS, MAX_QUERY_WORDS
from livsmiljo.organisations.access import request_user
from livsmiljo.organisations.services import organisation_find
from livsmiljo.search.services import MAX_LIMIT, passages_search, query_check

router = Router(tags=["search"])


class Why(Schema):
    matched_terms: list[str]
    keyword_score: float
    semantic_similarity: float | None = None
    phrase: bool = False
    strong: bool | None = Field(
        None, description="A strong match (well above the other candidates); absent when not judged."
    )


class Hit(Schema):
    passage_id: int
    document_id: int
    document_title: str
    file_name: str
    organisation: str
    page: int
    heading: str
    text: str
    snippet_html: str = Field(
        description="The best part of the passage, HTML-escaped, matched words in <mark>."
    )
    score: float
    why: Why


class SearchOut(Schema):
    query: str
    translated_query: list[str] = Field(
        default_factory=list,
        description="The Swedish words a query in another language was also searched with; empty otherwise.",
    )
    hits: list[Hit]


class SearchParams(Schema):
    q: str = Field(
        ...,
        description=(
            "Words or a question, Swedish or English; quotes ask for an exact phrase. "
            f"At most {MAX_QUERY_CHARS} characters (a longer query gets 400 with a Swedish message in "
            f"`detail`); only the first {MAX_QUERY_WORDS} words are used."
        ),
    )
    limit: int = Field(10, ge=1, le=MAX_LIMIT)
    organisation: str | None = Field(None, description="Name or slug of an organisation.")
    kind: DocumentKind | None = None
    year: int | None = Field(None, ge=1900, le=2100)


class Problem(Schema):
    detail: str


@router.get("/", response={200: SearchOut, 400: Problem}, auth=django_auth, summary="Search the library")
def search(request: HttpRequest, params: Query[SearchParams]) -> Status[dict[str, Any]]:
    organisation = None
    if params.organisation:
        organisation = organisation_find(name_or_slug=params.organisation)
        if organisation is None:
            return Status(
                400, {"detail": _("Organisationen %(name)s finns inte.") % {"name": params.organisation}}
            )
    try:
        query_check(params.q.strip())
    except ValidationError as error:
        return Status(400, {"detail": " ".join(error.messages)})
    result = passages_search(
        query=params.q,
        user=request_user(request),
        limit=params.limit,
        organisation=organisation,
        kind=params.kind.value if params.kind else None,
        year=params.year,
    )
    hits = [h.as_dict() for h in result.hits]
    return Status(200, {"query": params.q, "translated_query": result.translated_query, "hits": hits})
