"""Charts of a matrix for the page and for download (SVG or PNG): a heatmap, influence given and
received, and a network. Drawn on matplotlib's object API (no pyplot state), so threads may share it.
Text stays text in the SVG; every label comes from the caller so it can be translated."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Circle, FancyArrowPatch, Patch, Rectangle

from livsmiljo.engine.matrix.analysis import STRONG, Analysis, analyse
from livsmiljo.engine.matrix.model import ScoredMatrix

POSITIVE = "#1b5e9e"  # blue, 6.7:1 on white
NEGATIVE = "#b02a1b"  # red, 6.3:1 on white; told apart by line style too
MISSING = "#f2f2f2"
DIAGONAL = "#8c8c8c"
INK = "#1a1a1a"
RC: Any = {"svg.fonttype": "none", "svg.hashsalt": "livsmiljo", "font.size": 9, "hatch.color": "#9a9a9a"}


@dataclass(frozen=True)
class ChartLabels:
    rows: str = "Om framsteg görs på …"
    columns: str = "… så påverkas"
    scale: str = "Poäng"
    missing: str = "saknas"
    out: str = "Påverkar andra (summan av raden)"
    in_: str = "Påverkas av andra (summan av kolumnen)"
    total: str = "Summa av poängen"
    positive: str = "Förstärker (+2, +3)"
    negative: str = "Motverkar (−2, −3)"


def score_text(v: int | float) -> str:
    """+2, 0 or −2 (with a real minus sign)."""
    v = int(v) if float(v).is_integer() else v
    return f"+{v}" if v > 0 else f"−{-v}" if v < 0 else "0"


def heatmap(m: ScoredMatrix, labels: ChartLabels | None = None, title: str = "", fmt: str = "svg") -> bytes:
    """Diverging colours with the score written in each cell; missing cells hatched and marked "–"."""
    labels = labels or ChartLabels()
    n = m.size
    limit = max([3, *(abs(v) for v in m.cells.values())])
    side = 2.5 + 0.42 * n
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(side + 1.5, side), dpi=110)
        ax = fig.add_subplot()
        cmap = matplotlib.colormaps["RdBu"]
        norm = matplotlib.colors.Normalize(vmin=-limit, vmax=limit)
        for i in range(n):
            for j in range(n):
                _heat_cell(ax, i, j, m.get(i, j), cmap, norm)
        ax.set_xlim(-0.5, n - 0.5)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xticks(range(n), m.goals, rotation=45, ha="right", fontsize=8)
        ax.set_yticks(range(n), m.goals, fontsize=8)
        ax.set_ylabel(labels.rows)
        ax.set_xlabel(labels.columns)
        ax.xaxis.set_label_position("top")
        ax.tick_params(length=0)
        bar = fig.colorbar(matplotlib.cm.ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6)
        bar.set_label(labels.scale)
        ticks = list(range(-limit, limit + 1, max(1, limit // 3)))
        bar.set_ticks(ticks, labels=[score_text(t) for t in ticks])
        ax.legend(
            handles=[Patch(facecolor=MISSING, hatch="///", edgecolor="#9a9a9a", label="– " + labels.missing)],
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            frameon=False,
            fontsize=8,
        )
        if title:
            ax.set_title(title, fontsize=10, pad=12)
        return _save(fig, fmt)


def _heat_cell(ax, i: int, j: int, v: int | None, cmap, norm) -> None:  # type: ignore[no-untyped-def]
    if i == j:
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=DIAGONAL, edgecolor="white"))
        return
    if v is None:
        ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=MISSING, hatch="///", edgecolor="white"))
        ax.text(j, i, "–", ha="center", va="center", fontsize=8, color=INK)
        return
    colour = cmap(norm(v))
    ax.add_patch(Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor=colour, edgecolor="white"))
    ax.text(j, i, score_text(v), ha="center", va="center", fontsize=8, color=_ink_on(colour))


def _luminance(rgb: tuple[float, ...]) -> float:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _ink_on(colour: tuple[float, ...]) -> str:
    """Black or white, whichever contrasts more with the cell (WCAG contrast ratio)."""
    lum = _luminance(colour)
    return "black" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "white"


def influence_bars(
    analysis: Analysis, labels: ChartLabels | None = None, title: str = "", fmt: str = "svg"
) -> bytes:
    """Per goal, influence given (row sum) and received (column sum) side by side, largest given first;
    the two told apart by fill and hatching, and each bar's value written next to it."""
    labels = labels or ChartLabels()
    goals = analysis.ranking or list(analysis.goals)
    n = len(goals)
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(8, 1.5 + 0.5 * n), dpi=110)
        ax = fig.add_subplot()
        h = 0.38
        for k, goal in enumerate(goals):
            for offset, value, colour, hatch in (
                (-h / 2, analysis.out[goal], POSITIVE, ""),
                (h / 2, analysis.in_[goal], "#f3c9a5", "..."),
            ):
                ax.barh(k + offset, value, height=h, color=colour, hatch=hatch, edgecolor=INK, linewidth=0.5)
                ax.text(
                    value + (0.15 if value >= 0 else -0.15),
                    k + offset,
                    score_text(value),
                    va="center",
                    ha="left" if value >= 0 else "right",
                    fontsize=8,
                    color=INK,
                )
        ax.axvline(0, color=INK, linewidth=0.8)
        ax.set_yticks(range(n), goals, fontsize=8)
        ax.set_ylim(n - 0.5, -0.5)
        span = max([1, *(abs(v) for v in [*analysis.out.values(), *analysis.in_.values()])])
        ax.set_xlim(-span * 1.25, span * 1.25)
        ax.set_xlabel(labels.total)
        ax.legend(
            handles=[
                Patch(facecolor=POSITIVE, edgecolor=INK, label=labels.out),
                Patch(facecolor="#f3c9a5", hatch="...", edgecolor=INK, label=labels.in_),
            ],
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12),
            ncol=2,
            frameon=False,
            fontsize=8,
        )
        if title:
            ax.set_title(title, fontsize=10)
        return _save(fig, fmt)


def network(
    source: Analysis | ScoredMatrix,
    labels: ChartLabels | None = None,
    title: str = "",
    fmt: str = "svg",
    min_abs: int = STRONG,
) -> bytes:
    """Goals on a circle; an arrow from A to B for each score with |score| ≥ `min_abs`: positive solid
    and blue, negative dashed and red, width by |score|."""
    labels = labels or ChartLabels()
    m = _matrix(source)
    n = m.size
    at = [
        (math.cos(math.pi / 2 - 2 * math.pi * k / n), math.sin(math.pi / 2 - 2 * math.pi * k / n))
        for k in range(n)
    ]
    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(8.5, 7.5), dpi=110)
        ax = fig.add_subplot()
        for (i, j), v in sorted(m.cells.items(), key=lambda c: abs(c[1])):
            if i != j and abs(v) >= min_abs:
                ax.add_patch(
                    FancyArrowPatch(
                        at[i],
                        at[j],
                        arrowstyle="-|>",
                        mutation_scale=12,
                        connectionstyle="arc3,rad=0.12",
                        color=POSITIVE if v > 0 else NEGATIVE,
                        linestyle="solid" if v > 0 else (0, (4, 2.5)),
                        linewidth=0.9 * abs(v),
                        shrinkA=11,
                        shrinkB=11,
                    )
                )
        for k, (x, y) in enumerate(at):
            ax.add_patch(Circle((x, y), 0.045, facecolor="white", edgecolor=INK, linewidth=1.2, zorder=3))
            ax.text(
                x * 1.13,
                y * 1.13,
                m.goals[k],
                ha="left" if x > 0.05 else "right" if x < -0.05 else "center",
                va="bottom" if y > 0.05 else "top" if y < -0.05 else "center",
                fontsize=8,
                color=INK,
            )
        ax.legend(
            handles=[
                Line2D([], [], color=POSITIVE, linewidth=2, label=labels.positive),
                Line2D([], [], color=NEGATIVE, linewidth=2, linestyle=(0, (4, 2.5)), label=labels.negative),
            ],
            loc="lower center",
            bbox_to_anchor=(0.5, -0.08),
            ncol=2,
            frameon=False,
            fontsize=8,
        )
        ax.set_xlim(-1.8, 1.8)
        ax.set_ylim(-1.3, 1.3)
        ax.set_aspect("equal")
        ax.axis("off")
        if title:
            ax.set_title(title, fontsize=10)
        return _save(fig, fmt)


def _matrix(source: Analysis | ScoredMatrix) -> ScoredMatrix:
    if isinstance(source, ScoredMatrix):
        return source
    assert source.matrix is not None, "an Analysis made by analyse() carries its matrix"
    return source.matrix


def network_alt_text(
    source: Analysis | ScoredMatrix, min_abs: int = STRONG, limit: int = 5
) -> dict[str, object]:
    """What the network shows, for an alt text: counts, the strongest positive and negative links
    (name, name, score), and a plain Swedish sentence the Django side may use or rephrase."""
    m = _matrix(source)
    a = source if isinstance(source, Analysis) else analyse(m)
    shown = [v for (i, j), v in m.cells.items() if i != j and abs(v) >= min_abs]
    positive, negative = a.strong_synergies[:limit], a.strong_conflicts[:limit]
    if min_abs != STRONG:
        positive = _strongest(m, lambda v: v >= min_abs, limit)
        negative = [link for link in reversed(_strongest(m, lambda v: v <= -min_abs, 10**6))][:limit]
    text = f"Nätverk med {m.size} mål och {len(shown)} starka samband."
    if positive:
        text += (
            " Starkast förstärkning: "
            + ", ".join(f"{x} → {y} ({score_text(v)})" for x, y, v in positive)
            + "."
        )
    if negative:
        text += (
            " Starkast motverkan: " + ", ".join(f"{x} → {y} ({score_text(v)})" for x, y, v in negative) + "."
        )
    if not shown:
        text += " Inga samband är starka nog att ritas."
    return {"goals": m.size, "links": len(shown), "positive": positive, "negative": negative, "text": text}


def _listed(links: list[tuple[str, str, int]]) -> str:
    return ", ".join(f"{x} → {y} ({score_text(v)})" for x, y, v in links)


def _strongest(m: ScoredMatrix, keep, limit: int) -> list[tuple[str, str, int]]:  # type: ignore[no-untyped-def]
    found = sorted(
        ((v, i, j) for (i, j), v in m.cells.items() if i != j and keep(v)), key=lambda t: (-t[0], t[1], t[2])
    )
    return [(m.goals[i], m.goals[j], v) for v, i, j in found[:limit]]


def _save(fig: Figure, fmt: str) -> bytes:
    if fmt not in ("svg", "png"):
        raise ValueError(f"unknown chart format {fmt!r}")
    fig.tight_layout()
    buffer = io.BytesIO()
    metadata = {"Date": None} if fmt == "svg" else {"Software": None}
    fig.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
