"""Profiles of documents and organisations, built from passage tags (read side only).

Everything here takes the documents a user may see; nothing reaches beyond them. Organisation figures
average the per-document shares, so one long document does not dominate an organisation's profile.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from livsmiljo.analysis.models import GoalConflict, Group, PassageTag, Role, StrategicArea, Theme
from livsmiljo.documents.models import Document, Passage

TOP = 3
PAGE_LIMIT = 10


@dataclass
class PassageRef:
    passage_id: int
    document_id: int
    document_title: str
    organisation: str
    page: int
    heading: str
    text: str
    score: float = 0.0

    @property
    def url(self) -> str:
        base = reverse("documents:detail", args=[self.document_id])
        return f"{base}?sida={self.page}#stycke-{self.passage_id}"

    @property
    def snippet(self) -> str:
        return self.text if len(self.text) <= 320 else self.text[:317].rsplit(" ", 1)[0] + " …"


@dataclass
class Coverage:
    key: str
    name: str
    description: str
    count: int = 0
    share: float = 0.0
    passages: list[PassageRef] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.share)


@dataclass
class ConflictFinding:
    key: str
    name: str
    description: str
    themes: tuple[str, str]
    passages: list[PassageRef] = field(default_factory=list)


@dataclass
class Profile:
    title: str
    documents: list[Document]
    passages: int
    themes: list[Coverage]
    groups_named: list[Coverage]
    groups_not_found: list[Coverage]
    areas: list[Coverage]
    roles: list[Coverage]
    conflicts: list[ConflictFinding]

    @property
    def tagged(self) -> bool:
        return self.passages > 0


def tag_rows(documents: Iterable[Document] | QuerySet[Document]) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in PassageTag.objects.filter(document__in=documents).values(
            "passage_id",
            "document_id",
            "themes",
            "groups",
            "areas",
            "roles",
            "conflict",
            "conflict_themes",
            "conflict_key",
            "document__organisation_id",
        )
    ]


def passage_refs(ids: Iterable[int], scores: dict[int, float] | None = None) -> dict[int, PassageRef]:
    rows = Passage.objects.filter(pk__in=set(ids)).select_related("document__organisation")
    return {
        p.pk: PassageRef(
            passage_id=p.pk,
            document_id=p.document_id,
            document_title=p.document.title,
            organisation=p.document.organisation.name,
            page=p.page,
            heading=p.heading,
            text=p.text,
            score=(scores or {}).get(p.pk, 0.0),
        )
        for p in rows
    }


def shares(rows: list[dict[str, Any]], field_name: str, keys: list[str]) -> dict[str, float]:
    """Mean over documents of the share of each document's passages carrying each key."""
    by_doc: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_doc[row["document_id"]].append(row)
    totals = dict.fromkeys(keys, 0.0)
    for doc_rows in by_doc.values():
        counts = Counter(k for r in doc_rows for k in _keys(r, field_name))
        for key in keys:
            totals[key] += counts[key] / len(doc_rows)
    return {k: v / len(by_doc) if by_doc else 0.0 for k, v in totals.items()}


def _keys(row: dict[str, Any], field_name: str) -> list[str]:
    values = row[field_name]
    return [v["id"] if isinstance(v, dict) else v for v in values]


def _coverage(
    rows: list[dict[str, Any]], field_name: str, items: Iterable[Any], with_passages: bool
) -> list[Coverage]:
    items = list(items)
    share = shares(rows, field_name, [i.key for i in items])
    result = []
    for item in items:
        matching = [r for r in rows if item.key in _keys(r, field_name)]
        cov = Coverage(
            key=item.key,
            name=item.name,
            description=item.description,
            count=len(matching),
            share=share[item.key],
        )
        if with_passages and field_name == "themes":
            cov.passages = _strongest(matching, item.key, field_name)
        elif with_passages:
            cov.passages = _distinct_pages(matching)
        result.append(cov)
    return result


def _strongest(rows: list[dict[str, Any]], key: str, field_name: str) -> list[PassageRef]:
    def score(r: dict[str, Any]) -> float:
        if field_name != "themes":
            return 0.0
        return next((float(t["score"]) for t in r["themes"] if t["id"] == key), 0.0)

    best = sorted(rows, key=lambda r: -score(r))[:TOP]
    scores = {r["passage_id"]: score(r) for r in best}
    refs = passage_refs(scores, scores)
    return [refs[r["passage_id"]] for r in best if r["passage_id"] in refs]


def _distinct_pages(rows: list[dict[str, Any]]) -> list[PassageRef]:
    """One passage per page, pages in reading order: a list of page references where a group is named
    should not say "s. 1, s. 1, s. 2"."""
    refs = passage_refs(r["passage_id"] for r in rows)
    ordered = sorted(refs.values(), key=lambda p: (p.document_title, p.document_id, p.page, p.passage_id))
    first_on_page: dict[tuple[int, int], PassageRef] = {}
    for ref in ordered:
        first_on_page.setdefault((ref.document_id, ref.page), ref)
    return list(first_on_page.values())[:PAGE_LIMIT]


def conflict_findings(rows: list[dict[str, Any]], limit: int | None = 10) -> list[ConflictFinding]:
    """Passages discussing goal conflicts, by catalogue conflict or by the pair of themes in tension."""
    names = dict(Theme.objects.values_list("key", "name"))
    catalogue = {c.key: c for c in GoalConflict.objects.select_related("theme_a", "theme_b")}
    groups: dict[str, list[int]] = defaultdict(list)
    for r in rows:
        if r["conflict"]:
            pair = sorted(r["conflict_themes"])
            groups[r["conflict_key"] or ("par:" + "+".join(pair))].append(r["passage_id"])
    refs = passage_refs(pid for ids in groups.values() for pid in ids[:limit])
    findings = []
    for key, ids in groups.items():
        if key in catalogue:
            c = catalogue[key]
            head = (c.name, c.description, (c.theme_a.key, c.theme_b.key))
        else:
            a, _, b = key.removeprefix("par:").partition("+")
            head = (f"{names.get(a, a)} – {names.get(b, b)}", "", (a, b))
        found = ConflictFinding(key=key, name=head[0], description=head[1], themes=head[2])
        found.passages = [refs[i] for i in ids[:limit] if i in refs]
        findings.append(found)
    return sorted(findings, key=lambda f: -len(f.passages))


def profile_build(*, title: str, documents: list[Document], area_pages: bool = False) -> Profile:
    """`area_pages`: also the pages naming each national strategic area (the report cites them)."""
    rows = tag_rows(documents)
    groups = _coverage(rows, "groups", Group.objects.all(), with_passages=True)
    return Profile(
        title=title,
        documents=documents,
        passages=len(rows),
        themes=sorted(_coverage(rows, "themes", Theme.objects.all(), True), key=lambda c: -c.share),
        groups_named=[g for g in groups if g.count],
        groups_not_found=[g for g in groups if not g.count],
        areas=_coverage(rows, "areas", StrategicArea.objects.all(), with_passages=area_pages),
        roles=_coverage(rows, "roles", Role.objects.all(), with_passages=False),
        conflicts=conflict_findings(rows),
    )
