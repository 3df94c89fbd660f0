"""A short, safely escaped extract of a passage with the matched words in <mark>."""

from __future__ import annotations

import re
from html import escape

_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def snippet_html(text: str, words: set[str], *, max_words: int = 40) -> str:
    """The window of `max_words` words with the most matches; HTML-escaped, matches marked."""
    spans = [(m.start(), m.end(), m.group().lower() in words) for m in _WORD.finditer(text)]
    if not spans:
        return escape(text)
    flags = [hit for _, _, hit in spans]
    best, best_count = 0, sum(flags[:max_words])
    count = best_count
    for start in range(1, max(1, len(spans) - max_words + 1)):  # slide the window one word at a time
        count += flags[start + max_words - 1] - flags[start - 1]
        if count > best_count:
            best, best_count = start, count
    window = spans[best : best + max_words]
    begin, end = window[0][0], window[-1][1]
    if best + max_words >= len(spans):
        end = len(text)
    out: list[str] = ["… " if best > 0 else ""]
    cursor = begin
    for start, stop, hit in window:
        out.append(escape(text[cursor:start]))
        word = escape(text[start:stop])
        out.append(f"<mark>{word}</mark>" if hit else word)
        cursor = stop
    out.append(escape(text[cursor:end]))
    if best + max_words < len(spans):
        out.append(" …")
    return "".join(out).strip()
