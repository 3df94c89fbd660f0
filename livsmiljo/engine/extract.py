"""Text extraction, page by page, from PDF, DOCX, HTML, Markdown and plain text. No Django here.

Pages: a PDF has real pages. Word files have no fixed pages, so a DOCX is cut at the page breaks Word
itself recorded (explicit `w:br type=page` and `w:lastRenderedPageBreak`, written when Word last laid the
document out): then "page 7" in a citation is the page the reader sees in Word. A DOCX without any
recorded break, and HTML, Markdown and plain text, are cut into "pages" of about 450 words at paragraph
boundaries, preferring to start a page at a heading, so that a citation still points to a short,
findable stretch of text.

Every problem a user can fix raises `ExtractionError(code, message)` with a Swedish message that says
what to do. The PDF reader lives in `extract_pdf`.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

VIRTUAL_PAGE_WORDS = 450
MAX_DOCX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCX_RATIO = 200
RATIO_CHECK_FROM = 10 * 1024 * 1024
MAX_DOCX_ENTRIES = 5000
# Bounds on what is parsed, checked before the parser runs (issue 9: a 9 MB document.xml slipped under the
# zip ratio check and its parse grew to 23.6 GB). Declared sizes are enforced: zipfile stops at them.
MAX_DOCX_XML = 32 * 1024 * 1024  # all XML members of a DOCX together, unpacked
MAX_DOCX_ELEMENTS = 1_000_000  # XML elements in word/document.xml (1.9 M took 430 MB to parse)
MAX_DOCX_PARAGRAPHS = 100_000
MAX_HTML_DEPTH = 200  # nested elements; libxml2 gives up at 256 and Python's recursion at about 1,000
MAX_TEXT_CHARS = 5_000_000  # extracted characters per file, about 1,500 pages of dense text
MIN_WORDS = 3  # words of two letters or more: fewer is not a document

FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".text": "text",
}


@dataclass(frozen=True)
class PageText:
    """One page's text; paragraphs separated by blank lines, lines inside a paragraph by one newline.

    `headings` are paragraphs the source marks as headings (styles, tags, font size); when
    `guess_headings` is true the chunker may also recognise headings from their look. `needs_ocr` marks a
    PDF page without a text layer (a scan): its text is empty until OCR reads it.
    """

    number: int
    text: str
    headings: tuple[str, ...] = ()
    guess_headings: bool = True
    needs_ocr: bool = False


@dataclass(frozen=True)
class Extracted:
    pages: list[PageText]
    format: str
    title: str = ""


def _(text: str) -> str:
    """Marks a message for translation (makemessages finds `_()`); the caller translates `template`."""
    return text


class ExtractionError(Exception):
    """A problem the user can fix. `message` is Swedish; `template % params` lets a caller translate it."""

    def __init__(self, code: str, template: str, params: dict[str, object] | None = None) -> None:
        self.code, self.template, self.params = code, template, params or {}
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return self.template % self.params if self.params else self.template


@dataclass
class _Block:
    text: str
    heading: bool = False
    page_break_before: bool = False


@dataclass
class _Blocks:
    items: list[_Block] = field(default_factory=list)
    has_breaks: bool = False


def extract(source: bytes | Path | str, file_name: str, *, max_bytes: int | None = None) -> Extracted:
    """Read the text of `source` (bytes or a path), whose format is given by `file_name`'s extension."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    if max_bytes is not None and len(data) > max_bytes:
        raise ExtractionError(
            "too_large",
            _(
                "Filen är %(size).1f MB men gränsen är %(limit)d MB. "
                "Dela upp dokumentet eller spara det utan inbäddade bilder och försök igen."
            ),
            {"size": len(data) / 1048576, "limit": max_bytes // 1048576},
        )
    if not data.strip():
        raise ExtractionError("empty", _("Filen är tom. Kontrollera att du valde rätt fil och försök igen."))
    fmt = detect_format(data, file_name)
    if fmt == "pdf":
        from livsmiljo.engine.extract_pdf import read_pdf

        extracted = read_pdf(data)
    else:
        reader = {"docx": _read_docx, "html": _read_html, "markdown": _read_markdown}
        extracted = reader.get(fmt, _read_text)(data)
    if not any(page.text.strip() or page.needs_ocr for page in extracted.pages):
        raise ExtractionError("empty", _("Filen innehåller ingen text. Kontrollera att du valde rätt fil."))
    check_text_size(sum(len(page.text) for page in extracted.pages))
    if not any(page.needs_ocr for page in extracted.pages):
        _check_readable(extracted.pages)
    return extracted


def check_text_size(chars: int) -> None:
    """Refuse a file once its text passes MAX_TEXT_CHARS (readers call this as they go)."""
    if chars > MAX_TEXT_CHARS:
        raise ExtractionError(
            "too_much_text",
            _(
                "Filen innehåller mer än %(limit)s tecken text, mer än tjänsten läser ur en fil. "
                "Dela upp dokumentet i flera filer och försök igen."
            ),
            {"limit": f"{MAX_TEXT_CHARS:,}".replace(",", " ")},
        )


_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”„»«‘’–—…•·§°"
_WORDLIKE = re.compile(r"[^\W_]+(?:[-'’.,:/][^\W_]+)*")
_SAMPLE_TOKENS = 5000


def _check_readable(pages: list[PageText]) -> None:
    """Refuse text that is not text: random bytes decode to 'characters', but not to words."""
    tokens = [t.strip(_PUNCTUATION) for page in pages for t in page.text.split()[:_SAMPLE_TOKENS]]
    tokens = [t for t in tokens[:_SAMPLE_TOKENS] if t]
    wordlike = [t for t in tokens if _WORDLIKE.fullmatch(t)]
    words = sum(1 for t in wordlike if sum(c.isalpha() for c in t) >= 2)
    if words < MIN_WORDS or len(wordlike) < 0.5 * len(tokens):
        raise ExtractionError(
            "not_text",
            _(
                "Filen innehåller ingen läsbar text: för få ord, eller mest tecken som inte bildar ord. "
                "Kontrollera att du valde rätt fil och att en textfil är sparad som text (UTF-8)."
            ),
        )


def detect_format(data: bytes, file_name: str) -> str:
    """The format from the extension, checked against the file's first bytes (its magic number)."""
    suffix = Path(file_name).suffix.lower()
    head = data[:1024]
    actual = _sniff(head)
    if suffix == ".doc" or actual == "ole":
        raise ExtractionError(
            "unsupported",
            _("Filen är i det gamla Word-formatet (.doc). Öppna den i Word och spara som .docx eller PDF."),
        )
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise ExtractionError(
            "unsupported",
            _("Filtypen %(suffix)s stöds inte. Ladda upp PDF, Word (.docx), HTML, Markdown eller text."),
            {"suffix": suffix or "(ingen)"},
        )
    expected = {"pdf": "pdf", "docx": "zip"}.get(fmt, "text")
    if actual != expected:
        found = {"pdf": _("en PDF"), "zip": _("ett zip- eller Office-arkiv"), "text": _("text")}
        raise ExtractionError(
            "mismatch",
            _(
                "Filen heter %(suffix)s men innehåller %(found)s. "
                "Ge filen rätt filändelse eller välj rätt fil."
            ),
            {"suffix": suffix, "found": found.get(actual, _("binärdata"))},
        )
    return fmt


def _sniff(head: bytes) -> str:
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


# --- DOCX -----------------------------------------------------------------------------------------


def _read_docx(data: bytes) -> Extracted:
    _check_zip(data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, Exception) as error:
        raise ExtractionError(
            "corrupt_docx",
            _("Word-filen är skadad och går inte att läsa. Öppna den i Word, spara på nytt och försök igen."),
        ) from error
    root = document.element
    if root.tag != f"{_W}document" or root.find(f"{_W}body") is None:
        raise _docx_structure_error()
    try:
        blocks = _docx_blocks(document)
    except (AttributeError, TypeError, ValueError) as error:  # elements where Word never puts them
        raise _docx_structure_error() from error
    title = (document.core_properties.title or "").strip()
    pages = _paginate(blocks) if blocks.has_breaks else _virtual_pages(blocks.items)
    return Extracted(pages=pages, format="docx", title=clean_title(title))


def _check_zip(data: bytes) -> None:
    """Look at the archive's table of contents before anything is unpacked (zip bombs)."""
    corrupt = ExtractionError(
        "corrupt_docx",
        _("Word-filen är skadad och går inte att läsa. Öppna den i Word, spara på nytt och försök igen."),
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:  # incl. zip versions
        raise corrupt from error
    total = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    too_big = len(infos) > MAX_DOCX_ENTRIES or total > MAX_DOCX_UNCOMPRESSED
    if too_big or (total > RATIO_CHECK_FROM and total / packed > MAX_DOCX_RATIO):
        raise ExtractionError(
            "zip_bomb",
            _(
                "Word-filen packas upp till orimligt mycket data och har stoppats av säkerhetsskäl. "
                "Spara dokumentet på nytt i Word eller som PDF och försök igen."
            ),
        )
    if "word/document.xml" not in {info.filename for info in infos}:
        raise corrupt
    xml = [info for info in infos if info.filename.endswith((".xml", ".rels"))]
    if sum(info.file_size for info in xml) > MAX_DOCX_XML:
        raise _docx_too_much_text()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            body = archive.read("word/document.xml")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as error:
            raise corrupt from error
        except (NotImplementedError, RuntimeError) as error:  # an unknown zip version or method, encryption
            raise corrupt from error
    elements = body.count(b"<") - body.count(b"</")
    paragraphs = len(re.findall(rb"<w:p[\s/>]", body))
    if elements > MAX_DOCX_ELEMENTS or paragraphs > MAX_DOCX_PARAGRAPHS:
        raise _docx_too_much_text()


def _docx_too_much_text() -> ExtractionError:
    return ExtractionError(
        "too_much_text",
        _(
            "Word-filen innehåller mer än tjänsten läser ur en fil (högst %(megabytes)d MB uppackad text "
            "och %(paragraphs)s stycken). Dela upp dokumentet i flera filer och försök igen."
        ),
        {"megabytes": MAX_DOCX_XML // 1048576, "paragraphs": f"{MAX_DOCX_PARAGRAPHS:,}".replace(",", " ")},
    )


def _docx_structure_error() -> ExtractionError:
    return ExtractionError(
        "docx_structure",
        _(
            "Word-filen saknar dokumentets brödtext eller är uppbyggd på ett sätt som Word inte skriver. "
            "Öppna den i Word och spara den på nytt som .docx (eller som PDF) och försök igen."
        ),
    )


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _docx_blocks(document: object) -> _Blocks:
    blocks = _Blocks()
    body = document.element.body  # type: ignore[attr-defined]
    for element in body.iterchildren():
        if element.tag == f"{_W}p":
            _docx_paragraph(element, blocks)
        elif element.tag == f"{_W}tbl":
            for row in element.iter(f"{_W}tr"):
                cells = [" ".join(t.text or "" for t in cell.iter(f"{_W}t")) for cell in row.iter(f"{_W}tc")]
                text = " | ".join(c.strip() for c in cells if c.strip())
                if text:
                    blocks.items.append(_Block(text))
    return blocks


def _docx_paragraph(element: object, blocks: _Blocks) -> None:
    heading = _docx_is_heading(element)
    parts: list[str] = []
    break_before = False
    for node in element.iter():  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append(" ")
        elif tag == f"{_W}br" and node.get(f"{_W}type") != "page":
            parts.append("\n")
        elif (tag == f"{_W}br" and node.get(f"{_W}type") == "page") or tag == f"{_W}lastRenderedPageBreak":
            blocks.has_breaks = True
            text = "".join(parts).strip()
            if text:
                blocks.items.append(_Block(text, heading, break_before))
                parts = []
            break_before = True
    text = "".join(parts).strip()
    if text:
        blocks.items.append(_Block(text, heading, break_before))
    elif break_before:
        blocks.items.append(_Block("", False, True))


def _docx_is_heading(element: object) -> bool:
    style = element.find(f"{_W}pPr/{_W}pStyle")  # type: ignore[attr-defined]
    name = (style.get(f"{_W}val") if style is not None else "") or ""
    outline = element.find(f"{_W}pPr/{_W}outlineLvl")  # type: ignore[attr-defined]
    return outline is not None or bool(re.match(r"(heading|rubrik|title|titel)", name, re.I))


def _paginate(blocks: _Blocks) -> list[PageText]:
    pages: list[list[_Block]] = [[]]
    for block in blocks.items:
        if block.page_break_before and any(b.text for b in pages[-1]):
            pages.append([])
        if block.text:
            pages[-1].append(block)
    return [_page_from_blocks(number, items) for number, items in enumerate(pages, 1)]


def _virtual_pages(blocks: Iterable[_Block]) -> list[PageText]:
    pages: list[list[_Block]] = [[]]
    words = 0
    for block in blocks:
        if not block.text:
            continue
        size = len(block.text.split())
        full = words >= VIRTUAL_PAGE_WORDS or (block.heading and words >= VIRTUAL_PAGE_WORDS * 0.6)
        if pages[-1] and (full or words + size > VIRTUAL_PAGE_WORDS * 1.3):
            pages.append([])
            words = 0
        pages[-1].append(block)
        words += size
    return [_page_from_blocks(number, items) for number, items in enumerate(pages, 1)]


def _page_from_blocks(number: int, blocks: list[_Block]) -> PageText:
    text = "\n\n".join(block.text for block in blocks)
    headings = tuple(block.text for block in blocks if block.heading)
    return PageText(number=number, text=text, headings=headings, guess_headings=False)


# --- HTML, Markdown, text -------------------------------------------------------------------------

_HTML_SKIP = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "noscript",
    "form",
    "template",
    "svg",
    "button",
}
_HTML_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_HTML_BLOCKS = {
    "p", "div", "li", "ul", "ol", "section", "article", "main", "blockquote", "pre", "table", "tr",
    "td", "th", "dt", "dd", "dl", "figcaption", "br", "hr", "body",
}  # fmt: skip


def _read_html(data: bytes) -> Extracted:
    text = _decode(data)
    _check_html_depth(text)
    try:
        return _parse_html(text)
    except RecursionError as error:  # nesting the depth check did not see; never a crash
        raise _too_deep() from error


def _check_html_depth(text: str) -> None:
    """Measure nesting with libxml2 (C, no recursion) before BeautifulSoup builds its tree."""
    from lxml import etree

    parser = etree.HTMLParser(recover=True, no_network=True)
    root = etree.fromstring(text.encode("utf-8"), parser)
    if any("Excessive depth" in entry.message for entry in parser.error_log):
        raise _too_deep()
    depth = deepest = 0
    for event, _element in etree.iterwalk(root, events=("start", "end")) if root is not None else ():
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_HTML_DEPTH:
        raise _too_deep()


def _too_deep(limit: int = MAX_HTML_DEPTH) -> ExtractionError:
    return ExtractionError(
        "too_deep",
        _(
            "Filen har text inuti varandra (element, citat eller listor) i mer än %(limit)d nivåer, "
            "vilket ett vanligt dokument inte har. Förenkla strukturen eller spara dokumentet som PDF "
            "(Skriv ut → Spara som PDF) och ladda upp det i stället."
        ),
        {"limit": limit},
    )


def _parse_html(text: str) -> Extracted:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(_HTML_SKIP):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    blocks: list[_Block] = []
    buffer: list[str] = []
    _html_walk(root, blocks, buffer)
    _flush(blocks, buffer)
    if not title:
        title = next((b.text for b in blocks if b.heading), "")
    return Extracted(pages=_virtual_pages(blocks), format="html", title=clean_title(title))


def _html_walk(node: object, blocks: list[_Block], buffer: list[str]) -> None:
    from bs4 import NavigableString, Tag
    from bs4.element import Comment

    for child in node.children:  # type: ignore[attr-defined]
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            buffer.append(str(child))
        elif isinstance(child, Tag):
            name = child.name.lower()
            if name in _HTML_HEADINGS:
                _flush(blocks, buffer)
                _flush(blocks, [child.get_text(" ")], heading=True)
            elif name in _HTML_BLOCKS:
                _flush(blocks, buffer)
                _html_walk(child, blocks, buffer)
                _flush(blocks, buffer)
            else:
                _html_walk(child, blocks, buffer)


def _flush(blocks: list[_Block], buffer: list[str], heading: bool = False) -> None:
    text = re.sub(r"\s+", " ", "".join(buffer)).strip()
    buffer.clear()
    if text:
        blocks.append(_Block(text, heading))


def _read_markdown(data: bytes) -> Extracted:
    from markdown_it import MarkdownIt

    text = _decode(data)
    check_text_size(len(text))
    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    nesting = parser.options["maxNesting"]
    if any(token.level >= nesting - 1 for token in tokens):  # markdown-it drops what lies deeper
        raise _too_deep(nesting)
    blocks: list[_Block] = []
    heading = False
    for token in tokens:
        if token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type == "inline":
            text = "".join(
                " " if child.type in ("softbreak", "hardbreak") else child.content
                for child in token.children or []
            )
            if text.strip():
                blocks.append(_Block(re.sub(r"\s+", " ", text).strip(), heading))
        elif token.type in ("fence", "code_block") and token.content.strip():
            blocks.append(_Block(token.content.strip()))
    title = next((b.text for b in blocks if b.heading), "")
    return Extracted(pages=_virtual_pages(blocks), format="markdown", title=clean_title(title))


def _read_text(data: bytes) -> Extracted:
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    check_text_size(len(text))
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    pages = _virtual_pages(_Block(p) for p in paragraphs)
    # Plain text marks no headings; let the chunker recognise them from their look.
    pages = [PageText(page.number, page.text, (), True) for page in pages]
    return Extracted(pages=pages, format="text")


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ("utf-8-sig",):
        try:
            return clean(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    return clean(data.decode("cp1252", errors="replace"))


def clean(text: str) -> str:
    """Drop soft hyphens and control characters that PDF and Word text carry."""
    text = text.replace("\xad", "").replace("\ufffe", "").replace("\x02", "-").replace("\u2010", "-")
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "", text)


_JUNK_TITLE = re.compile(
    r"^(?:microsoft\s+(?:word|powerpoint|excel)\b.*|about:blank|untitled.*|namnlös.*|dokument\s*\d*|document\s*\d*"
    r"|(?:file|https?)://.*|www\..*|.*\.(?:docx?|odt|rtf|pdf|indd|html?|txt|md|pptx?|xlsx?))$",
    re.IGNORECASE,
)


def clean_title(title: str) -> str:
    """Metadata titles are often leftovers ("Microsoft Word - dok1.docx", "about:blank", "untitled", a file
    name or address): those give ""; a real title comes back with its spaces tidied."""
    title = re.sub(r"\s+", " ", title).strip()
    if not title or _JUNK_TITLE.match(title) or not any(c.isalpha() for c in title):
        return ""
    return title[:300]
