"""Heading-aware passages of about 60–250 words that never cross a page. No Django here.

A passage keeps its page number and the heading it stands under, so a search hit can be cited
("s. 12, 3.2 Kollektivtrafik"). Paragraphs are packed together up to MAX_WORDS; a paragraph longer than
that is cut at sentence boundaries; a fragment under MIN_WORDS is merged into a neighbour on the same
page and under the same heading when it fits.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from livsmiljo.engine.extract import PageText

MIN_WORDS = 60
MAX_WORDS = 250
MAX_CHARS = 4000  # 250 real words are about 1,800 characters; a run without spaces is cut here
MAX_HEADING_WORDS = 14

_NUMBERED = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[IVX]{1,5}\.|[A-Z]\.)\s+\S")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]?\s+(?=[\"“(]?[A-ZÅÄÖÉ0-9•–-])")
_KEEP_HYPHEN_BEFORE = {"och", "eller", "samt", "som", "respektive", "till"}


@dataclass(frozen=True)
class Chunk:
    page: int
    heading: str
    text: str
    word_count: int


def chunk(pages: Iterable[PageText]) -> list[Chunk]:
    """Cut pages into passages in reading order; the heading carries over from page to page."""
    chunks: list[Chunk] = []
    heading = ""
    for page in pages:
        page_chunks, heading = _chunk_page(page, heading)
        chunks.extend(_merge_small(page_chunks))
    return chunks


def _chunk_page(page: PageText, heading: str) -> tuple[list[Chunk], str]:
    known = {_normalise(h) for h in page.headings}
    out: list[Chunk] = []
    buffer: list[str] = []

    def flush() -> None:
        if buffer:
            text = "\n\n".join(buffer)
            out.append(Chunk(page.number, heading, text, _words(text)))
            buffer.clear()

    for raw in re.split(r"\n\s*\n", page.text):
        paragraph = join_lines(raw)
        if not paragraph:
            continue
        title, body = _split_heading(raw, paragraph, known, page.guess_headings)
        if title:
            flush()
            heading = title[:500]
        for piece in _split_long(body) if body else []:
            packed = "\n\n".join(buffer)
            if buffer and (
                _words(packed) + _words(piece) > MAX_WORDS or len(packed) + len(piece) > MAX_CHARS
            ):
                flush()
            buffer.append(piece)
    flush()
    return out, heading


def _split_heading(raw: str, paragraph: str, known: set[str], guess: bool) -> tuple[str, str]:
    """(heading, body) for a paragraph: a whole paragraph may be a heading, or only its first line."""
    if _normalise(paragraph) in known or (guess and looks_like_heading(paragraph)):
        return paragraph, ""
    lines = [line.strip() for line in raw.strip().split("\n") if line.strip()]
    if guess and len(lines) > 1 and _first_line_is_heading(lines[0], lines[1]):
        return lines[0], join_lines("\n".join(lines[1:]))
    return "", paragraph


def looks_like_heading(text: str) -> bool:
    """Short, no closing punctuation; numbered ("3.2 Kollektivtrafik"), ALL CAPS or capitalised."""
    text = text.strip()
    words = text.split()
    if not words or len(words) > MAX_HEADING_WORDS or len(text) > 120 or "\n" in text:
        return False
    if text[-1] in ".,;:!?…" or text[-1] == "-" or not any(c.isalpha() for c in text):
        return False
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return True
    if _NUMBERED.match(text):
        return True
    return text[0].isupper() and len(words) <= 10


def _first_line_is_heading(first: str, second: str) -> bool:
    """A heading printed right above its text, with no extra space: clearly shorter than the line after."""
    return (
        looks_like_heading(first)
        and len(first) < 0.6 * len(second)
        and (bool(_NUMBERED.match(first)) or first.isupper() or len(first.split()) <= 6)
        and second[:1].isupper()
    )


def _split_long(paragraph: str) -> list[str]:
    """Cut a paragraph over MAX_WORDS into nearly equal parts at sentence boundaries, and any part over
    MAX_CHARS at a space (or, in a run without spaces, anywhere)."""
    total = _words(paragraph)
    if total <= MAX_WORDS:
        return _split_chars(paragraph)
    sentences = [s for s in _SENTENCE_END.split(paragraph) if s.strip()]
    sentences = [piece for s in sentences for piece in _split_words(s)]
    target = total / math.ceil(total / (MAX_WORDS * 0.85))
    parts: list[list[str]] = [[]]
    count = 0
    for sentence in sentences:
        size = _words(sentence)
        if parts[-1] and (count + size > MAX_WORDS or count >= target):
            parts.append([])
            count = 0
        parts[-1].append(sentence)
        count += size
    return [piece for part in parts if part for piece in _split_chars(" ".join(part))]


def _split_chars(text: str) -> list[str]:
    pieces: list[str] = []
    while len(text) > MAX_CHARS:
        cut = text.rfind(" ", MAX_CHARS // 2, MAX_CHARS)
        cut = cut if cut > 0 else MAX_CHARS
        pieces.append(text[:cut].strip())
        text = text[cut:].strip()
    return [*pieces, text] if text else pieces


def _split_words(sentence: str) -> list[str]:
    """A 'sentence' longer than MAX_WORDS (lists, tables without full stops) is cut by word count."""
    words = sentence.split()
    if len(words) <= MAX_WORDS:
        return [sentence]
    step = math.ceil(len(words) / math.ceil(len(words) / (MAX_WORDS * 0.8)))
    return [" ".join(words[i : i + step]) for i in range(0, len(words), step)]


def _merge_small(chunks: list[Chunk]) -> list[Chunk]:
    merged: list[Chunk] = []
    for item in chunks:
        prev = merged[-1] if merged else None
        small = item.word_count < MIN_WORDS or (prev is not None and prev.word_count < MIN_WORDS)
        fits = prev is not None and prev.word_count + item.word_count <= MAX_WORDS
        fits = fits and prev is not None and len(prev.text) + len(item.text) + 2 <= MAX_CHARS
        if prev and small and fits and prev.heading == item.heading:
            text = f"{prev.text}\n\n{item.text}"
            merged[-1] = Chunk(prev.page, prev.heading, text, prev.word_count + item.word_count)
        else:
            merged.append(item)
    return merged


def join_lines(raw: str) -> str:
    """Join a paragraph's lines into running text, undoing end-of-line hyphenation ("utveck-\\nling")."""
    lines = [line.strip() for line in raw.strip().split("\n") if line.strip()]
    text = ""
    for line in lines:
        if text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[:1].islower():
            first = line.split()[0].strip(".,;:").lower()
            text = f"{text} {line}" if first in _KEEP_HYPHEN_BEFORE else text[:-1] + line
        else:
            text = f"{text} {line}" if text else line
    return re.sub(r"[ \t]+", " ", text).strip()


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _words(text: str) -> int:
    return len(text.split())
