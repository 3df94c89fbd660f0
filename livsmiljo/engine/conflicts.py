"""Goal conflicts on their own evidence: a sentence that states a tension between two aims.

Plain Python, no Django. A passage discusses a goal conflict when one of its sentences (or two adjacent
sentences) puts two distinct aims against each other with words of tension:

- a *relational* cue joins the two aims: "på bekostnad av", "konkurrerar om", "kan gå ut över",
  "samtidigt som", "avvägning", "står mot varandra", "å ena sidan … å andra sidan" …;
- a *contrast* ("men", "dock", "trots", "även om", "medan") followed by a word of loss or pressure
  ("tar", "försvinner", "förlorar", "sliter", "försämrar", "kostar", "riskerar" …): "Förtätning … men den
  tar parker";
- an *explicit* word for the conflict itself ("målkonflikt", "intressekonflikt", "dilemma") with two aims
  in that sentence or its neighbours.

An aim is a theme of the framework whose signal words occur on that side of the cue (a side without one
takes the neighbouring sentence; two aims named together before a cue, "X och Y står i
motsatsförhållande", are split). The two aims are named from the framework's conflict catalogue when the
two sides of the tension match the catalogue conflict's two sides, one each (each side's own words,
split from the catalogue's words by its name "X mot Y" and description, or its theme); otherwise from
the themes on either side of the cue. Of equally strong statements, the one between the aims the
passage as a whole is most about wins. The sentence that states the tension is returned so it can be
shown highlighted ("Den målkonflikten …" points back to the sentence before). A cue with fewer than two
distinct aims is not a conflict.
"""

import re
from collections.abc import Mapping, Sequence
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
CONTRAST_CUES = parse_signals("~men, ~dock, ~trots, även om, ~fast, ~samtidigt, samtidigt som, ~medan")
LOSS_WORDS = parse_signals(
    "i anspråk, tar mark, ta mark, försvinn*, förlor*, går förlorad*, slit*, tryck på, ökat tryck, "
    "risk*, hota*, ~hot, begräns*, kosta*, kostnad*, ~dyr, ~dyra, ~dyrt, störning*, ~stör, ~störa, hinder, "
    "försämr*, ~påverkar, "
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


# "Förtätning och grönytor står i ett motsatsförhållande": the two aims named together before the cue.
_JOINED = re.compile(r"\s(?:och|mot|eller|med)\s")
# A side this short (in characters) carries no aim of its own: the neighbouring sentence is used.
SHORT_SIDE = 12


@dataclass(frozen=True)
class Aim:
    """A theme, the conflict catalogue's view of the framework, as the engine needs it."""

    id: str
    signals: tuple[str, ...]


@dataclass(frozen=True)
class CatalogueConflict:
    """A conflict of the catalogue with its two sides: each side's own words (those of the catalogue's
    words that belong to it, by its part of the name "X mot Y" and description, or by its theme) and its
    theme. Words that belong to neither side ("kostnad", "exploatering") only say what the conflict is
    about."""

    id: str
    themes: tuple[str, str]
    signals: tuple[str, ...]
    side_signals: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


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

    def find(self, text: str, evidence: Mapping[str, float] | None = None) -> Tension:
        """The strongest stated tension in a passage (detected False when there is none).

        `evidence` (a theme's evidence for the whole passage) breaks ties between equally strong
        statements: the one between the aims the passage is most about wins, else the first.
        """
        parts = [_Sentence(s, normalise(s)) for s in sentences(text)]
        weight = evidence or {}
        best, best_key = Tension(), (0.0, 0.0)
        for i, sentence in enumerate(parts):
            for candidate in self._candidates(parts, i, sentence):
                key = (candidate.strength, sum(weight.get(t, 0.0) for t in candidate.themes))
                if key > best_key:
                    best, best_key = candidate, key
        return best

    def _candidates(self, parts: list[_Sentence], i: int, s: _Sentence) -> list[Tension]:
        prev = parts[i - 1].norm if i > 0 else ""
        following = parts[i + 1].norm if i + 1 < len(parts) else ""
        found: list[Tension] = []
        for start, end, cue in _spans(s.norm, RELATIONAL_CUES):
            left, right = s.norm[:start], s.norm[end:]
            # "Förtätning och grönytor står i ett motsatsförhållande": both aims before the cue (tried
            # first, so it wins a tie with the same aims and gives each side its own words).
            together = _named_together(left)
            if together is not None:
                found.append(self._two_sides(s, cue, "relational", *together))
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
            # "Den målkonflikten …" points back: the sentence before states it when this one names
            # fewer aims than that one.
            stated = s
            if i > 0 and len(_aims(s.norm, self.aims)) < min(2, len(_aims(prev, self.aims))):
                stated = parts[i - 1]
            found.append(self._explicit(stated, explicit[0][2], window))
        return [t for t in found if t.detected]

    def _two_sides(
        self, s: _Sentence, cue: str, kind: str, left: str, right: str, prev: str = "", following: str = ""
    ) -> Tension:
        # A side without an aim of its own ("Sådana beslut ska vägas mot …") takes the neighbouring
        # sentence: the aim was named there.
        if len(left.strip()) < SHORT_SIDE or not _aims(left, self.aims):
            left = prev + " " + left
        if len(right.strip()) < SHORT_SIDE or not _aims(right, self.aims):
            right = right + " " + following
        on_left, on_right = _aims(left, self.aims), _aims(right, self.aims)
        pair = _pair(on_left, on_right)
        catalogue, oriented = self._catalogue_sides(left, right, on_left, on_right)
        if catalogue is not None:
            pair = oriented
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
        on_window = _aims(window, self.aims)
        found = sorted(on_window.items(), key=lambda kv: -kv[1])
        pair = tuple(k for k, _ in found[:2]) if len(found) >= 2 else None
        catalogue, _ = self._catalogue_sides(window, window, on_window, on_window)
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

    def catalogue_for(self, norm: str) -> CatalogueConflict | None:
        """The catalogue conflict a whole passage is about, when both of its sides are there."""
        aims = _aims(norm, self.aims)
        return self._catalogue_sides(norm, norm, aims, aims)[0]

    def _catalogue_sides(
        self, left: str, right: str, on_left: dict[str, int], on_right: dict[str, int]
    ) -> tuple[CatalogueConflict | None, tuple[str, str]]:
        """The catalogue conflict whose two sides match the two sides of the tension, one each, and its
        themes in the order of the text (left first).

        Both sides must be there, each with its theme's words or with two of its own words, and one of
        the catalogue's own words must occur. So a conflict is not named on one of its sides alone
        ("rennäring" without any wind power or mine), on a single broad word ("bevaras" about green
        links rather than culture) nor on two themes alone. For a sentence without sides (an explicit
        "målkonflikt"), pass the window as both sides.
        """
        best: tuple[float, CatalogueConflict | None, tuple[str, str]] = (0.0, None, ("", ""))
        for conflict in self.catalogue:
            topic = find_signals(left + " " + right, conflict.signals).distinct
            if not topic:
                continue
            for x, y in ((0, 1), (1, 0)):
                own_x, theme_x = _side(left, conflict, x, on_left)
                own_y, theme_y = _side(right, conflict, y, on_right)
                # A side is there with its theme's words or two of its own; one own word is needed.
                if (theme_x or own_x >= 2) and (theme_y or own_y >= 2) and own_x + own_y:
                    score = 2 * (own_x + own_y) + theme_x + theme_y + 0.5 * topic
                    if score > best[0]:
                        best = (score, conflict, (conflict.themes[x], conflict.themes[y]))
        return best[1], best[2]


def _side(text: str, conflict: CatalogueConflict, side: int, aims: dict[str, int]) -> tuple[int, int]:
    """How a text matches one side of a catalogue conflict: the side's own words, and its theme (0/1)."""
    own = find_signals(text, conflict.side_signals[side]).distinct if conflict.side_signals[side] else 0
    return own, int(conflict.themes[side] in aims)


def _named_together(text: str) -> tuple[str, str] | None:
    """The two parts of "X och Y" ("X mot Y", "X eller Y", "X med Y") before a cue, if both say something."""
    m = _JOINED.search(text)
    if m is None:
        return None
    first, second = text[: m.start()], text[m.end() :]
    return (first, second) if len(first.strip()) >= 3 and len(second.strip()) >= 3 else None


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


class _Conflict(_Concept, Protocol):
    @property
    def name(self) -> str: ...
    @property
    def description(self) -> str: ...


def tension_finder(themes: Sequence[_Concept], conflicts: Sequence[_Conflict]) -> TensionFinder:
    """A finder for a framework's themes (the aims) and its conflict catalogue."""
    signals = {t.id: t.signals for t in themes}
    return TensionFinder(
        [Aim(t.id, t.signals) for t in themes],
        [_with_sides(c, signals) for c in conflicts if len(c.themes) >= 2],
    )


def _with_sides(conflict: _Conflict, theme_signals: dict[str, tuple[str, ...]]) -> CatalogueConflict:
    """Split a catalogue conflict's words between its two sides.

    A word belongs to a side when it occurs in that side's part of the name and description (the
    catalogue writes them "X mot Y", "Att X …, mot Y") or is one of that side's theme words, and not
    also to the other side.
    """
    a, b = conflict.themes[0], conflict.themes[1]
    name_a, _, name_b = conflict.name.partition(" mot ")
    text_a, _, text_b = conflict.description.partition(" mot ")
    texts = (normalise(f"{name_a} {text_a}"), normalise(f"{name_b} {text_b}"))
    sides: tuple[list[str], list[str]] = ([], [])
    for signal in conflict.signals:
        compiled = compile_signal(signal)
        if compiled is None:
            continue
        words = " ".join(compiled[1])
        belongs = [
            bool(find_signals(texts[i], (signal,)).distinct)
            or bool(find_signals(words, theme_signals.get(theme, ())).distinct)
            for i, theme in enumerate((a, b))
        ]
        if belongs[0] != belongs[1]:
            sides[0 if belongs[0] else 1].append(signal)
    return CatalogueConflict(conflict.id, (a, b), conflict.signals, (tuple(sides[0]), tuple(sides[1])))
