"""What every renderer shares: labels, figure file names and image sources, number cells."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable

from livsmiljo.engine.report.model import Figure, Report, Table

# Used when the Django side passes no translation: the reports are Swedish first.
DEFAULT_LABELS = {
    "page": "Sida",
    "of": "av",
    "source": "Källa",
    "sources": "Källor",
    "figure_numbers": "Siffrorna bakom diagrammet",
    "contents": "Innehåll",
}

ImageUrl = Callable[[Figure], str]

EXTENSIONS = {"image/png": "png", "image/svg+xml": "svg", "image/jpeg": "jpg"}


def label(report: Report, key: str) -> str:
    return report.labels.get(key) or DEFAULT_LABELS.get(key, key)


def figures(report: Report) -> list[Figure]:
    return [b for b in report.blocks if isinstance(b, Figure)]


def safe_name(text: str, fallback: str) -> str:
    """A file-safe ASCII name: "Fråga 3: Vad?" -> "fraga-3-vad"."""
    folded = text.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    name = re.sub(r"[^a-z0-9]+", "-", folded).strip("-")[:60].strip("-")
    return name or fallback


def figure_filename(report: Report, figure: Figure) -> str:
    """The figure's file name in a folder of images, unique within the report ("figur-2.png")."""
    index = next(i for i, f in enumerate(figures(report), start=1) if f is figure)
    base = safe_name(figure.name, f"figur-{index}") if figure.name else f"figur-{index}"
    return f"{index:02d}-{base}.{EXTENSIONS.get(figure.mime, 'bin')}"


def figure_files(report: Report) -> dict[str, bytes]:
    """The images to write next to an HTML or Markdown file rendered with `asset_dir`: {file name: bytes}."""
    return {figure_filename(report, f): f.image for f in figures(report)}


def data_uri(figure: Figure) -> str:
    return f"data:{figure.mime};base64,{base64.b64encode(figure.image).decode('ascii')}"


def image_source(report: Report, figure: Figure, asset_dir: str | None, image_url: ImageUrl | None) -> str:
    """A URL from the caller, a relative path into `asset_dir`, or the image itself as a data: URI."""
    if image_url is not None:
        return image_url(figure)
    if asset_dir is not None:
        folder = asset_dir.rstrip("/")
        name = figure_filename(report, figure)
        return f"{folder}/{name}" if folder else name
    return data_uri(figure)


def table_names(report: Report) -> dict[str, Table]:
    """Every table in reading order (figures' tables included) under a unique file-safe name: its own
    `name`, its caption, or "tabell-N"."""
    in_order = [
        b.table if isinstance(b, Figure) else b for b in report.blocks if isinstance(b, Table | Figure)
    ]
    named: dict[str, Table] = {}
    for index, table in enumerate((t for t in in_order if t is not None), start=1):
        base = safe_name(table.name or table.caption, f"tabell-{index}")
        name, n = base, 2
        while name in named:
            name, n = f"{base}-{n}", n + 1
        named[name] = table
    return named


NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def as_number(text: str) -> int | float | None:
    """The cell as a number when it is one, written the Swedish way or not ("12", "-3", "4,5", "12 %")."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").removesuffix("%")
    if not NUMBER.match(cleaned):
        return None
    value = float(cleaned.replace(",", "."))
    return int(value) if value.is_integer() and "," not in cleaned and "." not in cleaned else value
