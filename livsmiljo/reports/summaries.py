"""A meeting's summary (issue 12, item 2): quoted from its own material, or written by a language model when
one is configured and every sentence's citations check out; the note says which, and why not the model.

The material is what the audience may read: visible notes (weighted by votes), free-text answers
(reflections and check-out included) and, for the project only, the chat's texts without their authors.
Hidden notes, answers and messages are never used; nothing is sent anywhere unless
settings.LIVSMILJO_LLM_URL is set.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from livsmiljo.documents.models import Passage
from livsmiljo.engine import llm
from livsmiljo.engine.report.model import Source
from livsmiljo.engine.summarise import SourceText, default_embedder, summarise
from livsmiljo.engine.text import stems
from livsmiljo.workshops.models import AgendaBlock, BoardNote, ChatMessage, Meeting, Poll, Response

logger = logging.getLogger(__name__)

AUDIENCES = ("project", "public")
MAX_MODEL_SOURCES = 150  # the most voted material that is sent; a citation of the rest is checked too
CHAT_WEIGHT = 0.5
TEXT_BLOCKS = (AgendaBlock.Kind.REFLECTION, AgendaBlock.Kind.CHECKOUT)
# Vectors of recently summarised sentences: the public summary re-uses the project summary's (measured:
# 351 sentences of a large meeting took 6.9 s to embed on the shared 2-core machine).
EMBEDDING_CACHE_SIZE = 5000
_vectors: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
_vectors_lock = threading.Lock()


@dataclass(frozen=True)
class SummaryResult:
    sentences: list[tuple[str, list[Source]]]
    method: str  # "extractive" or "model"
    note: str  # how the text was made, and why the model's text is not shown when it was asked
    reason: str = ""  # the model's refusal ("timeout", "unknown_id" ...); "" when shown or not asked


@dataclass(frozen=True)
class _Material:
    texts: list[SourceText]
    sources: dict[tuple[str, int], Source]


def meeting_summary(
    meeting: Meeting, *, audience: str = "project", passage_ids: Sequence[int] = ()
) -> SummaryResult:
    """The summary the documentation shows. `passage_ids`: library passages the model may also cite
    (only those of shared documents are used, as the summary may be published)."""
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be one of {AUDIENCES}")
    material = meeting_material(meeting, audience=audience)
    extractive = summarise(material.texts, embed=cached_embed)
    fallback = [(s.text, [material.sources[t.key] for t in s.sources]) for s in extractive.sentences]
    endpoint = configured_endpoint()
    if endpoint is None or not material.texts:
        return SummaryResult(fallback, "extractive", made_by_extract())
    passages = shared_passages(passage_ids)
    result = llm.summarise_with_model(
        endpoint,
        _most_weighty(material.texts) + [p for p, _source in passages],
        allowed=material.texts + [p for p, _source in passages],
        embed=cached_embed,
    )
    if not result.ok:
        logger.warning(
            "The model's summary of meeting %s was refused: %s %s", meeting.pk, result.reason, result.detail
        )
        note = f"{made_by_extract()} {refusal_note(result)}"
        return SummaryResult(fallback, "extractive", note, result.reason)
    sources = material.sources | {p.key: source for p, source in passages}
    by_id = {llm.source_id(t): sources[t.key] for t in [*material.texts, *(p for p, _s in passages)]}
    sentences = [(s.text, [by_id[i] for i in dict.fromkeys(s.ids)]) for s in result.sentences]
    return SummaryResult(sentences, "model", made_by_model(endpoint.model))


def cached_embed(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """The bundled model's passage vectors, from a bounded in-process cache when the text was seen.

    The model already runs one call at a time (engine/embeddings.py), so holding the lock over it costs
    nothing and keeps the cache consistent."""
    with _vectors_lock:
        missing = list(dict.fromkeys(t for t in texts if t not in _vectors))
        if missing:
            _vectors.update(zip(missing, default_embedder()(missing), strict=True))
        found = [_vectors[t] for t in texts]
        for t in texts:
            _vectors.move_to_end(t)
        while len(_vectors) > EMBEDDING_CACHE_SIZE:
            _vectors.popitem(last=False)
    return np.array(found, dtype=np.float32).reshape(len(texts), -1)


def configured_endpoint() -> llm.Endpoint | None:
    url = str(getattr(settings, "LIVSMILJO_LLM_URL", "") or "").strip()
    if not url:
        return None
    return llm.Endpoint(
        url=url,
        model=str(getattr(settings, "LIVSMILJO_LLM_MODEL", "") or ""),
        key=str(getattr(settings, "LIVSMILJO_LLM_KEY", "") or ""),
        timeout=float(getattr(settings, "LIVSMILJO_LLM_TIMEOUT", llm.DEFAULT_TIMEOUT)),
    )


def meeting_material(meeting: Meeting, *, audience: str) -> _Material:
    """The texts a summary may quote or cite, in a fixed order (notes, answers, chat), with their sources."""
    found: list[tuple[SourceText, Source]] = []
    notes = BoardNote.objects.filter(meeting=meeting, hidden=False).order_by("id")
    for note in notes:
        found.append((SourceText("note", note.pk, note.text, 1 + note.votes), _note_source(note.pk)))
    for response in _text_responses(meeting):
        text = str(response.value)
        found.append((SourceText("response", response.pk, text), _response_source(response.pk)))
    if audience == "project":  # the chat names people: it is not published
        for message in ChatMessage.objects.filter(meeting=meeting, hidden=False).order_by("id"):
            found.append(
                (SourceText("chat", message.pk, message.text, CHAT_WEIGHT), _chat_source(message.pk))
            )
    found = [(t, s) for t, s in found if stems(t.text)]
    return _Material(texts=[t for t, _s in found], sources={t.key: s for t, s in found})


def _text_responses(meeting: Meeting) -> list[Response]:
    """Visible answers in words: free-text questions, and any text answer in a reflection or check-out."""
    responses = Response.objects.filter(poll__meeting=meeting, hidden=False).select_related("poll__block")
    return [
        r
        for r in responses.order_by("id")
        if isinstance(r.value, str)
        and (
            r.poll.kind == Poll.Kind.OPEN_TEXT
            or (r.poll.block is not None and r.poll.block.kind in TEXT_BLOCKS)
        )
    ]


def _note_source(pk: int) -> Source:
    return Source("note", pk, _("lapp %(id)d") % {"id": pk})


def _response_source(pk: int) -> Source:
    return Source("response", pk, _("svar %(id)d") % {"id": pk})


def _chat_source(pk: int) -> Source:
    return Source("chat", pk, _("chattmeddelande %(id)d") % {"id": pk})


def shared_passages(passage_ids: Sequence[int]) -> list[tuple[SourceText, Source]]:
    passages = Passage.objects.filter(pk__in=list(passage_ids), document__shared=True).select_related(
        "document"
    )
    return [
        (
            SourceText("passage", p.pk, p.text),
            Source(
                "passage",
                p.pk,
                _("%(title)s, s. %(page)d") % {"title": p.document.title, "page": p.page},
                reverse("documents:detail", args=[p.document_id]),
            ),
        )
        for p in passages.order_by("id")
    ]


def _most_weighty(texts: list[SourceText]) -> list[SourceText]:
    ranked = sorted(range(len(texts)), key=lambda i: (-texts[i].weight, i))[:MAX_MODEL_SOURCES]
    return [texts[i] for i in sorted(ranked)]


def made_by_extract() -> str:
    return _("Utvald ur mötets eget material: varje mening är citerad som den skrevs, med sina källor.")


def made_by_model(model: str) -> str:
    if model:
        return _(
            "Skriven av språkmodellen %(model)s, varje mening kontrollerad mot källorna den hänvisar till."
        ) % {"model": model}
    return _("Skriven av en språkmodell, varje mening kontrollerad mot källorna den hänvisar till.")


def refusal_note(result: llm.ModelSummary) -> str:
    """Why the model's text is not shown, in words the facilitator can act on (details go to the log)."""
    reasons = {
        "timeout": _("Modellens sammanfattning visas inte eftersom modellen inte svarade i tid."),
        "http": _("Modellens sammanfattning visas inte eftersom anropet till modellen misslyckades."),
        "malformed": _("Modellens sammanfattning visas inte eftersom modellens svar inte gick att läsa."),
        "empty": _("Modellens sammanfattning visas inte eftersom modellen inte skrev någon mening."),
        "too_long": _("Modellens sammanfattning visas inte eftersom den var längre än tillåtet."),
        "no_citation": _("Modellens sammanfattning visas inte eftersom en mening saknar källhänvisning."),
        "unknown_id": _(
            "Modellens sammanfattning visas inte eftersom en mening hänvisar till en källa som inte finns "
            "bland mötets material (%(id)s)."
        )
        % {"id": result.detail},
        "unsupported": _(
            "Modellens sammanfattning visas inte eftersom en mening inte stöds av texten i källorna den "
            "hänvisar till."
        ),
    }
    return reasons.get(result.reason, reasons["malformed"])
