"""The goal-conflict explorer: for each catalogue conflict, the passages that discuss it, with the
sentence that states the tension (found by engine/conflicts.py) ready to be highlighted."""

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from livsmiljo.analysis.models import GoalConflict, PassageTag, Theme
from livsmiljo.analysis.profiles import PassageRef, passage_refs
from livsmiljo.analysis.tagging import framework_load
from livsmiljo.documents.models import Document
from livsmiljo.engine.classify_text import find_signals, normalise
from livsmiljo.engine.conflicts import TensionFinder, tension_finder

CONTEXT_CHARS = 160


@dataclass
class TensionPassage:
    ref: PassageRef
    before: str = ""
    sentence: str = ""  # shown in <mark>; empty when no single sentence states it
    after: str = ""
    sides: list[str] = field(default_factory=list)


@dataclass
class ExploredConflict:
    key: str
    name: str
    description: str = ""
    theme_names: tuple[str, str] = ("", "")
    passages: list[TensionPassage] = field(default_factory=list)


def _highlight(ref: PassageRef, sentence: str, sides: list[str]) -> TensionPassage:
    at = ref.text.find(sentence) if sentence else -1
    if at < 0:
        return TensionPassage(ref=ref, before=ref.snippet)
    before, after = ref.text[:at], ref.text[at + len(sentence) :]
    if len(before) > CONTEXT_CHARS:
        before = "… " + before[-CONTEXT_CHARS:].split(" ", 1)[-1]
    if len(after) > CONTEXT_CHARS:
        after = after[:CONTEXT_CHARS].rsplit(" ", 1)[0] + " …"
    return TensionPassage(ref=ref, before=before, sentence=sentence, after=after, sides=sides)


def _stated(row: Mapping[str, Any], ref: PassageRef, finder: TensionFinder) -> tuple[str, list[str]]:
    """The sentence stating the tension: stored with the tags, else found again in the text."""
    stored = (row.get("evidence") or {}).get("conflict") or {}
    if stored.get("sentence"):
        return str(stored["sentence"]), [str(s) for s in stored.get("sides", [])]
    tension = finder.find(ref.text)
    return (tension.sentence, list(tension.sides)) if tension.detected else ("", [])


def _catalogue_key(row: Mapping[str, Any], text: str, catalogue: list[GoalConflict]) -> str:
    """The row's catalogue conflict; a conflict between the same two themes counts when the passage
    also uses that catalogue conflict's own words."""
    keys = {c.key for c in catalogue}
    if row["conflict_key"] in keys:
        return str(row["conflict_key"])
    pair = set(row["conflict_themes"])
    norm = normalise(text)
    for c in catalogue:
        if pair == {c.theme_a.key, c.theme_b.key} and find_signals(norm, c.signal_list).distinct:
            return c.key
    return ""


def goal_conflicts_explore(
    documents: QuerySet[Document],
) -> tuple[list[ExploredConflict], list[ExploredConflict]]:
    """Every catalogue conflict with its passages, and conflicts outside the catalogue by theme pair."""
    names = dict(Theme.objects.values_list("key", "name"))
    catalogue = list(GoalConflict.objects.select_related("theme_a", "theme_b"))
    framework = framework_load()
    finder = tension_finder(framework.themes, framework.conflicts)
    rows = list(
        PassageTag.objects.filter(document__in=documents, conflict=True).values(
            "passage_id", "conflict_themes", "conflict_key", "evidence"
        )
    )
    refs = passage_refs(r["passage_id"] for r in rows)
    found: dict[str, list[TensionPassage]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["passage_id"]):
        ref = refs.get(row["passage_id"])
        if ref is None:
            continue
        key = _catalogue_key(row, ref.text, catalogue)
        if not key:
            key = "par:" + "+".join(sorted(row["conflict_themes"]))
        found[key].append(_highlight(ref, *_stated(row, ref, finder)))
    explored = [
        ExploredConflict(
            key=c.key,
            name=c.name,
            description=c.description,
            theme_names=(c.theme_a.name, c.theme_b.name),
            passages=found.pop(c.key, []),
        )
        for c in catalogue
    ]
    other = []
    for key, passages in sorted(found.items(), key=lambda kv: -len(kv[1])):
        a, _, b = key.removeprefix("par:").partition("+")
        title = f"{names.get(a, a)} – {names.get(b, b)}"
        other.append(
            ExploredConflict(
                key=key, name=title, theme_names=(names.get(a, a), names.get(b, b)), passages=passages
            )
        )
    return explored, other
