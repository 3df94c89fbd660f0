"""Swedish-aware text processing for keyword search: tokens, stop words, Snowball stems, compound parts.

Plain Python (PyStemmer); no Django. Å, ä and ö are kept distinct throughout: "får" and "far" stay apart.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

# Letters and digits only: the same split as SQLite's unicode61 tokenizer, which treats "_" as a separator.
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_QUOTED = re.compile(r"[\"“”„»«]([^\"“”„»«]+)[\"“”„»«]")


def _words(text: str) -> list[str]:
    return text.split()


# Snowball's Swedish stop word list, plus a few function words of administrative prose.
SWEDISH_STOP_WORDS = frozenset(
    _words(
        """
    och det att i en jag hon som han på den med var sig för så till är men ett om hade de av icke
    mig du henne då sin nu har inte hans honom skulle hennes där min man ej vid kunde något från ut
    när efter upp vi dem vara vad över än dig kan sina här ha mot alla under någon eller allt mycket
    sedan ju denna själv detta åt utan varit hur ingen mitt ni bli blev oss din dessa några deras
    blir mina samma vilken er sådan vår blivit dess inom mellan sådant varför varje vilka ditt vem
    vilket sitta sådana vart dina vars vårt våra ert era vilkas ska skall även också samt enligt
    bland genom bör sig sitt sina andra annat både vilken vilka kommer finns
    annan redan nästan medan samman
    """
    )
)
# English function words, so that an English query's "the" and "of" never count as evidence.
ENGLISH_STOP_WORDS = frozenset(
    _words(
        """
    the a an and or of to in on for with by is are was were be been being how what which who whom
    that this these those from as at it its do does did about between into than then there their
    they them we our you your can could should would will not no yes any all more most such
    """
    )
)
STOP_WORDS = SWEDISH_STOP_WORDS | ENGLISH_STOP_WORDS

# General Swedish roots (stemmed) that often start or end compounds in public-sector prose. The index's
# own vocabulary is added to these when splitting, so the list only has to seed the common cases.
COMMON_ROOTS = frozenset(
    _words(
        """
    arbet marknad bost bostad bostäd boend bygg stad land bygd region kommun län plan planering
    samhäll trafik kollektiv transport väg järnväg tåg buss cykel gång resa rese pendling gods hamn
    flyg hälsa vård omsorg sjuk skol utbildning kompetens lärande forskning högskol universitet
    näring liv företag handel industri innovation turism besök export investering miljö natur klimat
    energi vind vatten skog jord grön blå park yta ytor område områd mark kultur fritid idrott
    bibliotek konst musei trygg trygghet beredskap kris säkerhet försvar digital bredband tjänst
    service social jämställd jämlik inkludering integration delaktighet demokrati dialog samverkan
    styrning utveckling tillväxt hållbar barn ung unga äldre kvinn män person
    """
    )
)
_LINKING = ("s", "e", "a", "u", "o")
_VOWELS = frozenset("aeiouyåäö")
_TAIL_ENDINGS = ("arna", "erna", "orna", "ar", "er", "or", "en", "na", "et", "an", "a", "e")
MIN_PART = 4
MIN_COMPOUND = 8
# Limits that keep analysis linear in the input whatever it holds (issue 9: one 60,000-letter "word" took
# 4 GB and 40 s, because every prefix was stemmed and cached). No Swedish word comes near 64 letters; longer
# runs are hashes, encoded data or junk, and are neither indexed nor split.
MAX_WORD = 64
# A search query: the search page and the API refuse more characters; only the first words are analysed.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 32


@lru_cache(maxsize=4)
def _stemmer(language: str = "swedish") -> Stemmer.Stemmer:
    return Stemmer.Stemmer(language)


def tokenize(text: str) -> list[str]:
    """Lower-cased words (letters and digits); one-letter words and words over MAX_WORD letters dropped."""
    return [t for t in _TOKEN.findall(text.lower()) if 1 < len(t) <= MAX_WORD]


# Bumped whenever `stem` or `analyse` changes what is stored for a passage, together with a search migration
# that sets REANALYSED_FOR to the new version and calls search.services.keyword_index_reanalyse (a test
# checks that the two agree).
ANALYSER_VERSION = 2
# Snowball's Swedish "undouble" step, repeated after a definite ending is removed ("projektet" -> "projekt"
# -> "projek", as Snowball makes "projekt" itself).
_UNDOUBLE = ("dd", "gd", "nn", "dt", "gt", "kt", "tt")
# Nouns made from verbs with "-an" (a closed, old class) are not definite forms: "påverkan" is "an impact",
# and keeps its "-an" apart from the verb "påverka" and the participle "påverkande".
_VERBAL_NOUNS_AN = (
    "verkan", "efterfrågan", "ansökan", "anmälan", "början", "strävan", "önskan", "tävlan", "inbjudan",
    "fruktan", "längtan", "undran",
)  # fmt: skip


def stem(word: str) -> str:
    """Snowball's Swedish stem, then the definite forms Snowball leaves: "-n" of nouns in "-i" ("strategin"
    -> "strategi"), "-an" of nouns in "-a" ("folkhälsan" -> "folkhäls", as "folkhälsa"), "-et" of neuter
    nouns ("landet" -> "land", "samhället" -> "samhäll"), "-n" after "ö" ("miljön" -> "miljö") and the
    plural definite "-ena" ("områdena" -> "områd"). Applied to every stem alike, so a word whose own stem
    happens to end so ("kvalitet", "översiktsplan") loses the same letters in every form: consistent."""
    stemmed = str(_stemmer().stemWord(word))
    if len(stemmed) >= 6 and stemmed.endswith("in"):
        return stemmed[:-1]
    if word.endswith("ena") and stemmed == word[:-1] and len(stemmed) >= 6:
        return stemmed[:-2]
    if stemmed.endswith("an") and len(stemmed) >= 5 and not stemmed.endswith(_VERBAL_NOUNS_AN):
        return stemmed[:-2]
    if stemmed.endswith("et") and len(stemmed) >= 6 and stemmed[-3] not in _VOWELS:
        stemmed = stemmed[:-2]
        return stemmed[:-1] if stemmed.endswith(_UNDOUBLE) else stemmed
    if stemmed.endswith("ön") and len(stemmed) >= 5:
        return stemmed[:-1]
    return stemmed


@lru_cache(maxsize=200_000)
def _stem_cached(word: str) -> str:
    return stem(word)


_LONG_RUN = re.compile(rf"\S{{{MAX_WORD + 1},}}")


def bounded_text(text: str, max_chars: int) -> str:
    """Every run of over MAX_WORD non-space characters cut to MAX_WORD, then at most `max_chars`
    characters: what a model (embedding, classifier) is given, so its work is bounded whatever the input."""
    return _LONG_RUN.sub(lambda m: m.group()[:MAX_WORD], text)[:max_chars]


def content_words(text: str) -> list[str]:
    """Tokens without stop words, in order."""
    return [t for t in tokenize(text) if t not in STOP_WORDS]


def stems(text: str) -> list[str]:
    """Stems of the content words, in order (positions matter for phrase matching)."""
    return [_stem_cached(t) for t in content_words(text)]


def _known_tail(tail: str, vocabulary: Collection[str]) -> str | None:
    if len(tail) < MIN_PART:
        return None
    for candidate in (_stem_cached(tail), tail):
        if candidate in vocabulary or candidate in COMMON_ROOTS:
            return candidate
    for ending in _TAIL_ENDINGS:
        trimmed = tail.removesuffix(ending)
        if (
            trimmed != tail
            and len(trimmed) >= MIN_PART - 1
            and (trimmed in vocabulary or trimmed in COMMON_ROOTS)
        ):
            return trimmed
    return None


def _known_head(head: str, vocabulary: Collection[str]) -> str | None:
    candidates = [head] + [head[:-1] for link in _LINKING if head.endswith(link) and len(head) > MIN_PART]
    candidates.append(_stem_cached(head))
    for candidate in candidates:
        # Three-letter heads only from the curated roots ("län", "tåg"): from a vocabulary they are too
        # often accidents ("sam" + "arbete").
        if candidate in COMMON_ROOTS or (len(candidate) >= MIN_PART and candidate in vocabulary):
            return candidate
    return None


def split_compound(word: str, vocabulary: Collection[str] = ()) -> list[str]:
    """Known parts of a Swedish compound ("kollektivtrafiken" -> ["kollektiv", "trafik"]), or [].

    A split is accepted only when both sides are known stems (the common roots or the given vocabulary,
    e.g. the index's own stems); the longest known head wins and the tail may split again. Words over
    MAX_WORD letters are not split; each tail is tried once, so the work is bounded by MAX_WORD squared.
    """
    word = word.lower()
    if not MIN_COMPOUND <= len(word) <= MAX_WORD:
        return []
    return _split(word, vocabulary, {})


def _split(word: str, vocabulary: Collection[str], tried: dict[str, list[str]]) -> list[str]:
    if len(word) < MIN_COMPOUND:
        return []
    if word in tried:
        return tried[word]
    tried[word] = []
    for cut in range(len(word) - MIN_PART, MIN_PART - 2, -1):
        head = _known_head(word[:cut], vocabulary)
        if head is None:
            continue
        tail_word = word[cut:]
        tail = _known_tail(tail_word, vocabulary)
        if tail is not None:
            tried[word] = [head, tail]
            break
        rest = _split(tail_word, vocabulary, tried)
        if rest:
            tried[word] = [head, *rest]
            break
    return tried[word]


@dataclass(frozen=True)
class AnalysedText:
    """What the keyword index stores for a passage, and what a query is matched with."""

    stems: list[str]
    parts: list[str] = field(default_factory=list)


def analyse(
    text: str,
    vocabulary: Collection[str] = (),
    memo: dict[str, list[str]] | None = None,
    *,
    max_words: int | None = None,
) -> AnalysedText:
    """Stems and compound parts; pass one `memo` dict when analysing many texts with one vocabulary."""
    memo = {} if memo is None else memo
    words = content_words(text)[:max_words]
    parts: list[str] = []
    for word in words:
        if word not in memo:
            memo[word] = split_compound(word, vocabulary)
        parts.extend(memo[word])
    return AnalysedText(stems=[_stem_cached(w) for w in words], parts=parts)


@dataclass(frozen=True)
class AnalysedQuery:
    text: str
    stems: list[str]
    parts: list[str]
    phrases: list[list[str]]
    """Stem sequences that should match as phrases: quoted parts, or the whole query when it is long."""

    @property
    def terms(self) -> list[str]:
        """Every distinct stem or compound part, in query order."""
        return list(dict.fromkeys([*self.stems, *self.parts]))


PHRASE_MIN_STEMS = 3


def analyse_query(text: str, vocabulary: Collection[str] = ()) -> AnalysedQuery:
    """The query's first MAX_QUERY_WORDS content words (of at most MAX_QUERY_CHARS characters)."""
    text = text[:MAX_QUERY_CHARS]
    analysed = analyse(text, vocabulary, max_words=MAX_QUERY_WORDS)
    phrases = [s for s in (stems(q) for q in _QUOTED.findall(text)) if len(s) >= 2]
    if not phrases and len(analysed.stems) >= PHRASE_MIN_STEMS:
        phrases = [analysed.stems]
    return AnalysedQuery(text=text, stems=analysed.stems, parts=analysed.parts, phrases=phrases)


def matching_words(text: str, terms: Iterable[str], memo: dict[str, bool] | None = None) -> set[str]:
    """The lower-cased words of `text` whose stem, or one of whose compound parts, is among `terms`.

    Pass one `memo` dict when checking several texts against the same terms."""
    wanted = set(terms)
    memo = {} if memo is None else memo
    found: set[str] = set()
    for word in set(content_words(text)):
        if word not in memo:
            # Every compound part is a substring of its word: split only when a term occurs in it.
            memo[word] = _stem_cached(word) in wanted or (
                any(t in word for t in wanted) and any(p in wanted for p in split_compound(word, wanted))
            )
        if memo[word]:
            found.add(word)
    return found
