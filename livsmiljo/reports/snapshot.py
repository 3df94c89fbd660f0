"""What generating the documentation computes once and stores: clusters of notes with related library
passages, and the summary per audience. Plain JSON, so the row can be read back by any process."""

from __future__ import annotations

from typing import Any

from livsmiljo.documents.models import Passage
from livsmiljo.workshops.models import Meeting

AUDIENCES = ("project", "public")
PASSAGES_PER_CLUSTER = 3


def build_snapshot(
    meeting: Meeting, audiences: tuple[str, ...] = AUDIENCES, *, summarise: bool = True
) -> dict[str, Any]:
    """`summarise=False` leaves the summary out (it may call a language model: not on every page view)."""
    summaries = {audience: summary_snapshot(meeting, audience) for audience in audiences} if summarise else {}
    return {"clusters": clusters_snapshot(meeting), "summary": summaries}


def clusters_snapshot(meeting: Meeting) -> list[dict[str, Any]]:
    """The visible notes clustered across groups, each with ids only (texts are read when the report is
    built, so a note hidden afterwards drops out) and the passages of shared documents related to it."""
    from livsmiljo.workshops.clustering import note_clusters  # numpy and the embedder: only when asked

    found = []
    for cluster in note_clusters(meeting=meeting, user=None, with_passages=False):
        notes = sorted(cluster.notes, key=lambda n: (-n.votes, n.pk))
        found.append(
            {
                "key": f"tema-{cluster.representative.pk}",
                "label": cluster.label,
                "notes": [n.pk for n in notes],
                "representative": cluster.representative.pk,
                "passages": shared_passages(cluster.label, [n.text for n in notes[:3]]),
            }
        )
    return found


def shared_passages(label: str, texts: list[str]) -> list[int]:
    """Passages related to a cluster, from documents shared with everyone only: the documentation is read
    by the whole project and may be published, so nothing one organisation keeps to itself is linked."""
    from livsmiljo.search.services import search_passages

    query = (f"{label}. " + " ".join(texts))[:500]
    hits = search_passages(query=query, user=None, limit=10)
    ids = [hit.passage_id for hit in hits]
    shared = set(Passage.objects.filter(pk__in=ids, document__shared=True).values_list("pk", flat=True))
    return [pk for pk in ids if pk in shared][:PASSAGES_PER_CLUSTER]


def summary_snapshot(meeting: Meeting, audience: str) -> dict[str, Any]:
    """The summary from reports.summaries as JSON (a failing model falls back to the extractive one there)."""
    from livsmiljo.reports.summaries import meeting_summary

    result = meeting_summary(meeting, audience=audience)
    return {
        "method": result.method,
        "note": result.note,
        "sentences": [
            {"text": str(text), "sources": [_source_json(s) for s in sources]}
            for text, sources in result.sentences
        ],
    }


def _source_json(source: Any) -> dict[str, Any]:
    return {
        "kind": str(source.kind),
        "id": int(source.id),
        "label": str(source.label),
        "href": str(getattr(source, "href", "")),
    }
