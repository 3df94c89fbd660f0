"""The blocks a report is made of. Text is plain (renderers escape it); links are relative or absolute."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Source:
    """Where a sentence, quote or number comes from: a note, a poll answer, a chat message, a passage, a poll.

    `kind` is one of "note", "response", "chat", "passage", "poll", "document", "matrix"; `label` is how the
    reader sees it (e.g. "lapp 12", "s. 4"); `href` a link when there is one (relative in the static site).
    """

    kind: str
    id: int
    label: str
    href: str = ""


@dataclass(frozen=True)
class Heading:
    level: int  # 1 for the report title's sections ... 4
    text: str
    anchor: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    sources: tuple[Source, ...] = ()
    href: str = ""  # the whole paragraph links here (e.g. a passage in the library)
    muted: bool = False  # secondary text: a note on how the text was made, an empty state


@dataclass(frozen=True)
class BulletList:
    items: tuple[Paragraph, ...]
    ordered: bool = False


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str = ""  # "Grupp 2", "deltagare", an organisation
    source: Source | None = None


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[int, ...] = ()  # indexes of right-aligned numeric columns
    name: str = ""  # a short file-safe name for CSV/XLSX export of this table ("narvaro", "fraga-3")


@dataclass(frozen=True)
class Figure:
    """A chart or word cloud: the image, its alt text (what it shows, in words) and the numbers as a table."""

    image: bytes
    mime: str  # "image/png" or "image/svg+xml"
    alt: str
    caption: str = ""
    table: Table | None = None
    name: str = ""  # file-safe name for the image file in the static site


Block = Heading | Paragraph | BulletList | Quote | Table | Figure


@dataclass
class Report:
    title: str
    blocks: list[Block] = field(default_factory=list)
    subtitle: str = ""  # "Lärprojekt Hållbara livsmiljöer · Stockholm"
    date: date | datetime | None = None
    date_text: str = ""  # the date as the reader should see it, already in Swedish ("2 december 2026")
    language: str = "sv"
    author: str = ""  # organisation or project that publishes it
    made_by: str = ""  # how the text was made ("Sammanfattningen är utvald ur mötets eget material.")
    labels: dict[str, str] = field(default_factory=dict)  # translated words renderers need ("Sida", "Källa")

    def add(self, *blocks: Block) -> Report:
        self.blocks.extend(blocks)
        return self

    def tables(self) -> list[Table]:
        found = [b for b in self.blocks if isinstance(b, Table)]
        found += [b.table for b in self.blocks if isinstance(b, Figure) and b.table is not None]
        return found
