"""Search services: indexing (called by the documents app during ingestion) and searching."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from livsmiljo.documents.models import Document, Passage
from livsmiljo.engine.embeddings import embed_passages, passage_text, to_bytes
from livsmiljo.engine.text import ANALYSER_VERSION, MAX_QUERY_CHARS, MAX_QUERY_WORDS, matching_words
from livsmiljo.organisations.access import is_facilitator
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.search.backends import get_backend
from livsmiljo.search.models import IndexState
from livsmiljo.search.retrieval import MODES, Mode, PassageText, Ranking, index_rows, rank
from livsmiljo.search.snippets import snippet_html

EMBED_BATCH = 16
MAX_LIMIT = 100


def _bump(key: str) -> None:
    """A new random token (not a counter: a rolled-back transaction must never make an old token current)."""
    IndexState.objects.update_or_create(key=key, defaults={"token": uuid.uuid4().hex})


def passages_index(*, document: Document) -> None:
    """Make the document's passages keyword-searchable. Called inside the ingestion transaction.

    Passages are indexed once, when their document is ingested, and leave the index with their document;
    passage ids are never re-used. The in-memory keyword index relies on that to merge changes by id."""
    backend = get_backend()
    stored = list(document.passages.order_by("ordinal").only("id", "heading", "text", "embedding"))
    passages = [
        PassageText(passage_id=p.pk, document_id=document.pk, heading=p.heading, text=p.text) for p in stored
    ]
    rows = index_rows(passages, backend.vocabulary(current=False))
    backend.unindex(document_id=document.pk)
    backend.index(rows)
    # Re-extracted passages come with the vectors of the passages they replace.
    backend.store_vectors([(p.pk, document.pk, p.embedding) for p in stored if p.embedding])
    _bump("keyword")


def keyword_index_reanalyse(*, documents: Iterable[Any]) -> int:
    """Analyse every passage of `documents` again with the current analyser (stems, compound parts) and
    store the rows in place of the old ones; returns the number of passages. For a change of
    `engine.text.ANALYSER_VERSION`: the search migration that comes with such a change calls it, so the
    stored index and new queries are analysed alike. `documents` may be historical models in a migration."""
    backend = get_backend()
    done = 0
    for document in documents:
        passages = [
            PassageText(passage_id=p.pk, document_id=document.pk, heading=p.heading, text=p.text)
            for p in document.passages.order_by("ordinal").only("id", "heading", "text")
        ]
        rows = index_rows(passages, backend.vocabulary(current=False))
        backend.unindex(document_id=document.pk)
        backend.index(rows)
        done += len(rows)
    IndexState.objects.update_or_create(key="analyser", defaults={"token": str(ANALYSER_VERSION)})
    _bump("keyword")
    _compact(backend)  # every document was indexed again: merge them at once
    # The in-memory index is merged by passage id, and these ids did not change: build it afresh.
    from livsmiljo.search.backends.sqlite import forget_cache

    forget_cache()
    return done


def keyword_index_refresh() -> None:
    """Bring the keyword index up to date for the current token and save it for the other processes.

    Called by ingestion after a document's transaction commits, so that the web server's next search loads
    the new index instead of updating its own. On PostgreSQL: merges the postings indexed since the last
    compaction into the keyword segment once there are enough of them (`PostgresBackend.compact`)."""
    backend = get_backend()
    backend.vocabulary()
    _compact(backend)


def _compact(backend: Any) -> None:
    """The PostgreSQL backend's compaction, in a transaction of its own (nothing on SQLite)."""
    compact = getattr(backend, "compact", None)
    if compact is not None:
        with transaction.atomic():
            compact()


def document_embed(*, document: Document, on_progress: Callable[[int, int], None] | None = None) -> None:
    """Compute and store embeddings for the document's passages that lack one, reporting (done, total).

    Commits per batch, so a crashed run resumes where it stopped."""
    pending = list(
        document.passages.filter(embedding__isnull=True).order_by("ordinal").only("id", "heading", "text")
    )
    total, done = len(pending), 0
    if on_progress:
        on_progress(0, total)
    for start in range(0, total, EMBED_BATCH):
        batch = pending[start : start + EMBED_BATCH]
        vectors = embed_passages([passage_text(p.text, p.heading) for p in batch])
        for passage, vector in zip(batch, vectors, strict=True):
            passage.embedding = to_bytes(vector)
        with transaction.atomic():
            Passage.objects.bulk_update(batch, ["embedding"])
            get_backend().store_vectors([(p.pk, document.pk, p.embedding) for p in batch if p.embedding])
            _bump("vectors")
        done += len(batch)
        if on_progress:
            on_progress(done, total)


def vectors_compute(
    *, passages: Sequence[tuple[str, str]], on_progress: Callable[[int, int], None] | None = None
) -> list[bytes]:
    """Embeddings of (text, heading) pairs, as stored in Passage.embedding, without saving anything.

    For re-extraction: the vectors are ready before the document switches to its new passages."""
    total, vectors = len(passages), []
    for start in range(0, total, EMBED_BATCH):
        batch = passages[start : start + EMBED_BATCH]
        vectors += [to_bytes(v) for v in embed_passages([passage_text(t, h) for t, h in batch])]
        if on_progress:
            on_progress(len(vectors), total)
    return vectors


def document_unindex(*, document: Document) -> None:
    """Remove the document's passages from every index (before the document is deleted)."""
    backend = get_backend()
    backend.unindex(document_id=document.pk)
    backend.unindex_vectors(document_id=document.pk)
    _bump("keyword")
    _bump("vectors")
    _bump("vectors-removed")


@dataclass(frozen=True)
class SearchHit:
    passage_id: int
    document_id: int
    document_title: str
    file_name: str
    organisation: str
    page: int
    heading: str
    text: str
    snippet_html: SafeString
    score: float
    why: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["snippet_html"] = str(self.snippet_html)
        return data


def strong_count(hits: Sequence[SearchHit]) -> int | None:
    """How many of the hits are strong matches; None when the search could not judge (too few passages to
    compare with, or a keyword-only or meaning-only search)."""
    if not hits or any(hit.why.get("strong") is None for hit in hits):
        return None
    return sum(1 for hit in hits if hit.why["strong"])


def keyword_matched(hits: Sequence[SearchHit]) -> bool:
    """Whether any word of the query was found in the hits. Without it the hits are only alike in meaning:
    a query in another language, or nonsense. Their best similarity does not tell the two apart (on the
    shared set, nonsense reached 0.836 and real questions in other languages went down to 0.804; see
    bench/nonsense_bench.py), so the page says what the hits are instead of hiding them."""
    return any(hit.why.get("matched_terms") or hit.why.get("keyword_score") for hit in hits)


def _visible_document_ids(
    *, user: User | None, organisation: Organisation | None, kind: str | None, year: int | None
) -> list[int] | None:
    """Ids of the documents to search; None means every document (no filter needed)."""
    documents = Document.objects.all() if user is None else Document.objects.visible_to(user)
    unrestricted = user is None or is_facilitator(user)
    if organisation is not None:
        documents = documents.filter(organisation=organisation)
    if kind:
        documents = documents.filter(kind=kind)
    if year:
        documents = documents.filter(year=year)
    if unrestricted and organisation is None and not kind and not year:
        return None
    return list(documents.values_list("id", flat=True))


def query_check(query: str) -> None:
    """Refuse a query over MAX_QUERY_CHARS characters (only the first MAX_QUERY_WORDS words count anyway)."""
    if len(query) > MAX_QUERY_CHARS:
        raise ValidationError(
            _(
                "Sökfrågan är för lång (%(length)d tecken). Den får vara högst %(limit)d tecken, och bara "
                "de första %(words)d orden används. Korta ned den och sök igen."
            )
            % {"length": len(query), "limit": MAX_QUERY_CHARS, "words": MAX_QUERY_WORDS}
        )


@dataclass(frozen=True)
class SearchResult:
    hits: list[SearchHit]
    translated_query: list[str] = field(default_factory=list)
    """the Swedish words a query in another language was also searched with ("Sökte även på: …")"""


def search_passages(
    *,
    query: str,
    user: User | None,
    limit: int = 10,
    organisation: Organisation | None = None,
    kind: str | None = None,
    year: int | None = None,
    mode: Mode = "hybrid",
) -> list[SearchHit]:
    """The hits of `passages_search`."""
    return passages_search(
        query=query, user=user, limit=limit, organisation=organisation, kind=kind, year=year, mode=mode
    ).hits


def passages_search(
    *,
    query: str,
    user: User | None,
    limit: int = 10,
    organisation: Organisation | None = None,
    kind: str | None = None,
    year: int | None = None,
    mode: Mode = "hybrid",
) -> SearchResult:
    """Hybrid search over the passages the user may read, best first; a query that is not Swedish is also
    searched in Swedish words (engine.translate), which the result names.

    `user=None` searches every document: only for trusted callers such as the `search` command. A query
    over MAX_QUERY_CHARS characters raises `ValidationError` with a Swedish message."""
    query = query.strip()
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    query_check(query)
    if not query:
        return SearchResult(hits=[])
    document_ids = _visible_document_ids(user=user, organisation=organisation, kind=kind, year=year)
    if document_ids is not None and not document_ids:
        return SearchResult(hits=[])
    ranking = rank(
        get_backend(), query, document_ids=document_ids, limit=max(1, min(limit, MAX_LIMIT)), mode=mode
    )
    translated = ranking.translation.words if ranking.translation else []
    return SearchResult(hits=_hits(ranking, document_ids, mode), translated_query=translated)


def _hits(ranking: Ranking, document_ids: list[int] | None, mode: Mode) -> list[SearchHit]:
    passages = Passage.objects.select_related("document__organisation").in_bulk(r.id for r in ranking.results)
    allowed = None if document_ids is None else set(document_ids)
    terms = ranking.query.terms
    memo: dict[str, bool] = {}
    hits = []
    for result in ranking.results:
        passage = passages.get(result.id)
        if passage is None or (allowed is not None and passage.document_id not in allowed):
            continue  # removed since it was indexed, or not visible
        words = matching_words(passage.text + " " + passage.heading, terms, memo)
        why: dict[str, Any] = {
            "matched_terms": sorted(words),
            "keyword_score": round(result.keyword_score, 4),
            "semantic_similarity": round(result.dense_score, 4) if mode != "keyword" else None,
        }
        if result.phrase:
            why["phrase"] = True
        if result.strong is not None:
            why["strong"] = result.strong
        document = passage.document
        hits.append(
            SearchHit(
                passage_id=passage.pk,
                document_id=document.pk,
                document_title=document.title,
                file_name=document.file_name,
                organisation=document.organisation.name,
                page=passage.page,
                heading=passage.heading,
                text=passage.text,
                snippet_html=mark_safe(snippet_html(passage.text, words)),
                score=round(result.score, 4),
                why=why,
            )
        )
    return hits
