"""Real files made in tests: PDFs written by a tiny writer, DOCX by python-docx, and broken variants.

No Django here, so the engine's tests can use these too.
"""

from __future__ import annotations

import io
import zipfile
import zlib

Line = tuple[str, int]


def wrap(text: str, width: int = 90) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return [*lines, line] if line else lines


def page_lines(heading: str, *paragraphs: str) -> list[Line]:
    """A page: a 14 pt heading, then 10 pt paragraphs separated by an empty line."""
    lines: list[Line] = [(heading, 14)] if heading else []
    for paragraph in paragraphs:
        lines += [(text, 10) for text in wrap(paragraph)] + [("", 10)]
    return lines


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_bytes(pages: list[list[Line]], *, title: str = "", encrypt: bool = False) -> bytes:
    """A multi-page PDF in Helvetica (WinAnsi, so å/ä/ö work). A page with no lines has no text layer."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(pages)
    kids = []
    for lines in pages:
        ops = [b"BT"]
        y = 800
        for text, size in lines:
            ops.append(b"/F1 %d Tf 1 0 0 1 50 %d Tm (%s) Tj" % (size, y, _escape(text)))
            y -= size + 5
        ops.append(b"ET")
        if not lines:  # a "scanned" page: a drawn rectangle, no text
            ops = [b"0.5 g 50 50 400 600 re f"]
        data = zlib.compress(b"\n".join(ops))
        content = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (pages_id, content, font)
            )
        )
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info = add(b"<< /Title (%s) >>" % _escape(title)) if title else 0
    encrypt_id = 0
    if encrypt:
        # A standard security handler whose /U does not match the empty password: readers ask for one.
        encrypt_id = add(
            b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <%s> /U <%s> >>" % (b"11" * 32, b"22" * 32)
        )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    trailer = b"/Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    if encrypt_id:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (encrypt_id, b"ab" * 16, b"ab" * 16)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


def scanned_pdf_bytes(pages: int = 2) -> bytes:
    return pdf_bytes([[] for _ in range(pages)])


def broken_pdf_bytes() -> bytes:
    return b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" + b"\x00garbage" * 40


def docx_bytes(
    blocks: list[tuple[str, str]], *, title: str = "", page_breaks_before: frozenset[int] = frozenset()
) -> bytes:
    """A DOCX from (kind, text) blocks, kind "h1", "h2" or "p"; page breaks before the given indexes."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for index, (kind, text) in enumerate(blocks):
        if index in page_breaks_before:
            document.add_page_break()
        if kind.startswith("h"):
            document.add_heading(text, level=int(kind[1:]))
        else:
            document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bomb_docx_bytes(megabytes: int = 24) -> bytes:
    """A .docx-named zip whose document.xml unpacks to `megabytes` of zeros from a few kilobytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (megabytes * 1024 * 1024))
    return buffer.getvalue()


def corrupt_docx_bytes() -> bytes:
    data = docx_bytes([("p", "Text som snart går sönder.")])
    return data[: len(data) // 2]


SWEDISH = (
    "Regionen vill att alla invånare ska ha goda möjligheter till bostad, arbete och välfärd i hela länet. "
    "Därför satsar vi på kollektivtrafik som binder samman orterna och på bredband även på landsbygden. "
    "Samverkan mellan kommunerna, näringslivet och civilsamhället är en förutsättning för att lyckas. "
)


def paragraph(words: int, seed: str = SWEDISH) -> str:
    """Realistic Swedish running text of about `words` words."""
    base = seed.split()
    return " ".join(base[i % len(base)] for i in range(words))


def docx_rewritten(data: bytes, rewrite: dict[str, bytes | None]) -> bytes:
    """The DOCX `data` with some members replaced (bytes) or left out (None), repacked."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = rewrite.get(info.filename, source.read(info.filename))
            if content is not None:
                target.writestr(info.filename, content)
    return out.getvalue()


def docx_member(data: bytes, name: str = "word/document.xml") -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def pdf_with_broken_page(page: int = 2) -> bytes:
    """A valid PDF whose `page`-th page object is not a dictionary: pdfium fails to load that page."""
    data = pdf_bytes([page_lines(f"Kapitel {n}", paragraph(60)) for n in range(1, 4)])
    start = -1
    for _ in range(page):
        start = data.index(b"<< /Type /Page ", start + 1)
    end = data.index(b"\nendobj", start)
    return data[:start] + b"42".ljust(end - start) + data[end:]


def deep_html(depth: int, tag: str = "div") -> bytes:
    text = paragraph(40).encode()
    return (
        b"<html><body>"
        + f"<{tag}>".encode() * depth
        + text
        + f"</{tag}>".encode() * depth
        + b"</body></html>"
    )
