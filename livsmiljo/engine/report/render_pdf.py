"""A report as PDF: WeasyPrint lays out the standalone HTML with print rules (A4, "Sida X av Y"), tagged
for assistive technology (PDF/UA-1), with the title, author and language in the PDF's metadata."""

from __future__ import annotations

from livsmiljo.engine.report.assets import label
from livsmiljo.engine.report.model import Report
from livsmiljo.engine.report.render_html import render_html


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML

    html = HTML(string=render_html(report, standalone=True))
    document = html.render(stylesheets=[CSS(string=page_css(report))], pdf_tags=True)
    pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
    assert pdf is not None
    return pdf


def page_css(report: Report) -> str:
    words = f'"{_css_string(label(report, "page"))} " counter(page) " {_css_string(label(report, "of"))} "'
    title = _css_string(report.title[:90])
    return (
        "@page { size: A4; margin: 2.2cm 2cm 2.4cm;"
        f" @bottom-center {{ content: {words} counter(pages); font-size: 9pt; color: #4a5560; }}"
        f' @top-right {{ content: "{title}"; font-size: 8pt; color: #4a5560; }} }}'
        " @page :first { @top-right { content: none; } }"
        " html { font-size: 10.5pt; }"
    )


def _css_string(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")
