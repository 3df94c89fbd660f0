"""Who should talk to whom: people whose curiosities meet others' contributions and assignments.

Each person has four texts (fields): current assignment, curious about, wants to learn, can contribute.
Every sentence of a field is embedded: the seeking fields (curious, learn) as e5 queries, the offering
fields (contribute, assignment) as e5 passages, so that "A is curious about X" is compared with "B works
on X" the way a search compares a question with a passage. A pair (A, B) is scored in both directions (A
seeks what B offers, B seeks what A offers); the best sentence pair of each direction is the reason.

- A match is claimed only when the best sentence pair reaches `THRESHOLD` (shared lens themes add a
  small bonus, at most `THEME_BONUS * MAX_THEME_BONUS_COUNT`, so themes alone never make a match).
  Measured with multilingual-e5-small on Swedish sentences: a question and a passage on the same subject
  score 0.87–0.90, on different subjects 0.77–0.84.
- Mixing organisations is preferred in two ways: a colleague from one's own organisation is ranked as if
  their score were `SAME_ORG_PENALTY` lower, and at most `MAX_SAME_ORG` of the suggestions are colleagues.

Plain Python: strings and vectors in, dataclasses out; the words shown to people are made by the caller.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from livsmiljo.engine.summarise import split_sentences

DIM = 384
ASSIGNMENT, CURIOUS, LEARN, CONTRIBUTE = "uppdrag", "nyfiken", "lara", "bidra"
FIELDS = (ASSIGNMENT, CURIOUS, LEARN, CONTRIBUTE)
SEEKING = (CURIOUS, LEARN)  # embedded as queries
OFFERING = (CONTRIBUTE, ASSIGNMENT)  # embedded as passages
THRESHOLD = 0.855
THEME_BONUS = 0.005
MAX_THEME_BONUS_COUNT = 3
SAME_ORG_PENALTY = 0.02
MAX_SAME_ORG = 2
LIMIT = 5
MAX_SENTENCES = 20  # per field: a page is a short self-description, not a document
METHOD = 1  # raised when the sentence split or the prefixes change: stored vectors are then made again


@dataclass(frozen=True)
class Person:
    id: int
    organisation_id: int | None
    sentences: Mapping[str, Sequence[str]]
    vectors: Mapping[str, np.ndarray]  # field -> (len(sentences[field]), DIM); row i embeds sentence i
    themes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overlap:
    """One sentence of the seeker's seeking field meets one sentence of the other's offering field."""

    seeker_id: int
    seeking_field: str
    seeking_sentence: str
    offerer_id: int
    offering_field: str
    offering_sentence: str
    similarity: float


@dataclass(frozen=True)
class Match:
    person_id: int  # the person suggested
    same_organisation: bool
    overlaps: tuple[Overlap, ...]  # best first; never empty
    shared_themes: tuple[str, ...]
    score: float  # orders suggestions; never shown as a number


@dataclass(frozen=True)
class Connection:
    """An undirected edge of the network: a and b (a < b) and why."""

    a: int
    b: int
    overlaps: tuple[Overlap, ...]
    shared_themes: tuple[str, ...]


# Sentences and stored vectors -----------------------------------------------------------------------


def field_sentences(texts: Mapping[str, str]) -> dict[str, list[str]]:
    """Each field's sentences (a line break ends a sentence too: saved answers are lines)."""
    return {f: split_sentences(texts.get(f) or "")[:MAX_SENTENCES] for f in FIELDS}


def texts_key(texts: Mapping[str, str]) -> str:
    """A hash of the texts (and of the method): stored vectors made from other texts are out of date."""
    payload = json.dumps([METHOD, [texts.get(f) or "" for f in FIELDS]], ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def pack_vectors(vectors: Mapping[str, np.ndarray]) -> bytes:
    """Four row counts (uint32, in FIELDS order), then the float32 rows of each field in that order."""
    arrays = [
        np.asarray(vectors.get(f, np.zeros((0, DIM))), dtype=np.float32).reshape(-1, DIM) for f in FIELDS
    ]
    header = np.array([len(a) for a in arrays], dtype=np.uint32).tobytes()
    return header + b"".join(a.tobytes() for a in arrays)


def unpack_vectors(data: bytes | memoryview | None) -> dict[str, np.ndarray]:
    raw = bytes(data or b"")
    if len(raw) < 4 * len(FIELDS):
        return {f: np.zeros((0, DIM), dtype=np.float32) for f in FIELDS}
    counts = np.frombuffer(raw[: 4 * len(FIELDS)], dtype=np.uint32)
    flat = np.frombuffer(raw[4 * len(FIELDS) :], dtype=np.float32)
    found, start = {}, 0
    for f, count in zip(FIELDS, counts, strict=True):
        end = start + int(count) * DIM
        found[f] = flat[start:end].reshape(int(count), DIM)
        start = end
    return found


# Matching -------------------------------------------------------------------------------------------


@dataclass
class _Stack:
    """All people's sentences of some fields in one matrix, each person's rows contiguous."""

    vectors: np.ndarray
    fields: list[str]
    sentences: list[str]
    spans: dict[int, tuple[int, int]] = field(default_factory=dict)


def _stack(people: Sequence[Person], fields: Sequence[str]) -> _Stack:
    rows: list[np.ndarray] = []
    stack = _Stack(np.zeros((0, DIM), dtype=np.float32), [], [])
    for person in people:
        start = len(stack.sentences)
        for f in fields:
            vectors = np.asarray(person.vectors.get(f, np.zeros((0, DIM))), dtype=np.float32).reshape(-1, DIM)
            sentences = list(person.sentences.get(f, ()))[: len(vectors)]
            rows.append(vectors[: len(sentences)])
            stack.fields += [f] * len(sentences)
            stack.sentences += sentences
        stack.spans[person.id] = (start, len(stack.sentences))
    if rows:
        stack.vectors = np.concatenate(rows)
    return stack


class Similarities:
    """Every seeking sentence against every offering sentence, computed once for a set of people."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.people = {p.id: p for p in people}
        self.seeking = _stack(people, SEEKING)
        self.offering = _stack(people, OFFERING)
        self.matrix = self.seeking.vectors @ self.offering.vectors.T

    def overlaps(self, seeker: int, offerer: int, *, floor: float) -> list[Overlap]:
        """The best sentence pair per (seeking field, offering field) at or above `floor`, best first."""
        r0, r1 = self.seeking.spans.get(seeker, (0, 0))
        c0, c1 = self.offering.spans.get(offerer, (0, 0))
        if r0 == r1 or c0 == c1:
            return []
        block = self.matrix[r0:r1, c0:c1]
        best: dict[tuple[str, str], Overlap] = {}
        for i, j in zip(*np.nonzero(block >= floor), strict=True):
            row, col = r0 + int(i), c0 + int(j)
            key = (self.seeking.fields[row], self.offering.fields[col])
            similarity = float(block[i, j])
            if key not in best or similarity > best[key].similarity:
                best[key] = Overlap(
                    seeker,
                    key[0],
                    self.seeking.sentences[row],
                    offerer,
                    key[1],
                    self.offering.sentences[col],
                    similarity,
                )
        return sorted(best.values(), key=lambda o: (-o.similarity, o.seeking_field, o.offering_field))

    def strength(self, a: int, b: int) -> float:
        """The best similarity in either direction (a seeks what b offers, or b seeks what a offers)."""
        best = -1.0
        for seeker, offerer in ((a, b), (b, a)):
            r0, r1 = self.seeking.spans.get(seeker, (0, 0))
            c0, c1 = self.offering.spans.get(offerer, (0, 0))
            if r0 < r1 and c0 < c1:
                best = max(best, float(self.matrix[r0:r1, c0:c1].max()))
        return best


def shared_themes(a: Person, b: Person) -> tuple[str, ...]:
    """The lens themes both pages have, in a's order."""
    theirs = set(b.themes)
    return tuple(t for t in a.themes if t in theirs)


def _pair(sims: Similarities, a: Person, b: Person, threshold: float) -> Match | None:
    themes = shared_themes(a, b)
    bonus = THEME_BONUS * min(len(themes), MAX_THEME_BONUS_COUNT)
    floor = threshold - bonus
    overlaps = sims.overlaps(a.id, b.id, floor=floor) + sims.overlaps(b.id, a.id, floor=floor)
    if not overlaps:
        return None
    overlaps.sort(key=lambda o: -o.similarity)
    both_ways = len({o.seeker_id for o in overlaps}) == 2
    score = overlaps[0].similarity + bonus + (THEME_BONUS if both_ways else 0.0)
    same = a.organisation_id is not None and a.organisation_id == b.organisation_id
    return Match(b.id, same, tuple(overlaps[:3]), themes, round(score, 4))


def _choose(candidates: list[Match], limit: int) -> list[Match]:
    """Best first, a colleague ranked as if SAME_ORG_PENALTY lower, and at most MAX_SAME_ORG colleagues."""
    ranked = sorted(
        candidates, key=lambda m: (-(m.score - SAME_ORG_PENALTY * m.same_organisation), m.person_id)
    )
    chosen: list[Match] = []
    colleagues = 0
    for match in ranked:
        if match.same_organisation and colleagues >= MAX_SAME_ORG:
            continue
        colleagues += match.same_organisation
        chosen.append(match)
        if len(chosen) == limit:
            break
    return chosen


def matches_for(
    person: Person,
    others: Iterable[Person],
    *,
    limit: int = LIMIT,
    threshold: float = THRESHOLD,
    sims: Similarities | None = None,
) -> list[Match]:
    """The few people (at most `limit`) `person` should talk to, best first, each with its overlaps."""
    others = [o for o in others if o.id != person.id]
    sims = sims or Similarities([person, *others])
    candidates = [m for o in others if (m := _pair(sims, person, o, threshold)) is not None]
    return _choose(candidates, limit)


def all_matches(
    people: Sequence[Person],
    *,
    limit: int = LIMIT,
    threshold: float = THRESHOLD,
    can_meet: Callable[[Person, Person], bool] | None = None,
) -> dict[int, list[Match]]:
    """`matches_for` for everyone at once (one matrix product for the whole set); `can_meet` leaves out
    pairs who may not see each other (people of two different learning projects)."""
    sims = Similarities(people)
    return {
        p.id: matches_for(
            p,
            [o for o in people if can_meet is None or can_meet(p, o)],
            limit=limit,
            threshold=threshold,
            sims=sims,
        )
        for p in people
    }


def connections(matches: Mapping[int, Sequence[Match]], *, theme: str = "") -> list[Connection]:
    """The undirected edges of everyone's suggestions, merged; with `theme`, only edges sharing it."""
    edges: dict[tuple[int, int], Connection] = {}
    for person_id, found in matches.items():
        for match in found:
            a, b = sorted((person_id, match.person_id))
            if (a, b) in edges or (theme and theme not in match.shared_themes):
                continue
            edges[(a, b)] = Connection(a, b, match.overlaps, tuple(sorted(match.shared_themes)))
    return sorted(edges.values(), key=lambda c: (c.a, c.b))


# Organisations that write about what a person is curious about --------------------------------------


@dataclass(frozen=True)
class Hit:
    """A search hit, as the caller's search returns it."""

    organisation_id: int
    organisation: str
    document_id: int
    document_title: str
    page: int
    heading: str
    text: str
    score: float
    passage_id: int = 0


@dataclass(frozen=True)
class OrganisationMatch:
    organisation_id: int
    organisation: str
    hits: tuple[Hit, ...]  # 1 to `per_organisation` passages, best first


def organisation_matches(
    hits: Sequence[Hit], *, exclude: int | None = None, limit: int = 3, per_organisation: int = 3
) -> list[OrganisationMatch]:
    """Group search hits (best first) by organisation, leaving out `exclude` (the person's own)."""
    grouped: dict[int, list[Hit]] = {}
    for hit in hits:
        if hit.organisation_id == exclude:
            continue
        found = grouped.setdefault(hit.organisation_id, [])
        if len(found) < per_organisation:
            found.append(hit)
    ordered = sorted(grouped.values(), key=lambda g: -g[0].score)[:limit]
    return [OrganisationMatch(g[0].organisation_id, g[0].organisation, tuple(g)) for g in ordered]


# Drawing the network ---------------------------------------------------------------------------------
#
# An arc diagram: one row per person, the rows grouped under their organisation's name, each connection
# an arc to the right of the dots. Labels never overlap however many people there are (a circle of 50
# labelled dots does), and the figure grows by one row per person.

ROW = 30  # height of a person's row, in the figure's units
HEADER = 40  # an organisation's heading row
LABEL_COLUMN = 330  # names stand left of the dots
MAX_BULGE = 260  # how far right an arc may reach


@dataclass(frozen=True)
class Placed:
    """Where a dot (or an organisation's heading) goes, and where its label starts."""

    x: float
    y: float
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Layout:
    members: dict[int, Placed]
    headings: list[Placed]
    width: int
    height: int


def arc_layout(groups: Sequence[Sequence[int]]) -> Layout:
    """Rows for the members of each group (organisation), in the order given, under the group's heading."""
    members: dict[int, Placed] = {}
    headings: list[Placed] = []
    y = 0.0
    for group in groups:
        y += HEADER
        headings.append(Placed(0, y, 0, y))
        for pid in group:
            y += ROW
            members[pid] = Placed(LABEL_COLUMN, y, LABEL_COLUMN - 16, y + 7)
    return Layout(members, headings, LABEL_COLUMN + MAX_BULGE + 20, int(y + ROW))


def arc_path(a: Placed, b: Placed) -> str:
    """An SVG path from one dot to another: a half ellipse bulging right, wider for rows further apart."""
    top, bottom = (a, b) if a.y <= b.y else (b, a)
    ry = (bottom.y - top.y) / 2
    rx = min(max(ry, 12.0), MAX_BULGE)
    return f"M {top.x:.1f} {top.y:.1f} A {rx:.1f} {ry:.1f} 0 0 1 {bottom.x:.1f} {bottom.y:.1f}"
