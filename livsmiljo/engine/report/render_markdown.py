"""A report as Markdown (CommonMark with GFM tables): headings with #, sources as [label](href)."""

from __future__ import annotations

import re

from livsmiljo.engine.report.assets import ImageUrl, image_source, label
from livsmiljo.engine.report.model import (
    Block,
    BulletList,
    Figure,
    Heading,
    Paragraph,
    Quote,
    Report,
    Source,
    Table,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def render_markdown(
    report: Report, *, asset_dir: str | None = None, image_url: ImageUrl | None = None
) -> str:
    """The report as Markdown. Images as in `render_html`: a URL, a file in `asset_dir`, or a data: URI."""
    lines = [f"# {_e(report.title)}", ""]
    if report.subtitle:
        lines += [_e(report.subtitle), ""]
    meta = " · ".join(_e(x) for x in (report.author, report.date_text) if x)
    if meta:
        lines += [f"*{meta}*", ""]
    for block in report.blocks:
        lines += [*_block(report, block, asset_dir, image_url), ""]
    if report.made_by:
        lines += ["---", "", f"*{_e(report.made_by)}*", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _e(text: str) -> str:
    """Text that Markdown shows as written: no accidental emphasis, links, HTML or table cells."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _url(href: str) -> str:
    return href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")


def _block(report: Report, block: Block, asset_dir: str | None, image_url: ImageUrl | None) -> list[str]:
    if isinstance(block, Heading):
        return ["#" * min(max(block.level, 1) + 1, 6) + " " + _e(block.text)]
    if isinstance(block, Paragraph):
        text = _inline(block)
        return [f"*{text}*" if block.muted else text]
    if isinstance(block, BulletList):
        marks = [f"{i}." if block.ordered else "-" for i in range(1, len(block.items) + 1)]
        return [f"{mark} {_inline(p)}" for mark, p in zip(marks, block.items, strict=True)]
    if isinstance(block, Quote):
        tail = [x for x in (_e(block.attribution), _source(block.source) if block.source else "") if x]
        return [f"> {_e(block.text)}"] + ([">", f"> – {', '.join(tail)}"] if tail else [])
    if isinstance(block, Table):
        return table_markdown(block)
    return _figure(report, block, asset_dir, image_url)


def _inline(paragraph: Paragraph) -> str:
    text = _e(paragraph.text)
    if paragraph.href:
        text = f"[{text}]({_url(paragraph.href)})"
    if paragraph.sources:
        text += " (" + ", ".join(_source(s) for s in paragraph.sources) + ")"
    return text


def _source(source: Source) -> str:
    return f"[{_e(source.label)}]({_url(source.href)})" if source.href else _e(source.label)


def _figure(report: Report, figure: Figure, asset_dir: str | None, image_url: ImageUrl | None) -> list[str]:
    src = image_source(report, figure, asset_dir, image_url)
    lines = [f"![{_e(figure.alt)}]({_url(src)})"]
    if figure.caption:
        lines += ["", f"*{_e(figure.caption)}*"]
    if figure.table is not None:
        caption = figure.table.caption or label(report, "figure_numbers")
        lines += [
            "",
            *table_markdown(Table(caption, figure.table.header, figure.table.rows, figure.table.numeric)),
        ]
    return lines


def table_markdown(table: Table) -> list[str]:
    width = max([len(table.header)] + [len(r) for r in table.rows]) if (table.header or table.rows) else 0
    if not width:
        return [f"**{_e(table.caption)}**"] if table.caption else []
    header = list(table.header) + [""] * (width - len(table.header))
    align = ["---:" if i in table.numeric else "---" for i in range(width)]
    lines = [f"**{_e(table.caption)}**", ""] if table.caption else []
    lines += [_row(header), "| " + " | ".join(align) + " |"]
    lines += [_row(list(r) + [""] * (width - len(r))) for r in table.rows]
    return lines


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(_e(c) for c in cells) + " |"
