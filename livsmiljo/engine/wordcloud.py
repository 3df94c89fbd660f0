"""Count the words of short poll answers for a word cloud.

Swedish stop words are dropped, inflections are merged through the Snowball Swedish stemmer and each
merged word is shown in its most frequent written form. An answer counts a word once, however often it
repeats it, so a cloud reflects how many people said something. An answer of exactly two content words
("trygg uppväxt") stays a phrase when at least two answers give that phrase; otherwise, and for longer
answers, each word counts on its own.

Snowball leaves some adjective and definite forms apart (hållbar/hållbara/hållbart, grön/grönt,
livsmiljö/livsmiljön); a stem that is another stem of the same answers plus such an ending joins it.
"""

import re
from collections import Counter, defaultdict
from functools import lru_cache

import Stemmer

# Snowball's Swedish stop list plus a few filler words that answers to open questions are full of.
_STOP_TEXT = """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke mig du
    henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut när efter upp
    vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket sedan ju denna
    själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras blir mina samma vilken
    er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem vilket sitt sådana vart dina
    vars vårt våra ert era vilkas också bara ska även får kommer mer mest lite väl sätt nog redan
    fortfarande genom hos ens enligt kanske många eftersom fast samt både dock emot annat andra annan
    tycker känns känner just hela helt fler flera bättre bra god goda
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_PHRASE_WORDS = 2
_PHRASE_MIN_ANSWERS = 2
_ENDINGS = ("ar", "er", "en", "na", "t", "a", "n")
_MIN_BASE = 4


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("swedish")


def content_words(text: str) -> list[str]:
    """Lower-cased words of `text` without stop words, numbers and single letters; å/ä/ö kept."""
    words = (w.strip("-") for w in _WORD.findall(text.lower()))
    return [w for w in words if len(w) > 1 and w not in STOP_WORDS]


def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def merged_stems(words: set[str]) -> dict[str, str]:
    """Map each word to its key: its stem, or a shorter stem of `words` that it extends by an ending."""
    stems = {stem(w) for w in words}

    def base(key: str) -> str:
        for _ in range(3):
            shorter = next(
                (
                    key[: -len(e)]
                    for e in _ENDINGS
                    if key.endswith(e) and len(key) - len(e) >= _MIN_BASE and key[: -len(e)] in stems
                ),
                None,
            )
            if shorter is None:
                break
            key = shorter
        return key

    return {w: base(stem(w)) for w in words}


def _answer_keys(words: list[str], key_of: dict[str, str]) -> list[tuple[str, str]]:
    """(key, surface form) for each distinct word of one answer."""
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(key_of[word], word)
    return list(seen.items())


def _phrase(words: list[str], key_of: dict[str, str]) -> tuple[str, str] | None:
    if len(words) != _PHRASE_WORDS or key_of[words[0]] == key_of[words[1]]:
        return None
    return " ".join(key_of[w] for w in words), " ".join(words)


def word_counts(texts: list[str], limit: int = 60) -> list[tuple[str, int]]:
    """The `limit` most frequent words (and recurring two-word phrases) as (shown form, count)."""
    answers = [content_words(t) for t in texts]
    key_of = merged_stems({w for words in answers for w in words})
    phrases = [_phrase(words, key_of) for words in answers]
    phrase_answers = Counter(p[0] for p in phrases if p)
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for words, phrase in zip(answers, phrases, strict=True):
        if phrase and phrase_answers[phrase[0]] >= _PHRASE_MIN_ANSWERS:
            keys = [phrase]
        else:
            keys = _answer_keys(words, key_of)
        for key, surface in keys:
            counts[key] += 1
            forms[key][surface] += 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], _shown(forms[kv[0]])))
    return [(_shown(forms[key]), count) for key, count in ranked[:limit]]


def _shown(forms: Counter[str]) -> str:
    """Most frequent surface form; ties go to the shorter, then alphabetically first, form."""
    return min(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
