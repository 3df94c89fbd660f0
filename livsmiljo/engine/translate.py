"""A search query in English translated into Swedish words on the machine, for the Swedish keyword index.

Two sources, both local: the project's glossary of regional development and Swedish public-administration
terms (`data/glossary_en_sv.tsv`), and, behind it, FreeDict's English–Swedish dictionary as Debian ships it
(`dict-freedict-eng-swe`: a dictd index and a dictzip file, which is gzip-compatible). Without the
dictionary the glossary works alone, and a log line says so. Nothing is downloaded.

The query is read left to right: the longest glossary phrase at each word wins, then the dictionary's
phrases and words; English function words are dropped and unknown words (names, numbers, Swedish words)
are kept as they are. A dictionary word with several translations keeps those the library uses (their
stems are in the keyword index's vocabulary), at most two. Plain Python, no Django.
"""

from __future__ import annotations

import gzip
import logging
import os
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from livsmiljo.engine.language import swedish_probability
from livsmiljo.engine.text import ENGLISH_STOP_WORDS, MAX_QUERY_WORDS, _words, stems

log = logging.getLogger(__name__)

GLOSSARY = Path(__file__).parent / "data" / "glossary_en_sv.tsv"
FREEDICT_DIR = "/usr/share/dictd"
FREEDICT_NAME = "freedict-eng-swe"
# Longest phrase looked up, in words ("regional development strategy", "people with disabilities").
MAX_PHRASE = 4
# Translations kept per dictionary word: the first ones the library uses.
MAX_SENSES = 2
# Below this the query is taken as not Swedish (the identifier knows Swedish and English only).
SWEDISH_AT_LEAST = 0.5
QUERY_STOP_WORDS = ENGLISH_STOP_WORDS | frozenset(
    _words(
        """
        i me my we us he she his her has have had also very much many some while where when why through over
        under up out if so just only other each both own same regarding concerning within via across per
        like well get make made need needs among amongst towards toward around onto upon
        """
    )
)
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^]]*\]|<[^>]*>|\{[^}]*\}")
_SENSE_NUMBER = re.compile(r"^\d+\.\s*")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


@dataclass(frozen=True)
class Translation:
    language: str
    """the query's language as identified ("en")"""
    text: str
    """the Swedish query: translated words, and the words that had no translation as they were"""
    words: list[str]
    """the Swedish words the translation added, in query order, each once (what the user is shown)"""


def singular_forms(word: str) -> list[str]:
    """The word and the singulars an English plural may have ("cities" -> "city", "buses" -> "bus")."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 4:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    return forms


def _phrase_keys(words: list[str]) -> list[str]:
    """Lookup keys for a phrase: as written, then with its last word in the singular."""
    head = " ".join(words[:-1])
    return [f"{head} {last}".strip() for last in singular_forms(words[-1])]


@lru_cache(maxsize=1)
def glossary() -> dict[str, list[str]]:
    """English key -> Swedish words; each key also under its singular form unless that is a key itself."""
    entries: dict[str, list[str]] = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, swedish = line.partition("\t")
        entries[english.strip().lower()] = [w.strip() for w in swedish.split(",") if w.strip()]
    for key, value in list(entries.items()):
        for alternative in _phrase_keys(key.split())[1:]:
            entries.setdefault(alternative, value)
    return entries


def _b64(text: str) -> int:
    number = 0
    for char in text:
        number = number * 64 + _B64.index(char)
    return number


def _senses(body: str) -> list[str]:
    """The translations in one dictd entry, in order: every line after the headword, numbers and notes
    removed, split at commas and semicolons."""
    found = []
    for line in body.splitlines()[1:]:
        line = _PARENTHESES.sub("", _SENSE_NUMBER.sub("", line.strip()))
        found += [w.strip() for w in re.split(r"[,;]", line) if w.strip()]
    return found


def read_freedict(folder: str | Path) -> dict[str, list[str]]:
    """FreeDict's dictd files as headword -> translations (entries of one headword joined in file order);
    empty when the files are missing or unreadable."""
    base = Path(folder) / FREEDICT_NAME
    try:
        index = base.with_suffix(".index").read_text(encoding="utf-8")
        with gzip.open(base.with_suffix(".dict.dz")) as handle:
            data = handle.read()
    except (OSError, EOFError, UnicodeDecodeError):
        return {}
    entries: dict[str, list[str]] = {}
    for line in index.splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or fields[0].startswith("00database"):
            continue
        try:
            start, length = _b64(fields[1]), _b64(fields[2])
        except ValueError:
            continue
        body = data[start : start + length].decode("utf-8", errors="replace")
        entries.setdefault(fields[0].lower(), []).extend(_senses(body))
    return entries


@lru_cache(maxsize=1)
def dictionary() -> dict[str, list[str]]:
    """The general dictionary (`LIVSMILJO_FREEDICT_DIR`, else Debian's folder), read once per process."""
    folder = os.environ.get("LIVSMILJO_FREEDICT_DIR", FREEDICT_DIR)
    entries = read_freedict(folder)
    if not entries:
        log.warning(
            "No English–Swedish dictionary in %s (Debian package dict-freedict-eng-swe): English queries "
            "are translated with the glossary alone.",
            folder,
        )
    return entries


def _in_library(swedish: str, vocabulary: Collection[str]) -> bool:
    found = stems(swedish)
    return bool(found) and all(s in vocabulary for s in found)


def _choose(senses: list[str], vocabulary: Collection[str]) -> list[str]:
    """At most MAX_SENSES translations: those the library uses; without a vocabulary, the first."""
    if not vocabulary:
        return senses[:1]
    return [s for s in dict.fromkeys(senses) if _in_library(s, vocabulary)][:MAX_SENSES]


def _lookup(
    words: list[str], source: Mapping[str, list[str]], vocabulary: Collection[str] | None
) -> tuple[int, list[str]] | None:
    """The longest phrase at the start of `words` that `source` translates: (its length in words, the
    Swedish words). `vocabulary` None takes every translation (the curated glossary)."""
    for size in range(min(MAX_PHRASE, len(words)), 0, -1):
        for key in _phrase_keys(words[:size]):
            if key in source:
                chosen = source[key] if vocabulary is None else _choose(source[key], vocabulary)
                if chosen:
                    return size, chosen
    return None


def translate_to_swedish(text: str, vocabulary: Collection[str] = (), *, language: str = "en") -> Translation:
    """`text` read as English and put into Swedish words; see the module's docstring."""
    words = _WORD.findall(text.lower())[: MAX_QUERY_WORDS * 2]
    out: list[str] = []
    added: list[str] = []
    i = 0
    while i < len(words):
        # Glossary phrases first, even those with a function word in them ("people with disabilities").
        found = _lookup(words[i:], glossary(), None)
        if found is None and words[i] in QUERY_STOP_WORDS:
            i += 1
            continue
        found = found or _lookup(words[i:], dictionary(), vocabulary)
        if found is None:
            out.append(words[i])
            i += 1
            continue
        size, swedish = found
        out += swedish
        added += swedish
        i += size
    return Translation(language=language, text=" ".join(out), words=list(dict.fromkeys(added)))


def translate_query(text: str, vocabulary: Collection[str] | Mapping[str, int] = ()) -> Translation | None:
    """The query in Swedish words when it is not Swedish and something in it could be translated;
    None for a Swedish query (it is searched as it is)."""
    if not text.strip() or swedish_probability(text) >= SWEDISH_AT_LEAST:
        return None
    translation = translate_to_swedish(text, vocabulary)
    return translation if translation.words else None
