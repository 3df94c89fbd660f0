"""Matches between people, and organisations that write about what a person is curious about.

Each person page keeps the embeddings of its sentences (`PersonPage.vectors`), the hash of the texts they
were made from (`vectors_key`) and the lens themes of its text (`themes`). They are made in the background
(`tasks.page_vectors_task`) when a page is first matched after its text changed, so a page load never
waits for the model; matching itself is a matrix product over the pages the viewer may see.

Only pages the viewer may see (`access.visible_pages`) that are not hidden are ever matched or shown,
the viewer's own hidden page included.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from livsmiljo.analysis.models import Theme
from livsmiljo.documents.models import Document
from livsmiljo.engine import network as engine
from livsmiljo.engine.embeddings import embed_passages, embed_query
from livsmiljo.engine.text import MAX_QUERY_CHARS, MAX_QUERY_WORDS
from livsmiljo.network.access import visible_pages
from livsmiljo.network.models import PersonPage
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.workshops.models import Project

ATTRIBUTES = {
    engine.ASSIGNMENT: "assignment",
    engine.CURIOUS: "curious_about",
    engine.LEARN: "wants_to_learn",
    engine.CONTRIBUTE: "can_contribute",
}
ENQUEUE_AGAIN_AFTER = 600  # seconds: a page whose task was queued is not queued again meanwhile
THEMES_PER_PAGE = 5


def page_texts(page: PersonPage) -> dict[str, str]:
    return {f: getattr(page, attribute) or "" for f, attribute in ATTRIBUTES.items()}


def page_vectors_current(page: PersonPage) -> bool:
    return page.vectors is not None and page.vectors_key == engine.texts_key(page_texts(page))


# Computing and storing a page's vectors and themes ---------------------------------------------------


def _embed(sentences: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """Seeking sentences as e5 queries, offering sentences as e5 passages (see engine/network.py)."""
    vectors = {}
    for f, found in sentences.items():
        if not found:
            vectors[f] = np.zeros((0, engine.DIM), dtype=np.float32)
        elif f in engine.SEEKING:
            vectors[f] = np.stack([embed_query(s) for s in found])
        else:
            vectors[f] = embed_passages(found)
    return vectors


def _themes(texts: dict[str, str]) -> list[str]:
    """The lens themes of the page's fields, strongest first (the analysis's classifier, as for passages)."""
    from livsmiljo.analysis.tagging import classifier_get

    written = [t for t in texts.values() if t.strip()]
    if not written:
        return []
    classifier, _version = classifier_get()
    best: dict[str, float] = {}
    for tagging in classifier.tag(written, embed_passages(written)):
        for tag in tagging.themes:
            best[tag.id] = max(best.get(tag.id, 0.0), tag.score)
    return sorted(best, key=lambda t: (-best[t], t))[:THEMES_PER_PAGE]


def page_vectors_compute(*, page_id: int) -> PersonPage | None:
    """Embed the page's sentences and tag its themes, unless they were made from the same texts already.

    Stored with a queryset update, so the page's `updated_at` (the person's last edit) stays as it was,
    and only while the texts are still the ones embedded (an edit meanwhile queues its own task)."""
    page = PersonPage.objects.filter(pk=page_id).first()
    if page is None or page_vectors_current(page):
        return page
    texts = page_texts(page)
    key = engine.texts_key(texts)
    vectors = engine.pack_vectors(_embed(engine.field_sentences(texts)))
    themes = _themes(texts)
    unchanged = {f"{attribute}": texts[f] for f, attribute in ATTRIBUTES.items()}
    PersonPage.objects.filter(pk=page_id, **unchanged).update(vectors=vectors, vectors_key=key, themes=themes)
    page.refresh_from_db()
    return page


def page_vectors_enqueue(*, page: PersonPage) -> bool:
    """Queue the page's vectors when its texts changed since they were made; True when queued.

    The same texts are queued once per ENQUEUE_AGAIN_AFTER seconds, however often the page is viewed."""
    from livsmiljo.network.tasks import page_vectors_task

    if page_vectors_current(page):
        return False
    if not cache.add(
        f"network:vectors:{page.pk}:{engine.texts_key(page_texts(page))}", 1, ENQUEUE_AGAIN_AFTER
    ):
        return False
    page_vectors_task.enqueue(page.pk)
    return True


# People in the viewer's network, as the engine sees them ---------------------------------------------

_people_cache: dict[tuple[int, str, tuple[str, ...]], engine.Person] = {}
_cache_lock = threading.Lock()
MAX_CACHED = 5000


def _as_person(page: PersonPage) -> engine.Person:
    """The engine's view of a page with current vectors, kept per (page, texts, themes) in this process."""
    key = (page.pk, page.vectors_key, tuple(page.themes or ()))
    with _cache_lock:
        found = _people_cache.get(key)
    if found is not None:
        return found
    person = engine.Person(
        id=page.user_id,
        organisation_id=page.user.organisation_id,
        sentences=engine.field_sentences(page_texts(page)),
        vectors=engine.unpack_vectors(page.vectors),
        themes=tuple(page.themes or ()),
    )
    with _cache_lock:
        if len(_people_cache) >= MAX_CACHED:
            _people_cache.clear()
        _people_cache[key] = person
    return person


@dataclass
class Network:
    """The pages the viewer may see, not hidden, split into those ready to match and those being made."""

    pages: dict[int, PersonPage]  # by user id; ready only
    people: dict[int, engine.Person]  # by user id
    pending: int  # pages whose vectors are still being made


def _matchable(viewer: User | None) -> QuerySet[PersonPage]:
    return visible_pages(viewer).filter(hidden=False).select_related("user__organisation")


def network_load(*, viewer: User | None, pages: Iterable[PersonPage] | None = None) -> Network:
    """Ready pages (those the viewer may see, or `pages`) as engine people; stale ones are queued (and
    counted as pending)."""
    ready: dict[int, PersonPage] = {}
    pending = 0
    for page in _matchable(viewer) if pages is None else pages:
        if page_vectors_current(page):
            ready[page.user_id] = page
            continue
        if not any(page_texts(page).values()):
            continue  # nothing written: nothing to match
        if page_vectors_enqueue(page=page):
            page = PersonPage.objects.select_related("user__organisation").get(pk=page.pk)
        if page_vectors_current(page):  # made at once (tasks run immediately in tests and scripts)
            ready[page.user_id] = page
        else:
            pending += 1
    return Network(ready, {uid: _as_person(p) for uid, p in ready.items()}, pending)


# Matches in words ------------------------------------------------------------------------------------


def display_name(user: User) -> str:
    return user.get_full_name() or user.username


def theme_names() -> dict[str, str]:
    return dict(Theme.objects.values_list("key", "name"))


@dataclass(frozen=True)
class Reason:
    """One overlap in words: who seeks what, who offers it, and the sentence of each."""

    text: str
    seeking: str
    offering: str


@dataclass(frozen=True)
class PersonMatch:
    user: User
    same_organisation: bool
    reasons: list[Reason]
    themes: list[str]  # names of the shared lens themes

    @property
    def why(self) -> str:
        """The whole reason as one line (the network table, tests)."""
        parts = [f"{r.text}: ”{r.seeking}” – ”{r.offering}”" for r in self.reasons]
        if self.themes:
            parts.append(_("Båda skriver om %(themes)s") % {"themes": ", ".join(self.themes)})
        return "; ".join(parts)


def _phrase(seeking_field: str, offering_field: str) -> str:
    phrases = {
        (engine.CURIOUS, engine.CONTRIBUTE): _("%(seeker)s är nyfiken på det som %(offerer)s vill bidra med"),
        (engine.CURIOUS, engine.ASSIGNMENT): _("%(seeker)s är nyfiken på det som %(offerer)s arbetar med"),
        (engine.LEARN, engine.CONTRIBUTE): _(
            "%(seeker)s vill lära sig mer om det som %(offerer)s vill bidra med"
        ),
        (engine.LEARN, engine.ASSIGNMENT): _(
            "%(seeker)s vill lära sig mer om det som %(offerer)s arbetar med"
        ),
    }
    return phrases[(seeking_field, offering_field)]


def reasons_in_words(overlaps: Sequence[engine.Overlap], names: dict[int, str]) -> list[Reason]:
    return [
        Reason(
            _phrase(o.seeking_field, o.offering_field)
            % {"seeker": names[o.seeker_id], "offerer": names[o.offerer_id]},
            o.seeking_sentence,
            o.offering_sentence,
        )
        for o in overlaps
    ]


def _in_words(match: engine.Match, network: Network, person_id: int, themes: dict[str, str]) -> PersonMatch:
    names = {uid: display_name(network.pages[uid].user) for uid in (person_id, match.person_id)}
    return PersonMatch(
        user=network.pages[match.person_id].user,
        same_organisation=match.same_organisation,
        reasons=reasons_in_words(match.overlaps, names),
        themes=[themes.get(t, t) for t in match.shared_themes],
    )


@dataclass
class Matches:
    matches: list[PersonMatch]
    pending: int  # pages (perhaps the person's own) still being prepared
    ready: bool  # the person's own page is ready to match (has text, not hidden, vectors made)


def person_matches(*, viewer: User, person: User, among: Organisation | None = None) -> Matches:
    """Whom `person` should talk to: people both the viewer and the person may see (a facilitator sees
    everyone, but suggests to a member only people of the member's own learning projects); of `among`
    only, if given."""
    network = network_load(viewer=viewer)
    me = network.people.get(person.pk)
    if me is None:
        return Matches([], network.pending, False)
    theirs = None if person.pk == viewer.pk else set(_matchable(person).values_list("user_id", flat=True))
    others = [
        p
        for uid, p in network.people.items()
        if uid != person.pk
        and (theirs is None or uid in theirs)
        and (among is None or p.organisation_id == among.pk)
    ]
    themes = theme_names()
    found = engine.matches_for(me, others)
    return Matches([_in_words(m, network, person.pk, themes) for m in found], network.pending, True)


# Organisations that write about what a person is curious about --------------------------------------


@dataclass(frozen=True)
class OrganisationMatch:
    organisation_id: int
    organisation: str
    hits: tuple[engine.Hit, ...]


def curiosity_query(page: PersonPage | None) -> str:
    """The person's curiosities and wishes to learn as one search query, within the search's limits."""
    if page is None or page.hidden:
        return ""
    words = f"{page.curious_about} {page.wants_to_learn}".split()
    return " ".join(words[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARS]


def _relevant(hit: object) -> bool:
    """A hit that shares words with the curiosity and that the ranking did not judge weak."""
    why = getattr(hit, "why", {})
    return bool(why.get("matched_terms")) and why.get("strong") is not False


def organisation_matches(
    *, viewer: User, page: PersonPage | None, organisation: Organisation | None = None, limit: int = 3
) -> list[OrganisationMatch]:
    """Organisations whose adopted documents (that the viewer may read) write about the page's curiosities,
    best first, each with its best 2–3 passages; the person's own organisation is left out unless asked
    for by `organisation`."""
    from livsmiljo.search.services import passages_search

    query = curiosity_query(page)
    if not query or page is None:
        return []
    hits = [
        h
        for h in passages_search(query=query, user=viewer, limit=40, organisation=organisation).hits
        if _relevant(h)
    ]
    documents = Document.objects.filter(pk__in={h.document_id for h in hits}).adopted()
    owners = dict(documents.values_list("pk", "organisation_id"))
    plain = [
        engine.Hit(
            owners[h.document_id],
            h.organisation,
            h.document_id,
            h.document_title,
            h.page,
            h.heading,
            h.text,
            h.score,
            h.passage_id,
        )
        for h in hits
        if h.document_id in owners
    ]
    exclude = None if organisation is not None else page.user.organisation_id
    return [
        OrganisationMatch(m.organisation_id, m.organisation, m.hits)
        for m in engine.organisation_matches(plain, exclude=exclude, limit=limit, per_organisation=3)
    ]


# The network view ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MapNode:
    user: User
    name: str
    place: engine.Placed
    connected: bool


@dataclass(frozen=True)
class MapGroup:
    name: str
    heading: engine.Placed
    nodes: list[MapNode]


@dataclass(frozen=True)
class MapEdge:
    a: MapNode
    b: MapNode
    why: str
    path: str  # the arc, in SVG path syntax


@dataclass
class NetworkMap:
    groups: list[MapGroup]
    edges: list[MapEdge]
    pending: int
    width: int = 0
    height: int = 0


def _projects_by_organisation() -> dict[int | None, set[int]]:
    """The learning projects each organisation takes part in: people connect only within a project."""
    found: dict[int | None, set[int]] = {}
    for org_id, project_id in Project.participants.through.objects.values_list(
        "organisation_id", "project_id"
    ):
        found.setdefault(org_id, set()).add(project_id)
    return found


def network_map(*, viewer: User, theme: str = "") -> NetworkMap:
    """Everyone the viewer may see, grouped by organisation, joined by their suggestions ("Ni borde
    prata"); with `theme`, only the connections that share that lens theme and the people who have it."""
    network = network_load(viewer=viewer)
    names = theme_names()
    projects = _projects_by_organisation()

    def can_meet(a: engine.Person, b: engine.Person) -> bool:
        return bool(projects.get(a.organisation_id, set()) & projects.get(b.organisation_id, set()))

    matches = engine.all_matches(list(network.people.values()), can_meet=can_meet)
    edges = engine.connections(matches, theme=theme)
    linked = {c.a for c in edges} | {c.b for c in edges}
    shown = [
        uid for uid, person in network.people.items() if not theme or uid in linked or theme in person.themes
    ]
    by_org: dict[str, list[int]] = {}
    for uid in sorted(shown, key=lambda u: display_name(network.pages[u].user).casefold()):
        organisation = network.pages[uid].user.organisation
        by_org.setdefault(organisation.name if organisation else _("Utan organisation"), []).append(uid)
    order = sorted(by_org)
    layout = engine.arc_layout([by_org[o] for o in order])
    nodes = {
        uid: MapNode(
            network.pages[uid].user, display_name(network.pages[uid].user), layout.members[uid], uid in linked
        )
        for uid in shown
    }
    groups = [
        MapGroup(o, h, [nodes[u] for u in by_org[o]]) for o, h in zip(order, layout.headings, strict=True)
    ]
    map_edges = []
    for c in edges:
        words = {c.a: nodes[c.a].name, c.b: nodes[c.b].name}
        reasons = reasons_in_words(c.overlaps, words)
        match = PersonMatch(nodes[c.b].user, False, reasons, [names.get(t, t) for t in c.shared_themes])
        path = engine.arc_path(nodes[c.a].place, nodes[c.b].place)
        map_edges.append(MapEdge(nodes[c.a], nodes[c.b], match.why, path))
    return NetworkMap(groups, map_edges, network.pending, layout.width, layout.height)


# Groups in a meeting ---------------------------------------------------------------------------------


def participant_people(*, user_of: dict[int, int]) -> dict[int, engine.Person]:
    """The person pages of a meeting's signed-in participants, keyed by participant id, for grouping by
    curiosity. Hidden pages and pages without current vectors are left out (those are queued, and their
    people are dealt in by organisation this time)."""
    pages = PersonPage.objects.filter(user_id__in=set(user_of.values()), hidden=False).select_related(
        "user__organisation"
    )
    ready = network_load(viewer=None, pages=pages).pages
    return {pid: replace(_as_person(ready[uid]), id=pid) for pid, uid in user_of.items() if uid in ready}
