"""Similar board notes across groups, clustered by meaning, each cluster with related library passages."""

import hashlib
import logging
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache

from livsmiljo.engine.cluster import cluster_notes
from livsmiljo.engine.embeddings import embed_passages
from livsmiljo.organisations.models import User
from livsmiljo.workshops.models import BoardNote, Meeting

logger = logging.getLogger(__name__)


@dataclass
class NoteCluster:
    label: str
    notes: list[BoardNote]
    representative: BoardNote
    passages: list[Any] = field(default_factory=list)

    @property
    def votes(self) -> int:
        return sum(n.votes for n in self.notes)


def _related_passages(label: str, notes: list[BoardNote], user: User | None) -> list[Any]:
    from livsmiljo.search.services import search_passages

    query = f"{label}. " + " ".join(n.text for n in notes[:3])
    try:
        return search_passages(query=query[:500], user=user, limit=3)
    except Exception:  # the library may be empty or not indexed yet; the clusters stand on their own
        logger.exception("Related passages for a note cluster failed")
        return []


def note_clusters(*, meeting: Meeting, user: User | None, with_passages: bool = True) -> list[NoteCluster]:
    """The meeting's visible group notes clustered across groups, largest first.

    Embeddings are cached per set of texts, so reloading the documentation page does not embed again.
    """
    notes = list(BoardNote.objects.filter(meeting=meeting, hidden=False).select_related("group"))
    if not notes:
        return []
    texts = [n.text for n in notes]
    key = "workshops:clusters:" + hashlib.sha256("\x1f".join(texts).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        clusters = cluster_notes(texts, embed_passages(texts))
        found = [(c.label, c.members, c.representative) for c in clusters]
        cache.set(key, found, 3600)
    return [
        NoteCluster(
            label=label,
            notes=[notes[i] for i in members],
            representative=notes[representative],
            passages=_related_passages(label, [notes[i] for i in members], user) if with_passages else [],
        )
        for label, members, representative in found
    ]
