"""Reviewing a draft strategy or plan against the framework and the other organisations' strategies.

The rules are in engine/review.py; this module gathers the tags (analysis/profiles.py) of the draft and of
the other organisations' strategies the user may see, and words the result as a page and a `Report`.
Peers' passages come only from documents visible to the user: a review never shows what a search would not.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from livsmiljo.analysis.models import Group, Role, StrategicArea, Theme
from livsmiljo.analysis.profiles import (
    ConflictFinding,
    PassageRef,
    _keys,
    conflict_findings,
    passage_refs,
    shares,
    tag_rows,
)
from livsmiljo.documents.models import Document, DocumentKind
from livsmiljo.engine.review import CoverageRow, GoalGap, coverage_compare, goals_lacking
from livsmiljo.organisations.models import Organisation, User

PEER_KINDS = (DocumentKind.RUS, DocumentKind.PLAN, DocumentKind.STEERING)
BEST = 3  # peer passages shown per gap
GOALS_SHOWN = 30


@dataclass
class CoverageLine:
    key: str
    name: str
    row: CoverageRow

    @property
    def draft_percent(self) -> int:
        return round(100 * self.row.draft_share)

    @property
    def median_percent(self) -> int:
        return round(100 * self.row.peer_median)

    @property
    def status(self) -> str:
        return self.row.status

    @property
    def status_text(self) -> str:
        return status_label(self.row.status)


@dataclass
class Gap:
    """A theme or group the draft never names while peers do, with the peers' best passages."""

    kind: str  # "theme" or "group"
    key: str
    name: str
    organisations: list[str]
    passages: list[PassageRef]

    @property
    def organisations_text(self) -> str:
        """ "A", "A och B", "A, B och C"."""
        names = self.organisations
        if len(names) < 2:
            return "".join(names)
        return f"{', '.join(names[:-1])} {_('och')} {names[-1]}"


@dataclass
class GoalNote:
    ref: PassageRef
    gap: GoalGap


@dataclass
class Review:
    document: Document
    passages: int
    peers: list[Organisation]
    themes: list[CoverageLine]
    groups: list[CoverageLine]
    areas: list[CoverageLine]
    roles: list[CoverageLine]
    gaps: list[Gap] = field(default_factory=list)
    conflicts: list[ConflictFinding] = field(default_factory=list)
    goals: list[GoalNote] = field(default_factory=list)
    goal_sentences: int = 0

    @property
    def tagged(self) -> bool:
        return self.passages > 0


def status_label(status: str) -> str:
    return {
        "missing": _("Saknas – andra skriver om det"),
        "weaker": _("Svagare än de andra"),
        "level": _("I nivå med de andra"),
        "stronger": _("Starkare än de andra"),
        "only": _("Bara utkastet tar upp det"),
        "none": _("Ingen skriver om det"),
    }[status]


def peer_documents(*, document: Document, user: User) -> list[Document]:
    """The other organisations' strategies, plans and steering documents that the user may see."""
    return list(
        Document.objects.visible_to(user)
        .exclude(organisation_id=document.organisation_id)
        .filter(kind__in=PEER_KINDS)
        .select_related("organisation")
    )


def _by_org(rows: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["document__organisation_id"]].append(row)
    return grouped


def _lines(
    items: list[Any], field_name: str, draft: list[dict[str, Any]], peers: dict[int, list[dict[str, Any]]]
) -> list[CoverageLine]:
    keys = [i.key for i in items]
    draft_shares = shares(draft, field_name, keys)
    counts = {k: sum(1 for r in draft if k in _keys(r, field_name)) for k in keys}
    peer_shares = [shares(rows, field_name, keys) for rows in peers.values()]
    compared = coverage_compare(keys, {k: (counts[k], draft_shares[k]) for k in keys}, peer_shares)
    return [CoverageLine(key=i.key, name=i.name, row=row) for i, row in zip(items, compared, strict=True)]


def _score(row: dict[str, Any], key: str, field_name: str) -> float:
    """A passage's strength for a theme; for a group, the passage's best theme score (groups have none)."""
    themes = row["themes"]
    if field_name == "themes":
        return next((float(t["score"]) for t in themes if t["id"] == key), 0.0)
    return max((float(t["score"]) for t in themes), default=0.0)


def _best_passages(peers: dict[int, list[dict[str, Any]]], key: str, field_name: str) -> list[int]:
    """The strongest passage of each peer naming `key`, strongest peers first, at most BEST."""
    best = []
    for rows in peers.values():
        matching = [r for r in rows if key in _keys(r, field_name)]
        if matching:
            top = max(matching, key=lambda r: _score(r, key, field_name))
            best.append((_score(top, key, field_name), top["passage_id"]))
    return [pid for _, pid in sorted(best, reverse=True)[:BEST]]


def _gaps(
    kind: str, lines: list[CoverageLine], field_name: str, peers: dict[int, list[dict[str, Any]]]
) -> list[Gap]:
    gaps = []
    for line in lines:
        if line.status != "missing":
            continue
        ids = _best_passages(peers, line.key, field_name)
        refs = passage_refs(ids)
        passages = [refs[i] for i in ids if i in refs]
        organisations = list(dict.fromkeys(p.organisation for p in passages))
        gaps.append(
            Gap(kind=kind, key=line.key, name=line.name, organisations=organisations, passages=passages)
        )
    return gaps


def _missing_conflicts(draft: list[dict[str, Any]], peer_rows: list[dict[str, Any]]) -> list[ConflictFinding]:
    """Goal conflicts the peers discuss that the draft does not (by catalogue conflict or pair of themes)."""
    own = {f.key for f in conflict_findings(draft, limit=1)}
    return [f for f in conflict_findings(peer_rows, limit=BEST) if f.key not in own and f.passages]


def _goal_notes(document: Document) -> tuple[list[GoalNote], int]:
    passages = list(document.passages.order_by("ordinal").values_list("pk", "text"))
    actors = list(Organisation.objects.values_list("name", flat=True))
    gaps, total = goals_lacking(passages, actors)
    refs = passage_refs(g.passage_id for g in gaps[:GOALS_SHOWN])
    return [
        GoalNote(ref=refs[g.passage_id], gap=g) for g in gaps[:GOALS_SHOWN] if g.passage_id in refs
    ], total


def review_build(*, document: Document, user: User) -> Review:
    """The review of `document` for `user`: peers' passages only from documents the user may see."""
    draft = tag_rows([document])
    peer_rows = tag_rows(peer_documents(document=document, user=user))
    peers = _by_org(peer_rows)
    themes = _lines(list(Theme.objects.all()), "themes", draft, peers)
    groups = _lines(list(Group.objects.all()), "groups", draft, peers)
    goals, total = _goal_notes(document)
    return Review(
        document=document,
        passages=len(draft),
        peers=list(Organisation.objects.filter(pk__in=peers).order_by("name")),
        themes=sorted(themes, key=lambda line: -line.row.draft_share),
        groups=groups,
        areas=_lines(list(StrategicArea.objects.all()), "areas", draft, peers),
        roles=_lines(list(Role.objects.all()), "roles", draft, peers),
        gaps=_gaps("theme", themes, "themes", peers) + _gaps("group", groups, "groups", peers),
        conflicts=_missing_conflicts(draft, peer_rows),
        goals=goals,
        goal_sentences=total,
    )
