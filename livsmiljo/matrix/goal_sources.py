"""Goals for a new matrix from a predefined set or from a strategy in the library.

The national strategy's areas and the framework's themes are data in the project (analysis.models, which
facilitators may have edited); the engine's `goal_sets()` holds Agenda 2030 and is the fallback.
"""

from __future__ import annotations

from django.db.models import QuerySet

from livsmiljo.analysis.models import StrategicArea, Theme
from livsmiljo.documents.models import Document
from livsmiljo.engine.matrix.goals import GoalCandidate, goal_candidates, goal_sets
from livsmiljo.matrix.models import GoalSource
from livsmiljo.matrix.services import GoalSpec

SET_KEYS = {
    GoalSource.NATIONAL: "nationell",
    GoalSource.THEMES: "teman",
    GoalSource.AGENDA2030: "agenda2030",
}


def _from_framework(items: QuerySet[StrategicArea] | QuerySet[Theme]) -> list[GoalSpec]:
    return [GoalSpec(name=item.name, description=item.description) for item in items]


def predefined_goals(source: str) -> list[GoalSpec]:
    """The goals of a predefined source; an empty list for "hand" and "document"."""
    if source == GoalSource.NATIONAL and StrategicArea.objects.exists():
        return _from_framework(StrategicArea.objects.all())
    if source == GoalSource.THEMES and Theme.objects.exists():
        return _from_framework(Theme.objects.all())
    key = SET_KEYS.get(GoalSource(source)) if source in GoalSource.values else None
    if key is None:
        return []
    return [GoalSpec(name=g.name, description=g.description) for g in goal_sets()[key].goals]


def document_candidates(document: Document) -> list[GoalCandidate]:
    """Goal-like headings and sentences of a strategy, in document order, each with its passage and page."""
    passages = document.passages.order_by("ordinal").values_list("id", "heading", "text", "page")
    return goal_candidates(passages)
