"""A small PDF writer for the demo documents: Helvetica text with headings, wrapped to the page. No Django.

Standard fonts with WinAnsi encoding keep å, ä, ö and dashes; text stays selectable so ingestion reads it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

PAGE_WIDTH, PAGE_HEIGHT = 595, 842  # A4 in points
MARGIN = 64
_NARROW = {" ": 278, ",": 278, ".": 278, ":": 278, ";": 278, "!": 278, "'": 191, "’": 222, "|": 260}
_NARROW |= dict.fromkeys("fijlt", 222) | {"f": 278, "t": 278, "r": 333, "-": 333, "(": 333, ")": 333}
_NARROW |= {"”": 333, "“": 333, '"': 355, "/": 278, "I": 278}
_WIDE = {"m": 833, "w": 722, "M": 833, "W": 944, "–": 556, "—": 1000, "%": 889, "&": 667}
_UPPER_WIDE = dict.fromkeys("CDGHNOQRUÅÄÖ", 760)


@dataclass(frozen=True)
class Line:
    text: str
    size: float
    bold: bool = False
    space_before: float = 0


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Approximate Helvetica advance width in points (good enough to wrap lines that fit)."""
    units = 0
    for char in text:
        if char in _NARROW:
            units += _NARROW[char]
        elif char in _WIDE:
            units += _WIDE[char]
        elif char in _UPPER_WIDE:
            units += _UPPER_WIDE[char]
        elif char.isupper():
            units += 667
        elif char in "csvxyzk":
            units += 500
        else:
            units += 556
    return units * size / 1000 * (1.07 if bold else 1.0)


def wrap(text: str, size: float, *, bold: bool = False, width: float = PAGE_WIDTH - 2 * MARGIN) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and text_width(candidate, size, bold=bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines


def _escape(text: str) -> bytes:
    data = text.encode("cp1252", errors="replace")
    return data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page_stream(lines: list[Line], footer: str) -> bytes:
    ops = [b"BT"]
    y: float = PAGE_HEIGHT - MARGIN
    for line in lines:
        y -= line.space_before + line.size * 1.35
        font = b"/F2" if line.bold else b"/F1"
        ops.append(
            b"%s %.1f Tf 1 0 0 1 %d %.1f Tm (%s) Tj" % (font, line.size, MARGIN, y, _escape(line.text))
        )
    if footer:
        ops.append(b"/F1 8 Tf 1 0 0 1 %d %d Tm (%s) Tj" % (MARGIN, MARGIN // 2, _escape(footer)))
    ops.append(b"ET")
    return b"\n".join(ops)


def write_pdf(pages: list[list[Line]], *, title: str = "", footer: str = "") -> bytes:
    """Each page is a list of lines already wrapped; returns the bytes of a PDF 1.4 file."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    encoding = b"/Encoding /WinAnsiEncoding"
    regular = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica %s >>" % encoding)
    bold = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold %s >>" % encoding)
    pages_id = len(objects) + 2 * len(pages) + 1
    kids = []
    for lines in pages:
        data = zlib.compress(_page_stream(lines, footer))
        stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(data), data))
        resources = b"<< /Font << /F1 %d 0 R /F2 %d 0 R >> >>" % (regular, bold)
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Contents %d 0 R /Resources %s >>"
                % (pages_id, PAGE_WIDTH, PAGE_HEIGHT, stream, resources)
            )
        )
    refs = b" ".join(b"%d 0 R" % kid for kid in kids)
    add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (refs, len(kids)))
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    info = add(
        b"<< /Title <%s> /Producer (Livsmiljo demo) >>"
        % (b"\xfe\xff" + title.encode("utf-16-be")).hex().encode()
    )
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\n" % (len(objects) + 1, catalog, info)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)
