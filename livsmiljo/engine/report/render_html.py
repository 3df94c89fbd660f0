"""A report as HTML: a standalone document (static site, PDF, download) or a fragment for the platform page.

The fragment carries no inline style or script and only classes that site.css knows (`report-*`), so it
fits under the site's Content-Security-Policy; its images come from `image_url` (the site allows no
data: images). A standalone document inlines report.css, since it is opened from disk or a static server.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

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

STYLESHEET = Path(__file__).with_name("report.css")


def render_html(
    report: Report,
    *,
    standalone: bool = True,
    asset_dir: str | None = None,
    image_url: ImageUrl | None = None,
) -> str:
    """The report as HTML. Images: `image_url(figure)` when given, else `asset_dir/<file>` (the caller
    writes `assets.figure_files(report)` there), else inlined as data: URIs."""
    body = _Writer(report, asset_dir, image_url).article()
    if not standalone:
        return body
    head = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(report.title)}</title>",
    ]
    if report.author:
        head.append(f'<meta name="author" content="{_e(report.author)}">')
    if report.date:
        head.append(f'<meta name="dcterms.created" content="{report.date.isoformat()}">')
    head.append(f"<style>\n{STYLESHEET.read_text(encoding='utf-8')}</style>")
    lang = _e(report.language or "sv")
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n'
        + "\n".join(head)
        + f"\n</head>\n<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def _e(text: str) -> str:
    return escape(text, quote=True)


class _Writer:
    def __init__(self, report: Report, asset_dir: str | None, image_url: ImageUrl | None) -> None:
        self.report, self.asset_dir, self.image_url = report, asset_dir, image_url

    def article(self) -> str:
        r = self.report
        parts = ['<article class="report">', '<header class="report-head">', f"<h1>{_e(r.title)}</h1>"]
        if r.subtitle:
            parts.append(f'<p class="report-subtitle">{_e(r.subtitle)}</p>')
        meta = [_e(r.author)] if r.author else []
        if r.date_text and r.date:
            meta.append(f'<time datetime="{r.date.isoformat()}">{_e(r.date_text)}</time>')
        elif r.date_text:
            meta.append(_e(r.date_text))
        if meta:
            parts.append(f'<p class="report-meta">{" · ".join(meta)}</p>')
        parts.append("</header>")
        parts += [self.block(b) for b in r.blocks]
        if r.made_by:
            parts.append(f'<footer class="report-made-by"><p>{_e(r.made_by)}</p></footer>')
        parts.append("</article>")
        return "\n".join(parts) + "\n"

    def block(self, block: Block) -> str:
        if isinstance(block, Heading):
            level = min(max(block.level, 1) + 1, 6)
            anchor = f' id="{_e(block.anchor)}"' if block.anchor else ""
            return f"<h{level}{anchor}>{_e(block.text)}</h{level}>"
        if isinstance(block, Paragraph):
            muted = ' class="report-muted"' if block.muted else ""
            return f"<p{muted}>{self.inline(block)}</p>"
        if isinstance(block, BulletList):
            tag = "ol" if block.ordered else "ul"
            items = "".join(f"<li>{self.inline(p)}</li>" for p in block.items)
            return f'<{tag} class="report-list">{items}</{tag}>'
        if isinstance(block, Quote):
            return self.quote(block)
        if isinstance(block, Table):
            return table_html(block)
        return self.figure(block)

    def inline(self, paragraph: Paragraph) -> str:
        text = _e(paragraph.text)
        if paragraph.href:
            text = f'<a href="{_e(paragraph.href)}">{text}</a>'
        if paragraph.sources:
            text += " " + sources_html(paragraph.sources)
        return text

    def quote(self, quote: Quote) -> str:
        footer = []
        if quote.attribution:
            footer.append(_e(quote.attribution))
        if quote.source is not None:
            footer.append(f"<cite>{source_html(quote.source)}</cite>")
        tail = f"<footer>– {', '.join(footer)}</footer>" if footer else ""
        return f'<blockquote class="report-quote"><p>{_e(quote.text)}</p>{tail}</blockquote>'

    def figure(self, figure: Figure) -> str:
        src = image_source(self.report, figure, self.asset_dir, self.image_url)
        caption = f"<figcaption>{_e(figure.caption)}</figcaption>" if figure.caption else ""
        parts = [
            f'<figure class="report-figure"><img src="{_e(src)}" alt="{_e(figure.alt)}">{caption}</figure>'
        ]
        if figure.table is not None:
            parts.append(table_html(figure.table, label(self.report, "figure_numbers")))
        return "\n".join(parts)


def source_html(source: Source) -> str:
    if source.href:
        return f'<a href="{_e(source.href)}">{_e(source.label)}</a>'
    return _e(source.label)


def sources_html(sources: tuple[Source, ...]) -> str:
    return '<span class="report-sources">(' + ", ".join(source_html(s) for s in sources) + ")</span>"


def table_html(table: Table, fallback_caption: str = "") -> str:
    caption = table.caption or fallback_caption
    # A table wider than a phone scrolls inside its wrapper, which keyboard users must be able to reach
    # (WCAG 2.1.1; axe: scrollable-region-focusable): focusable, and named by the table's caption.
    named = f' role="region" aria-label="{_e(caption)}"' if caption else ""
    parts = [f'<div class="report-table-wrap" tabindex="0"{named}><table class="report-table">']
    if caption:
        parts.append(f"<caption>{_e(caption)}</caption>")
    if table.header:
        cells = "".join(f'<th scope="col"{_num(i, table)}>{_e(h)}</th>' for i, h in enumerate(table.header))
        parts.append(f"<thead><tr>{cells}</tr></thead>")
    parts.append("<tbody>")
    for row in table.rows:
        cells = "".join(_cell(i, value, table) for i, value in enumerate(row))
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table></div>")
    return "".join(parts)


def _num(index: int, table: Table) -> str:
    return ' class="report-num"' if index in table.numeric else ""


def _cell(index: int, value: str, table: Table) -> str:
    if index == 0 and 0 not in table.numeric:
        return f'<th scope="row">{_e(value)}</th>'
    return f"<td{_num(index, table)}>{_e(value)}</td>"
