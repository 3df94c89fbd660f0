"""Reviewing a draft strategy against the framework and the other organisations' strategies: plain rules.

Two parts, both simple enough to explain on the page ("Så här har vi bedömt"):

- `goal_check`: is a sentence a goal, and does it name a measurable target and an owner? A goal sentence
  contains "ska", "skall", "vill", a form of "mål" or "ambition". A target is measurable when the sentence
  has a number (a figure, a per cent, a year), "öka med"/"minska med", "halvera"/"fördubbla" or "senast".
  An owner is a named actor: "regionen", "kommunen"/"kommunerna", "Region X", an organisation's name, or
  the word "ansvarig"/"ansvarar". "Vi" and "alla" do not count: they name nobody in particular.
- `coverage_compare`: the draft's share of passages per theme (group, area, role) against the median share
  of the other organisations, with a status a reader can check by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

GOAL_WORDS = frozenset({"ska", "skall", "vill"})
GOAL_FORMS = ("mål", "målet", "målen", "målsättning", "målsättningen", "målsättningar")
GOAL_PREFIXES = ("ambition",)
# Words that begin with "mål" but state no goal.
NOT_GOALS = ("målgrupp", "målkonflikt", "målbild")

_NUMBER = re.compile(r"\d")
_CHANGE_BY = re.compile(r"\b(?:öka|ökar|ökas|minska|minskar|minskas|sänka|sänks|höja|höjs)\s+med\b")
_TARGET_WORDS = re.compile(r"\b(?:procent|senast|halvera\w*|fördubbla\w*)\b")
_OWNER_WORDS = re.compile(
    r"\b(?:regionen|regionens|kommunen|kommunerna|kommunernas|länsstyrelsen|ansvarig\w*|ansvarar|"
    r"ansvaret|huvudman\w*)\b"
)
_NAMED_REGION = re.compile(r"\bRegion\s+[A-ZÅÄÖ]\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"\w+")

# Shares below this part of the peers' median count as weaker, above 1 / this part as stronger.
WEAKER = 0.5


@dataclass(frozen=True)
class GoalCheck:
    """One sentence judged by the rule; `goal_word`, `target` and `owner` are the words that decided."""

    sentence: str
    goal_word: str = ""
    target: str = ""
    owner: str = ""

    @property
    def is_goal(self) -> bool:
        return bool(self.goal_word)

    @property
    def lacks_target(self) -> bool:
        return self.is_goal and not self.target

    @property
    def lacks_owner(self) -> bool:
        return self.is_goal and not self.owner


@dataclass(frozen=True)
class GoalGap:
    """A goal sentence of a passage that lacks a measurable target, an owner or both."""

    passage_id: int
    check: GoalCheck


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if len(s.strip().split()) >= 3]


def _goal_word(sentence: str) -> str:
    """ "ska", "vill", "målet", "delmål", "ambitionen": yes; "målgrupp", "målkonflikt": no."""
    for word in _WORD.findall(sentence.lower()):
        if word in GOAL_WORDS or word in GOAL_FORMS:
            return word
        if word.startswith(NOT_GOALS):
            continue
        if word.startswith(GOAL_PREFIXES) or word.endswith(GOAL_FORMS):
            return word
    return ""


def _target(sentence: str) -> str:
    lower = sentence.lower()
    for pattern in (_CHANGE_BY, _TARGET_WORDS):
        if found := pattern.search(lower):
            return found.group(0)
    if "%" in sentence:
        return "%"
    if found := re.search(r"\S*\d\S*", sentence):
        return found.group(0).strip(".,;:()")
    return ""


def _owner(sentence: str, actors: Sequence[str]) -> str:
    if found := _OWNER_WORDS.search(sentence.lower()):
        return found.group(0)
    if found := _NAMED_REGION.search(sentence):
        return found.group(0)
    # Whole words only: "SKR" is an organisation, the "skr" inside "arbetskraft" is not.
    return next((a for a in actors if a and re.search(rf"\b{re.escape(a)}\b", sentence, re.IGNORECASE)), "")


def goal_check(sentence: str, actors: Sequence[str] = ()) -> GoalCheck:
    """Judge one sentence; `actors` are organisation names that count as owners."""
    goal = _goal_word(sentence)
    if not goal:
        return GoalCheck(sentence=sentence)
    return GoalCheck(
        sentence=sentence, goal_word=goal, target=_target(sentence), owner=_owner(sentence, actors)
    )


def goals_lacking(
    passages: Iterable[tuple[int, str]], actors: Sequence[str] = ()
) -> tuple[list[GoalGap], int]:
    """The goal sentences without a measurable target or an owner, and how many goal sentences there were."""
    gaps: list[GoalGap] = []
    goals = 0
    for passage_id, text in passages:
        for sentence in sentences(text):
            check = goal_check(sentence, actors)
            goals += check.is_goal
            if check.lacks_target or check.lacks_owner:
                gaps.append(GoalGap(passage_id=passage_id, check=check))
    return gaps, goals


@dataclass(frozen=True)
class CoverageRow:
    """The draft's share of passages with a key against the other organisations' (each organisation's share
    is the mean over its documents). `status`: "missing" (no passage, while peers write about it),
    "weaker" (under half the peers' median), "stronger" (over twice the median, or the median is 0),
    "level", "only" (no peer writes about it) or "none" (no one does)."""

    key: str
    draft_share: float
    draft_count: int
    peer_median: float
    peers_with: int
    peers_total: int

    @property
    def status(self) -> str:
        if not self.draft_count:
            return "missing" if self.peers_with else "none"
        if not self.peer_median:
            return "stronger" if self.peers_with else "only"
        if self.draft_share < WEAKER * self.peer_median:
            return "weaker"
        if self.peer_median and self.draft_share > self.peer_median / WEAKER:
            return "stronger"
        return "level"


def coverage_compare(
    keys: Sequence[str], draft: dict[str, tuple[int, float]], peers: Sequence[dict[str, float]]
) -> list[CoverageRow]:
    """`draft`: key -> (passages, share); `peers`: one dict of shares per other organisation."""
    rows = []
    for key in keys:
        values = [p.get(key, 0.0) for p in peers]
        count, share = draft.get(key, (0, 0.0))
        rows.append(
            CoverageRow(
                key=key,
                draft_share=share,
                draft_count=count,
                peer_median=median(values) if values else 0.0,
                peers_with=sum(1 for v in values if v > 0),
                peers_total=len(values),
            )
        )
    return rows
