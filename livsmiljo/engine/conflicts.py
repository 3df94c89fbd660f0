"""Goal conflicts on their own evidence: a sentence that states a tension between two aims.

Plain Python, no Django. A passage discusses a goal conflict when one of its sentences (or two adjacent
sentences) puts two distinct aims against each other with words of tension:

- a *relational* cue joins the two aims: "på bekostnad av", "konkurrerar om", "kan gå ut över",
  "samtidigt som", "avvägning", "står mot varandra", "å ena sidan … å andra sidan" …;
- a *contrast* ("men", "dock", "trots", "även om") followed by a word of loss or pressure
  ("tar", "försvinner", "förlorar", "sliter", "tryck på", "riskerar" …): "Förtätning … men den tar parker";
- an *explicit* word for the conflict itself ("målkonflikt", "intressekonflikt", "dilemma") with two aims
  in that sentence or its neighbours.

An aim is a theme of the framework whose signal words occur on that side of the cue. The two aims are
named from the framework's conflict catalogue when the catalogue conflict's own words occur around the
cue (at least two of them, or one together with its two themes as the aims); otherwise from the themes on
either side of the cue. The sentence that states the tension is returned so it can be shown highlighted.
A cue with fewer than two distinct aims is not a conflict.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from livsmiljo.engine.classify_text import compile_signal, find_signals, normalise, parse_signals

RELATIONAL_CUES = parse_signals(
    "på bekostnad av, konkurrerar om, konkurrera om, konkurrerar med, konkurrens om, går ut över, "
    "gå ut över, gått ut över, står mot varandra, ställs mot, vägas mot, väga mot, står i konflikt, "
    "i konflikt med, i strid med, krockar med, ~krockar, ~krocka, avvägning*, *avvägning, avväga*, "
    "balansgång*, balansera*, tränger undan, inkräktar på, och samtidigt, men samtidigt, "
    "~motsatser, ~motsats, motsatsförhållande*, motsättning*, trade off*, svårt att förena, "
    "inte alltid förenlig*, oförenlig*"
)
EXPLICIT_CUES = parse_signals(
    "målkonflikt*, *målkonflikt, intressekonflikt*, dilemma*, motstående intressen, motstridig*, "
    "konkurrerande intressen, *intressen står mot"
)
# Connectives that state a tension only when a word of loss or pressure follows them.
CONTRAST_CUES = parse_signals("~men, ~dock, ~trots, även om, ~fast, ~samtidigt, samtidigt som")
LOSS_WORDS = parse_signals(
    "i anspråk, tar mark, ta mark, försvinn*, förlor*, går förlorad*, slit*, tryck på, ökat tryck, "
    "risk*, hota*, ~hot, begräns*, kosta*, ~dyr, ~dyra, ~dyrt, störning*, ~stör, ~störa, hinder, "
    "minskar, konkurrens*, inkräkt*, tränger, påfrestning*, ohållbar*, negativ*, "
    "räcker inte, inte räcker, svårt att förena, svårt att kombinera, ens möjligt"
)
# Words of loss that carry a tension on their own, between what is lost and what takes it:
# "närparker försvinner när staden förtätas", "bostäder tar grönytor i anspråk".
LOSS_PIVOTS = parse_signals(
    "försvinner, försvinna, går förlorad*, gick förlorad*, i anspråk, tränger undan, trängs undan, "
    "sliter på, slits ned, på bekostnad"
)
ASIDE = "~å ena sidan"
OTHER_SIDE = "~å andra sidan"
STRENGTH = {"relational": 2.0, "contrast": 1.5, "loss": 1.2, "explicit": 1.0}
# A side this short (in characters) carries no aim of its own: the neighbouring sentence is used.
SHORT_SIDE = 12


@dataclass(frozen=True)
class Aim:
    """A theme, the conflict catalogue's view of the framework, as the engine needs it."""

    id: str
    signals: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueConflict:
    id: str
    themes: tuple[str, str]
    signals: tuple[str, ...]


@dataclass(frozen=True)
class Tension:
    """A stated tension: the sentence, the cue, the passage's own words on either side and the two aims."""

    detected: bool = False
    sentence: str = ""
    cue: str = ""
    kind: str = ""  # relational, contrast, explicit
    sides: tuple[str, str] = ("", "")
    themes: tuple[str, ...] = ()
    conflict_id: str = ""
    strength: float = 0.0


@dataclass(frozen=True)
class _Sentence:
    text: str
    norm: str


_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“(]?[A-ZÅÄÖÉ0-9•–-])")


def sentences(text: str) -> list[str]:
    """Sentences of a passage; a line break ends one too."""
    found: list[str] = []
    for line in text.splitlines():
        found += [s.strip() for s in _SENTENCE_END.split(line.strip()) if s.strip()]
    return found


def _spans(norm: str, signals: Sequence[str]) -> list[tuple[int, int, str]]:
    found = []
    for signal in signals:
        compiled = compile_signal(signal)
        if compiled is None or not all(core in norm for core in compiled[1]):
            continue
        found += [(m.start(), m.end(), m.group(0)) for m in compiled[0].finditer(norm)]
    return sorted(found)


def _aims(norm: str, aims: Sequence[Aim]) -> dict[str, int]:
    """Themes whose signal words occur in a text, with how many distinct signals matched."""
    hits = {a.id: find_signals(norm, a.signals).distinct for a in aims}
    return {k: v for k, v in hits.items() if v}


class TensionFinder:
    """Built once per framework; `find` is cheap (regular expressions over candidate sentences only)."""

    def __init__(self, aims: Sequence[Aim], catalogue: Sequence[CatalogueConflict]) -> None:
        self.aims = list(aims)
        self.catalogue = list(catalogue)

    def find(self, text: str) -> Tension:
        """The strongest stated tension in a passage (detected False when there is none)."""
        parts = [_Sentence(s, normalise(s)) for s in sentences(text)]
        best = Tension()
        for i, sentence in enumerate(parts):
            for candidate in self._candidates(parts, i, sentence):
                if candidate.strength > best.strength:
                    best = candidate
        return best

    def _candidates(self, parts: list[_Sentence], i: int, s: _Sentence) -> list[Tension]:
        prev = parts[i - 1].norm if i > 0 else ""
        following = parts[i + 1].norm if i + 1 < len(parts) else ""
        found: list[Tension] = []
        for start, end, cue in _spans(s.norm, RELATIONAL_CUES):
            left, right = s.norm[:start], s.norm[end:]
            found.append(self._two_sides(s, cue, "relational", left, right, prev, following))
        for start, end, cue in _spans(s.norm, CONTRAST_CUES):
            right = s.norm[end:]
            if not find_signals(right, LOSS_WORDS).distinct:
                continue
            found.append(self._two_sides(s, cue, "contrast", s.norm[:start], right, prev, following))
        for start, end, cue in _spans(s.norm, LOSS_PIVOTS):
            found.append(self._two_sides(s, cue, "loss", s.norm[:start], s.norm[end:], prev, following))
        one_side = _spans(s.norm, [ASIDE])
        if one_side:
            other = _spans(s.norm, [OTHER_SIDE]) or _spans(following, [OTHER_SIDE])
            if other:
                joined = s.norm + " " + following if not _spans(s.norm, [OTHER_SIDE]) else s.norm
                cut = _spans(joined, [OTHER_SIDE])[0]
                found.append(
                    self._two_sides(s, "å ena sidan", "relational", joined[: cut[0]], joined[cut[1] :])
                )
        explicit = _spans(s.norm, EXPLICIT_CUES)
        if explicit:
            window = " ".join(x for x in (prev, s.norm, following) if x)
            found.append(self._explicit(s, explicit[0][2], window))
        return [t for t in found if t.detected]

    def _two_sides(
        self, s: _Sentence, cue: str, kind: str, left: str, right: str, prev: str = "", following: str = ""
    ) -> Tension:
        if len(left.strip()) < SHORT_SIDE:
            left = prev + " " + left
        if len(right.strip()) < SHORT_SIDE:
            right = right + " " + following
        on_left, on_right = _aims(left, self.aims), _aims(right, self.aims)
        pair = _pair(on_left, on_right)
        catalogue = self._catalogue(left + " " + right, (set(on_left), set(on_right)))
        if catalogue is not None:
            pair = catalogue.themes
        elif pair is None:
            return Tension()
        strength = STRENGTH[kind] + (1.0 if catalogue is not None else 0.0)
        return Tension(
            detected=True,
            sentence=s.text,
            cue=cue,
            kind=kind,
            sides=(self._words(left, pair[0], catalogue), self._words(right, pair[1], catalogue)),
            themes=tuple(pair),
            conflict_id=catalogue.id if catalogue is not None else "",
            strength=strength,
        )

    def _words(self, side: str, theme: str, catalogue: CatalogueConflict | None) -> str:
        """The passage's own words on one side of the cue that name its aim."""
        signals = [a.signals for a in self.aims if a.id == theme]
        words = list(find_signals(side, signals[0]).words) if signals else []
        if catalogue is not None:
            words += [w for w in find_signals(side, catalogue.signals).words if w not in words]
        return ", ".join(words[:4])

    def _explicit(self, s: _Sentence, cue: str, window: str) -> Tension:
        found = sorted(_aims(window, self.aims).items(), key=lambda kv: -kv[1])
        pair = tuple(k for k, _ in found[:2]) if len(found) >= 2 else None
        catalogue = self._catalogue(window, (set(pair), set(pair)) if pair else None)
        if catalogue is not None:
            pair = catalogue.themes
        if pair is None:
            return Tension()
        return Tension(
            detected=True,
            sentence=s.text,
            cue=cue,
            kind="explicit",
            themes=tuple(pair),
            conflict_id=catalogue.id if catalogue is not None else "",
            strength=STRENGTH["explicit"] + (1.0 if catalogue is not None else 0.0),
        )

    def _catalogue(self, norm: str, sides: tuple[set[str], set[str]] | None) -> CatalogueConflict | None:
        """The catalogue conflict whose own words occur around the cue: two of them, or one with its two
        aims found on the two sides (`sides`: the aims on either side)."""
        best, best_score = None, 0.0
        for conflict in self.catalogue:
            hits = find_signals(norm, conflict.signals).distinct
            a, b = conflict.themes
            same_pair = sides is not None and (
                (a in sides[0] and b in sides[1]) or (b in sides[0] and a in sides[1])
            )
            if hits >= 2 or (hits >= 1 and same_pair):
                score = hits + (1.0 if same_pair else 0.0)
                if score > best_score:
                    best, best_score = conflict, score
        return best


def _pair(left: dict[str, int], right: dict[str, int]) -> tuple[str, str] | None:
    """The strongest aim on each side, distinct from each other."""
    best: tuple[int, tuple[str, str]] | None = None
    for a, na in left.items():
        for b, nb in right.items():
            if a != b and (best is None or na + nb > best[0]):
                best = (na + nb, (a, b))
    return best[1] if best is not None else None


class _Concept(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def signals(self) -> tuple[str, ...]: ...
    @property
    def themes(self) -> tuple[str, ...]: ...


def tension_finder(themes: Sequence[_Concept], conflicts: Sequence[_Concept]) -> TensionFinder:
    """A finder for a framework's themes (the aims) and its conflict catalogue."""
    return TensionFinder(
        [Aim(t.id, t.signals) for t in themes],
        [
            CatalogueConflict(c.id, (c.themes[0], c.themes[1]), c.signals)
            for c in conflicts
            if len(c.themes) >= 2
        ],
    )
