"""Where a matrix's goals come from: goal-like passages of a regional development strategy (RUS), and
predefined sets (Agenda 2030, the national strategy's four areas, the framework's themes)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MAX_CANDIDATES = 40
MAX_SHORT = 60
MAX_DESCRIPTION = 400
MAX_SENTENCE = 240  # longer "ska" sentences are prose, not goals

# Codes, strongest signal first; the Django side translates them.
REASONS = {
    "numbered_goal": "numrerat mål",
    "goal_label": "”Mål:” i texten",
    "strategic_area": "strategiskt område",
    "action_area": "insatsområde",
    "priority": "prioritering",
    "numbered_heading": "numrerad rubrik",
    "goal_sentence": "”Målet är …”",
    "aim_sentence": "mening med ”ska”",
}
_RANK = {code: k for k, code in enumerate(REASONS)}

_NUMBERED_GOAL = re.compile(r"^(?:delmål|mål)\s*\d+(?:\.\d+)*\s*[:.–—-]?\s*(?P<rest>.+)$", re.I)
_GOAL_LABEL = re.compile(r"^(?:övergripande\s+)?mål(?:et)?\s*[:–—]\s*(?P<rest>.+)$", re.I)
_AREA = re.compile(
    r"^(?P<kind>strategiskt?\s+områden?|insatsområden?|prioriterade?\s+områden?|prioritering(?:ar)?)"
    r"(?:\s*\d+(?:\.\d+)*)?\s*[:.–—-]\s*(?P<rest>.+)$",
    re.I,
)
_NUMBERED_HEADING = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,2}\.?\)?\s+(?P<rest>[A-ZÅÄÖ].+)$")
_GOAL_SENTENCE = re.compile(r"^(?:det\s+övergripande\s+)?målet\s+är\s+(?:att\s+)?(?P<rest>.+)$", re.I)
_AIM = re.compile(
    r"\bska\s+(?:vara|bli|ha|öka|minska|stärka|utveckla|erbjuda|främja|ge|nå|halveras|fördubblas|"
    r"uppnå|säkra|förbättra|bidra|präglas|kännetecknas)\b|\b(?:år\s+)?20[2-5]\d\b.*\bska\b|\bska\b.*\b20[2-5]\d\b",
    re.I,
)
_GENERIC = {
    "inledning", "bakgrund", "syfte", "sammanfattning", "förord", "innehåll", "innehållsförteckning",
    "uppföljning", "genomförande", "bilaga", "bilagor", "referenser", "källor", "läsanvisning", "metod",
    "process", "analys", "nuläge", "omvärld", "omvärldsanalys", "ordlista", "om strategin", "vision",
    "uppföljning och utvärdering", "organisation", "ansvar", "tidplan",
}  # fmt: skip
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")


@dataclass(frozen=True)
class GoalCandidate:
    name: str  # at most 60 characters, cut at a word
    description: str
    passage_id: object
    page: int | None
    reason: str  # a key of REASONS


def goal_candidates(
    passages: Iterable[tuple[object, str | None, str, int | None]], limit: int = MAX_CANDIDATES
) -> list[GoalCandidate]:
    """Goal-like headings, lines and sentences, deduplicated, in document order; past `limit`, the
    strongest kinds (numbered goals, "Mål:", areas and priorities) are kept before "ska" sentences."""
    found: list[GoalCandidate] = []
    seen: set[str] = set()
    for passage_id, heading, text, page in passages:
        for line, is_heading in _pieces(heading, text):
            hit = _match(line, is_heading)
            if hit is None:
                continue
            reason, rest = hit
            name = short_name(rest)
            key = re.sub(r"\W+", " ", name.casefold()).strip()
            if len(key) < 3 or key in seen or key in _GENERIC:
                continue
            seen.add(key)
            description = line if len(line) <= MAX_DESCRIPTION else short_name(line, MAX_DESCRIPTION)
            found.append(GoalCandidate(name, description, passage_id, page, reason))
    if len(found) > limit:
        keep = set(sorted(range(len(found)), key=lambda k: (_RANK[found[k].reason], k))[:limit])
        found = [c for k, c in enumerate(found) if k in keep]
    return found


def short_name(text: str, limit: int = MAX_SHORT) -> str:
    """The text without its closing full stop, cut at a word (or before a comma or dash) to fit."""
    text = " ".join(text.split()).strip(" .;:–—-")
    text = text[:1].upper() + text[1:]
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    for stop in (", ", " – ", " och ", " "):
        at = cut.rfind(stop)
        if at >= limit // 2:
            return cut[:at].rstrip(" ,–") + "…"
    return cut + "…"


def _pieces(heading: str | None, text: str) -> Iterable[tuple[str, bool]]:
    if heading and heading.strip():
        yield " ".join(heading.split()), True
    for line in text.splitlines():
        line = " ".join(line.split()).lstrip("•*–- ")
        if not line:
            continue
        if len(line) <= 100 and (_NUMBERED_GOAL.match(line) or _AREA.match(line) or _GOAL_LABEL.match(line)):
            yield line, False  # a list item or a goal on its own line
            continue
        for sentence in _SENTENCE_END.split(line):
            yield sentence, False


def _match(line: str, is_heading: bool) -> tuple[str, str] | None:
    for pattern, reason in ((_NUMBERED_GOAL, "numbered_goal"), (_GOAL_LABEL, "goal_label")):
        if m := pattern.match(line):
            return reason, m["rest"]
    if m := _AREA.match(line):
        kind = m["kind"].casefold()
        reason = (
            "action_area"
            if kind.startswith("insats")
            else "strategic_area"
            if "strateg" in kind
            else "priority"
        )
        return reason, m["rest"]
    if (
        is_heading
        and (m := _NUMBERED_HEADING.match(line))
        and m["rest"].casefold().strip(" .") not in _GENERIC
    ):
        return "numbered_heading", m["rest"]
    if (m := _GOAL_SENTENCE.match(line)) and len(line) <= MAX_SENTENCE:
        return "goal_sentence", m["rest"]
    if not is_heading and len(line) <= MAX_SENTENCE and _AIM.search(line):
        return "aim_sentence", line
    return None


@dataclass(frozen=True)
class GoalSpec:
    key: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class GoalSet:
    key: str
    name: str
    goals: tuple[GoalSpec, ...]


DATA = Path(__file__).resolve().parent.parent / "data"


@cache
def goal_sets() -> dict[str, GoalSet]:
    """The predefined sets by key: "agenda2030", "nationell" (the national strategy's four strategic
    areas) and "teman" (the framework's 14 themes), from the framework's seed data. Facilitators may have
    edited the database copies of the areas and themes; the Django side prefers those."""
    from livsmiljo.engine.classify_seed import AREAS
    from livsmiljo.engine.classify_seed_themes import THEMES

    sdgs = json.loads((DATA / "agenda2030.json").read_text(encoding="utf-8"))["goals"]
    return {
        "agenda2030": GoalSet(
            "agenda2030",
            "Agenda 2030:s globala mål",
            tuple(GoalSpec(f"sdg{g['number']}", g["name"], f"Globalt mål {g['number']}") for g in sdgs),
        ),
        "nationell": GoalSet(
            "nationell",
            "Nationella strategins fyra strategiska områden",
            tuple(GoalSpec(str(a["id"]), str(a["name"]), str(a["description"])) for a in AREAS),
        ),
        "teman": GoalSet(
            "teman",
            "Ramverkets teman",
            tuple(GoalSpec(str(t["id"]), str(t["name"]), str(t["description"])) for t in THEMES),
        ),
    }
