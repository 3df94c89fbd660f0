"""Real files from the programs regions use: Chromium "Save as PDF" (one and two columns), LibreOffice
Writer's PDF and DOCX export, a Ghostscript re-distilled PDF and matplotlib, made from one known text.

No Django here: the engine's tests and `bench/producers_bench.py` use it too. Each producer writes the
same `Source` (a title, then pages of headings, paragraphs and at most one table), so a test can compare
the words that come out with the words that went in, page by page.
"""

from __future__ import annotations

import difflib
import html
import io
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from livsmiljo.documents.tests.factories import wrap

CHROMIUM = os.environ.get("LIVSMILJO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass(frozen=True)
class SourcePage:
    heading: str
    paragraphs: tuple[str, ...]
    table: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Source:
    title: str
    pages: tuple[SourcePage, ...]
    columns: int = 1
    meta_title: str = field(default="", compare=False)

    def page_words(self, number: int) -> list[str]:
        page = self.pages[number - 1]
        cells = [cell for row in page.table for cell in row]
        heading = [self.title] if number == 1 else []
        return words(" ".join([*heading, page.heading, *page.paragraphs, *cells]))


def words(text: str) -> list[str]:
    """Lower-case words without punctuation: what "word for word" compares."""
    return re.findall(r"\w+", text.lower())


def word_accuracy(source: list[str], extracted: list[str]) -> float:
    """The share of source words recovered in order (longest matching blocks)."""
    if not source:
        return 1.0
    matcher = difflib.SequenceMatcher(a=source, b=extracted, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks()) / len(source)


# --- the known text ---------------------------------------------------------------------------------

PARAGRAPHS = (
    "Regionen ska vara en plats där människor vill bo, arbeta och leva hela livet. Därför behöver "
    "bostäder, arbetstillfällen och service finnas i alla delar av länet, även i de glest befolkade "
    "kommunerna i inlandet, där avstånden är långa och befolkningen minskar.",
    "Kollektivtrafiken är ryggraden i en hållbar regional utveckling. Effektiva och flexibla resor "
    "mellan orterna gör det möjligt att pendla till arbete och studier utan bil. Anropsstyrd trafik "
    "kompletterar de fasta linjerna där underlaget är för litet för ordinarie turer.",
    "Kompetensförsörjningen är en av de största utmaningarna för näringslivet. Arbetsgivare inom vård, "
    "industri och byggsektorn har svårt att rekrytera, samtidigt som många unga lämnar regionen för "
    "högre studier och inte återvänder.",
    "Folkhälsan skiljer sig åt mellan grupper och mellan kommuner. Livslängden är kortare bland personer "
    "med kort utbildning, och den psykiska ohälsan ökar bland unga. Förebyggande arbete i skolan och i "
    "föreningslivet ger effekt på lång sikt men syns sällan i årets budget.",
    "Klimatomställningen kräver att utsläppen från transporter och industri minskar kraftigt. Samtidigt "
    "ska ny fossilfri elproduktion byggas ut, och vindkraft i skogslandet berör både rennäringen, "
    "friluftslivet och den biologiska mångfalden.",
    "Digitaliseringen ger nya möjligheter att bo på landsbygden och arbeta på distans. Utbyggnaden av "
    "bredband har kommit långt, men de sista hushållen i fjällbyarna saknar fortfarande en stabil "
    "uppkoppling, och digital kompetens behöver stärkas bland äldre.",
    "Kulturen och fritiden gör orterna attraktiva. Bibliotek, föreningar och idrottsplatser är "
    "mötesplatser där människor med olika bakgrund möts, och det officiella kulturarvet lyfts fram "
    "tillsammans med samiska och tornedalska berättelser.",
    "Samverkan mellan kommunerna, staten, näringslivet och civilsamhället är en förutsättning för att "
    "lyckas. Regionen tar rollen som samlande kraft och följer upp strategin varje år tillsammans med "
    "de aktörer som bär ansvaret för genomförandet.",
)

TABLE = (
    ("Åtgärd", "Ansvar", "År"),
    ("Nya busslinjer i glesbygden", "Trafikmyndigheten", "2026"),
    ("Ombyggda hållplatser", "Kommunerna", "2027"),
    ("Laddinfrastruktur längs stråken", "Regionen och näringslivet", "2028"),
)


def strategy(columns: int = 1) -> Source:
    """A three-page plan: two paragraphs a page with a heading, a table on the last page."""
    return Source(
        title="Regional utvecklingsstrategi för Norrskog 2030",
        pages=(
            SourcePage("1 Attraktiva livsmiljöer", PARAGRAPHS[0:3]),
            SourcePage("2 Hälsa och klimat", PARAGRAPHS[3:6]),
            SourcePage("3 Kultur och samverkan", PARAGRAPHS[6:8], TABLE),
        ),
        columns=columns,
    )


def brochure() -> Source:
    """Two pages of two-column text, as a printed brochure."""
    return Source(
        title="Livsmiljöer i hela länet",
        pages=(
            SourcePage("Så vill vi utveckla regionen", PARAGRAPHS[0:4]),
            SourcePage("Vägen framåt", PARAGRAPHS[4:8]),
        ),
        columns=2,
    )


# --- HTML, for Chromium and LibreOffice -------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 2cm; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 20pt; } h2 { font-size: 14pt; }
.page { break-after: page; } .page:last-child { break-after: auto; }
.cols { column-count: 2; column-gap: 1cm; text-align: justify; hyphens: manual; }
table { border-collapse: collapse; margin-top: 1em; } td, th { border: 1px solid #444; padding: 4px 8px; }
"""


def to_html(source: Source) -> str:
    body = []
    for number, page in enumerate(source.pages, 1):
        parts = [f"<h1>{html.escape(source.title)}</h1>"] if number == 1 else []
        parts.append(f"<h2>{html.escape(page.heading)}</h2>")
        text = "".join(
            f"<p>{_soft_hyphens(p) if source.columns > 1 else html.escape(p)}</p>" for p in page.paragraphs
        )
        parts.append(f'<div class="cols">{text}</div>' if source.columns > 1 else text)
        if page.table:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
                for row in page.table
            )
            parts.append(f"<table>{rows}</table>")
        body.append(f'<div class="page">{"".join(parts)}</div>')
    title = f"<title>{html.escape(source.meta_title)}</title>" if source.meta_title else ""
    return (
        f'<!doctype html><html lang="sv"><head><meta charset="utf-8">{title}<style>{_CSS}</style></head>'
        f"<body>{''.join(body)}</body></html>"
    )


def _soft_hyphens(text: str) -> str:
    """Narrow justified columns break long Swedish compounds at soft hyphens, as layout programs do."""
    return " ".join(
        "&shy;".join(html.escape(part) for part in re.findall(r".{1,6}", word))
        if len(word) > 12
        else html.escape(word)
        for word in text.split()
    )


# --- the producers ----------------------------------------------------------------------------------


def chromium_pdf(source: Source, *, header_footer: bool = True) -> bytes:
    """Chromium's print to PDF; with the browser's default header and footer (date, title, URL, page)."""
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "sida.html"
        page.write_text(to_html(source), encoding="utf-8")
        out = Path(folder) / "ut.pdf"
        flags = [] if header_footer else ["--no-pdf-header-footer"]
        _run(
            [
                CHROMIUM,
                *CHROMIUM_ARGS,
                *flags,
                f"--user-data-dir={folder}/profil",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ]
        )
        return out.read_bytes()


def writer_docx(source: Source) -> bytes:
    """The text as a Word document (python-docx), a page break before each page, headings styled."""
    import docx

    document = docx.Document()
    for number, page in enumerate(source.pages, 1):
        if number > 1:
            document.add_page_break()
        else:
            document.add_heading(source.title, level=1)
        document.add_heading(page.heading, level=2)
        for paragraph in page.paragraphs:
            document.add_paragraph(paragraph)
        if page.table:
            table = document.add_table(rows=len(page.table), cols=len(page.table[0]))
            for row, cells in zip(table.rows, page.table, strict=True):
                for cell, text in zip(row.cells, cells, strict=True):
                    cell.text = text
    if source.meta_title:
        document.core_properties.title = source.meta_title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def libreoffice(data: bytes, suffix: str, target: str) -> bytes:
    """Convert with LibreOffice Writer (`soffice --headless --convert-to target`)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice saknas: installera Debians paket libreoffice-writer-nogui.")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"in{suffix}"
        source.write_bytes(data)
        _run([soffice, f"-env:UserInstallation=file://{folder}/profil", "--headless", "--convert-to", target,
              "--outdir", f"{folder}/ut", str(source)], timeout=180)  # fmt: skip
        (out,) = Path(folder, "ut").iterdir()
        return out.read_bytes()


def libreoffice_pdf(source: Source) -> bytes:
    return libreoffice(writer_docx(source), ".docx", "pdf")


def libreoffice_docx(source: Source) -> bytes:
    """A DOCX as LibreOffice saves it (its own writer, not python-docx's)."""
    return libreoffice(writer_docx(source), ".docx", "docx:MS Word 2007 XML")


def ghostscript_pdf(pdf: bytes) -> bytes:
    """Re-distil a PDF with Ghostscript's pdfwrite, as print drivers and "optimise PDF" tools do."""
    gs = shutil.which("gs")
    if gs is None:
        raise RuntimeError("Ghostscript saknas: installera Debians paket ghostscript.")
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "in.pdf").write_bytes(pdf)
        out = f"-sOutputFile={folder}/ut.pdf"
        _run([gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite", out, f"{folder}/in.pdf"])
        return Path(folder, "ut.pdf").read_bytes()


def matplotlib_pdf(source: Source) -> bytes:
    """One figure per page, text wrapped by hand, saved with matplotlib's PDF backend."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

    buffer = io.BytesIO()
    with PdfPages(buffer) as pdf:
        for number, page in enumerate(source.pages, 1):
            figure = Figure(figsize=(8.27, 11.69))
            y = 0.93
            lines: list[tuple[str, float]] = [(source.title, 16)] if number == 1 else []
            lines.append((page.heading, 13))
            for paragraph in page.paragraphs:
                lines += [(line, 10) for line in wrap(paragraph, 85)] + [("", 10)]
            lines += [("    ".join(row), 10) for row in page.table]
            for text, size in lines:
                figure.text(0.08, y, text, fontsize=size, family="DejaVu Sans")
                y -= (size + 5) / 842
            pdf.savefig(figure)
    return buffer.getvalue()


def _run(command: list[str], timeout: int = 120) -> None:
    subprocess.run(command, check=True, capture_output=True, timeout=timeout)


def _ghostscript(source: Source) -> bytes:
    return ghostscript_pdf(chromium_pdf(source))


# name: (file suffix, producer, whether it lays the text out in two columns)
PRODUCERS: dict[str, tuple[str, Callable[[Source], bytes], bool]] = {
    "chromium": (".pdf", chromium_pdf, False),
    "chromium-2col": (".pdf", chromium_pdf, True),
    "ghostscript": (".pdf", _ghostscript, False),
    "libreoffice-pdf": (".pdf", libreoffice_pdf, False),
    "libreoffice-docx": (".docx", libreoffice_docx, False),
    "matplotlib": (".pdf", matplotlib_pdf, False),
}
