"""Evidence for one pair of goals: the library passages where both goals meet (issue 11, item 5).

Each goal is searched on its own (name and description) with the site's hybrid search, as the user of the
request, so visibility is exactly the search page's: a private passage of another organisation never
appears. A passage counts when both searches find it; it is ranked by the weaker of its two relevances
(each score relative to the best hit of that search), so a passage about one goal alone does not rank high;
a hit counts for a goal only when it has the goal's words or a close meaning (`about_goal`).
Passages the lens tags as a goal conflict come first, marked. A suggested score is only a suggestion with
its reason: a person always sets the score, nothing here is saved.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from livsmiljo.analysis.models import PassageTag
from livsmiljo.engine.text import MAX_QUERY_CHARS
from livsmiljo.matrix.models import Goal
from livsmiljo.organisations.models import User
from livsmiljo.search.services import SearchHit, search_passages

POOL = 60  # hits per goal searched before intersecting
SHOWN = 8
# A hit is about a goal when it contains one of the goal's words, or, without them, when its meaning is this
# close. In the test library of test_evidence.py unrelated passages scored 0.79–0.82 and passages on the
# subject 0.83–0.90, so a meaning-only match is kept conservatively from 0.84.
SEMANTIC_ENOUGH = 0.84


@dataclass(frozen=True)
class EvidencePassage:
    hit: SearchHit
    relevance: float  # the weaker of the two goals' relative scores, 0..1
    conflict: bool


@dataclass(frozen=True)
class Suggestion:
    value: int
    reason: str


@dataclass(frozen=True)
class PairEvidence:
    passages: list[EvidencePassage]  # conflict passages first, then by relevance; at most SHOWN
    found: int  # passages relevant to both goals
    organisations: int  # organisations whose documents touch both goals
    conflicts: int  # of the passages found, how many the lens tags as a goal conflict
    suggestion: Suggestion | None


def goal_query(goal: Goal) -> str:
    """What is searched for a goal: its name, then its description, within the search's length limit."""
    text = f"{goal.name}. {goal.description}".strip(" .") if goal.description else goal.name
    return text[:MAX_QUERY_CHARS].strip()


def _relative(hits: list[SearchHit]) -> dict[int, float]:
    """Each hit's score relative to the best and worst of its list (1 for the best), so two searches with
    differently spread scores can be compared."""
    if not hits:
        return {}
    top, bottom = hits[0].score, hits[-1].score
    span = top - bottom
    return {h.passage_id: 1.0 if span <= 0 else 0.05 + 0.95 * (h.score - bottom) / span for h in hits}


def about_goal(hit: SearchHit) -> bool:
    """The search ranks every passage; evidence needs the goal itself in it, by its words or its meaning."""
    similarity = hit.why.get("semantic_similarity")
    return bool(hit.why.get("matched_terms")) or (similarity is not None and similarity >= SEMANTIC_ENOUGH)


def both_goals(hits_a: list[SearchHit], hits_b: list[SearchHit]) -> list[tuple[SearchHit, float]]:
    """The passages found for both goals, by the weaker of their two relative scores, best first."""
    a, b = _relative(hits_a), _relative(hits_b)
    by_id = {h.passage_id: h for h in hits_a}
    shared = [(by_id[pid], min(a[pid], b[pid])) for pid in a if pid in b]
    shared.sort(key=lambda item: (-item[1], item[0].passage_id))
    return shared


def suggest(found: int, conflicts: int) -> Suggestion | None:
    """A cautious suggestion from what the library says; None when it says nothing about the pair."""
    if conflicts:
        return Suggestion(
            -1,
            _(
                "%(n)d stycken i biblioteket lyfter en målkonflikt där båda målen berörs. Det talar för en "
                "negativ bedömning – läs styckena och avgör hur stark den är."
            )
            % {"n": conflicts},
        )
    if found >= 2:
        return Suggestion(
            1,
            _(
                "%(n)d stycken tar upp båda målen utan att lyfta någon målkonflikt. Det talar för att "
                "målen kan stödja varandra – läs styckena och avgör om det stämmer."
            )
            % {"n": found},
        )
    return None


def pair_evidence(*, source: Goal, target: Goal, user: User, shown: int = SHOWN) -> PairEvidence:
    """The passages where both goals meet, as `user` may read them (never search with user=None here)."""
    hits_a = [h for h in search_passages(query=goal_query(source), user=user, limit=POOL) if about_goal(h)]
    hits_b = [h for h in search_passages(query=goal_query(target), user=user, limit=POOL) if about_goal(h)]
    shared = both_goals(hits_a, hits_b)
    conflict_ids = set(
        PassageTag.objects.filter(
            passage_id__in=[h.passage_id for h, _r in shared], conflict=True
        ).values_list("passage_id", flat=True)
    )
    passages = [EvidencePassage(h, round(r, 3), h.passage_id in conflict_ids) for h, r in shared]
    passages.sort(key=lambda p: not p.conflict)  # stable: relevance order kept within each group
    return PairEvidence(
        passages=passages[:shown],
        found=len(passages),
        organisations=len({p.hit.organisation for p in passages}),
        conflicts=len(conflict_ids),
        suggestion=suggest(len(passages), len(conflict_ids)),
    )
