"""Swedish signal-word matching for the framework's keyword rules.

A signal is a word or a phrase written the way a facilitator would write it, with a small notation:

- ``skola``   matches words that *start* with it: skola, skolan, skolornas (inflections);
- ``*skola``  matches it *anywhere inside* a word too: grundskola, skolgården (Swedish compounds);
- ``~unga``   matches the exact word only (short words that would otherwise over-match: unga, män);
- a phrase (``på bekostnad av``) matches its words in order; each word follows the rules above,
  so ``gröna ytor*`` or ``*trafik och *miljö`` work as expected;
- a trailing ``?`` (``aktörer?``, ``~bo?``) marks a broad word that is weak evidence on its own: it
  matches as usual but counts half when a theme's keyword strength is summed (`signal_weight`).

Matching is case-insensitive and ignores punctuation between words.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

_WORD = r"[0-9a-zåäöéüæø]"


def normalise(text: str) -> str:
    """Lower-case, hyphens and dashes to spaces, collapse whitespace."""
    text = text.lower().replace("\u00ad", "")
    text = re.sub(r"[‐‑‒–—-]+", " ", text)
    return re.sub(r"\s+", " ", text)


def _word_pattern(word: str) -> str:
    if word.startswith("~"):
        return rf"(?<!{_WORD}){re.escape(word[1:])}(?!{_WORD})"
    if word.startswith("*"):
        core = word.strip("*")
        return rf"{_WORD}*{re.escape(core)}{_WORD}*"
    core = word.rstrip("*")
    return rf"(?<!{_WORD}){re.escape(core)}{_WORD}*"


WEAK = "?"
WEAK_WEIGHT = 0.5


def signal_weight(signal: str) -> float:
    """How much one matched signal counts: half for a broad word marked weak with a trailing "?"."""
    return WEAK_WEIGHT if signal.rstrip().endswith(WEAK) else 1.0


@lru_cache(maxsize=8192)
def compile_signal(signal: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """Compile one signal into a regular expression over normalised text (None when empty).

    Also returns the literal cores of its words: a cheap substring test on them skips the regular
    expression for almost every signal, which keeps tagging fast next to embedding.
    """
    words = normalise(signal.rstrip().rstrip(WEAK)).strip().split()
    if not words:
        return None
    pattern = re.compile(r"[\s,.;:!?()\"'/]+".join(_word_pattern(w) for w in words))
    return pattern, tuple(w.strip("*~") for w in words)


def parse_signals(text: str) -> tuple[str, ...]:
    """Split a stored signal list (one per line, or comma separated) into signals."""
    parts = re.split(r"[\n,;]+", text)
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


@dataclass(frozen=True)
class SignalHits:
    """Which signals matched a text, and the words in the text that matched them.

    Signals that matched the same words ("tillväxt*" and "*tillväxt" on "tillväxten", or "företag*" and
    "företagande*" on "företagande") are one piece of evidence: `clusters` groups them, `distinct` counts
    the groups and `count` the matched places in the text.
    """

    signals: tuple[str, ...]
    words: tuple[str, ...]
    count: int
    clusters: tuple[tuple[str, ...], ...] = ()

    @property
    def distinct(self) -> int:
        return len(self.clusters) if self.clusters else len(self.signals)


def find_signals(normalised_text: str, signals: Iterable[str]) -> SignalHits:
    """Match signals against a text that has been through `normalise`."""
    spans: list[tuple[int, int, str]] = []
    words: dict[str, None] = {}
    for signal in signals:
        compiled = compile_signal(signal)
        if compiled is None or not all(core in normalised_text for core in compiled[1]):
            continue
        for m in compiled[0].finditer(normalised_text):
            spans.append((m.start(), m.end(), signal))
            words[m.group(0)] = None
    order = {signal: i for i, signal in enumerate(dict.fromkeys(signal for _, _, signal in spans))}
    matched = tuple(order)
    found, places = _clusters(spans)
    clusters = tuple(
        sorted((tuple(sorted(c, key=order.__getitem__)) for c in found), key=lambda c: order[c[0]])
    )
    return SignalHits(signals=matched, words=tuple(words), count=places, clusters=clusters)


def _clusters(spans: list[tuple[int, int, str]]) -> tuple[tuple[tuple[str, ...], ...], int]:
    """Signals joined when their matches overlap in the text, and the number of places matched."""
    owner: dict[str, str] = {}

    def root(signal: str) -> str:
        while owner.setdefault(signal, signal) != signal:
            signal = owner[signal]
        return signal

    places, end, last = 0, -1, ""
    for start, stop, signal in sorted(spans):
        root(signal)
        if start < end:
            owner[root(signal)] = root(last)
        else:
            places += 1
        if stop > end:
            end, last = stop, signal
    groups: dict[str, list[str]] = {}
    for signal in owner:
        groups.setdefault(root(signal), []).append(signal)
    return tuple(tuple(g) for g in groups.values()), places
