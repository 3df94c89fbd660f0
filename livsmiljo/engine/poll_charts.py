"""Charts of poll results for the meeting documentation, as PNG (every format takes PNG: the page, PDF,
DOCX, the static site): bars of counts, and a word cloud laid out in rows.

Drawn on matplotlib's object API (no pyplot state), so threads may share it. Every word on a chart comes
from the caller, already translated.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

BAR = "#1b5e9e"  # blue, 6.7:1 on white
INK = "#1a1a1a"
CLOUD_COLOURS = ("#1b5e9e", "#1a1a1a", "#2e6b30", "#7a3b00")  # each at least 4.5:1 on white
DPI = 120
WIDTH = 7.0  # inches
MAX_LABEL = 40


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(labels: Sequence[str], values: Sequence[float], *, axis_label: str = "") -> bytes:
    """Horizontal bars, the first label on top, each bar with its number at its end."""
    height = 0.9 + 0.42 * max(len(labels), 1)
    fig = Figure(figsize=(WIDTH, height), dpi=DPI, layout="tight")
    ax = fig.add_subplot()
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, list(values), color=BAR, height=0.6)
    ax.set_yticks(positions, [_short(label) for label in labels], color=INK)
    top = max(values, default=0) or 1
    ax.set_xlim(0, top * 1.15)
    for y, value in zip(positions, values, strict=True):
        ax.text(value + top * 0.02, y, f"{value:g}", va="center", color=INK)
    if axis_label:
        ax.set_xlabel(axis_label, color=INK)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    return _save(fig)


def word_cloud(words: Sequence[tuple[str, int]], *, limit: int = 40) -> bytes:
    """The most frequent words in rows, largest first, font size by count (square root, so a word said by
    many does not crowd out the rest). Deterministic: the same words give the same picture."""
    chosen = list(words)[:limit]
    top = max((n for _, n in chosen), default=1)
    rows = _rows([(w, 10 + 26 * math.sqrt(n / top)) for w, n in chosen])
    heights = [max((size for _, size in row), default=12) * 1.3 / 72 for row in rows]
    total = sum(heights) + 0.3
    fig = Figure(figsize=(WIDTH, total), dpi=DPI)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    y = 1 - 0.15 / total
    for k, (row, height) in enumerate(zip(rows, heights, strict=True)):
        y -= height / total
        x = max(0.02, (1 - sum(_text_width(w, s) for w, s in row)) / 2)
        for i, (word, size) in enumerate(row):
            colour = CLOUD_COLOURS[(k + i) % len(CLOUD_COLOURS)]
            ax.text(x, y + height * 0.2 / total, word, fontsize=size, color=colour, transform=ax.transAxes)
            x += _text_width(word, size)
    return _save(fig)


def _text_width(word: str, size: float) -> float:
    """Roughly how much of the width a word takes at a font size, with a space after it."""
    return (len(word) + 1.2) * size * 0.58 / (WIDTH * 72)


def _rows(words: list[tuple[str, float]]) -> list[list[tuple[str, float]]]:
    rows: list[list[tuple[str, float]]] = [[]]
    used = 0.0
    for word, size in words:
        width = _text_width(word, size)
        if rows[-1] and used + width > 0.96:
            rows.append([])
            used = 0.0
        rows[-1].append((word, size))
        used += width
    return rows


def _save(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
