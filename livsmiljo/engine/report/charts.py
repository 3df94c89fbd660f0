"""Charts for reports as PNG: plain matplotlib, drawn off screen, readable in print and in grey."""

from __future__ import annotations

import io
from collections.abc import Sequence

BAR_COLOUR = "#2f6f9f"


def bar_chart_png(labels: Sequence[str], values: Sequence[float], *, unit: str = "%") -> bytes:
    """Horizontal bars, largest at the top as given, each bar labelled with its value ("34 %")."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    count = max(len(labels), 1)
    fig, ax = plt.subplots(figsize=(7.5, 0.9 + 0.38 * count), dpi=110)
    positions = list(range(len(labels)))[::-1]
    ax.barh(positions, list(values), color=BAR_COLOUR, height=0.6)
    ax.set_yticks(positions, list(labels), fontsize=9)
    top = max([*list(values), 1.0])
    ax.set_xlim(0, top * 1.18)
    for y, value in zip(positions, values, strict=True):
        ax.text(value + top * 0.01, y, f"{value:g}\u00a0{unit}".strip(), va="center", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
