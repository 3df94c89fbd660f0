"""Malformed files for the fuzz test and `bench/fuzz_bench.py`: valid seeds, seeded mutations. No Django.

Every case is a file name and its bytes, made from one of five valid seeds (PDF, DOCX, HTML, Markdown,
text) by one mutation: truncation, byte flips, inserted garbage, a wrong extension, zip tricks, deep
nesting, huge words, empty pages, PDF structure tricks, encodings, or a few random bytes. The same seed
number gives the same files on every machine.
"""

from __future__ import annotations

import io
import random
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from livsmiljo.documents.tests.factories import (
    deep_html,
    docx_bytes,
    docx_member,
    docx_rewritten,
    page_lines,
    paragraph,
    pdf_bytes,
    pdf_with_broken_page,
)

FORMATS = ("pdf", "docx", "html", "md", "txt")
SUFFIXES = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "md": ".md", "txt": ".txt"}
TRAFFIC = "Tåg och bussar ska gå oftare mellan orterna så att fler kan pendla till arbete och studier. "
# What an extraction error's code may be; "unexpected" (the generic message) is never one of them.
KNOWN_CODES = frozenset(
    {
        "broken_pdf", "broken_pdf_page", "corrupt_docx", "docx_structure", "empty", "encrypted", "mismatch",
        "not_text", "ocr_unreadable", "too_deep", "too_large", "too_many_pages", "too_much_text",
        "unsupported", "zip_bomb",
    }
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    file_name: str
    data: bytes
    mutation: str


Mutation = Callable[[random.Random, str, bytes], tuple[bytes, str]]


@cache
def seeds() -> dict[str, bytes]:
    """One valid, small file per format; each reads as a document with passages."""
    return {
        "pdf": pdf_bytes(
            [page_lines("1 Inledning", paragraph(90)), page_lines("2 Trafik", paragraph(80, TRAFFIC))],
            title="Regional plan",
        ),
        "docx": docx_bytes(
            [("h1", "Bostadsplan"), ("p", paragraph(80)), ("h2", "Mål"), ("p", paragraph(60, TRAFFIC))],
            page_breaks_before=frozenset({2}),
        ),
        "html": (
            "<html><head><title>Plan</title></head><body><nav>Meny</nav><main><h1>Plan</h1>"
            f"<p>{paragraph(80)}</p><ul><li>{paragraph(25, TRAFFIC)}</li></ul></main></body></html>"
        ).encode(),
        "md": (
            f"# Plan\n\n{paragraph(80)}\n\n## Mål\n\n- {paragraph(20, TRAFFIC)}\n\n> {paragraph(15)}\n"
        ).encode(),
        "txt": f"PLAN FÖR REGIONEN\n\n{paragraph(90)}\n\n{paragraph(50, TRAFFIC)}\n".encode(),
    }


def good_file(n: int) -> tuple[str, bytes]:
    """A valid file, different for every `n` (so it is never a duplicate of another)."""
    fmt = FORMATS[n % len(FORMATS)]
    marker = f"Dokument nummer {n} om regionens utveckling."
    text = f"{marker} {paragraph(70)}"
    data = {
        "pdf": lambda: pdf_bytes([page_lines(f"Plan {n}", text)]),
        "docx": lambda: docx_bytes([("h1", f"Plan {n}"), ("p", text)]),
        "html": lambda: f"<html><body><h1>Plan {n}</h1><p>{text}</p></body></html>".encode(),
        "md": lambda: f"# Plan {n}\n\n{text}\n".encode(),
        "txt": lambda: f"Plan {n}\n\n{text}\n".encode(),
    }[fmt]()
    return f"bra-{n:05d}{SUFFIXES[fmt]}", data


# --- mutations ------------------------------------------------------------------------------------


def _truncate(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    return data[: rng.randrange(len(data))], SUFFIXES[fmt]


def _flip(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    out = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out), SUFFIXES[fmt]


def _garbage(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 4000)) + data[at:], SUFFIXES[fmt]


def _wrong_extension(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    other = rng.choice([s for f, s in SUFFIXES.items() if f != fmt] + [".doc", ".csv", ".exe", ""])
    return data, other


def _tiny_random(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    return rng.randbytes(rng.randint(1, 17)), rng.choice([".txt", ".html", ".md", ".htm", ".markdown"])


def _noise(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    head = {"pdf": b"%PDF-1.7\n", "docx": b"PK\x03\x04"}.get(fmt, b"")
    return head + rng.randbytes(rng.randint(18, 20_000)), SUFFIXES[fmt]


def _huge_word(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    word = rng.choice(["a", "trafik", "xyzzy", "å"]) * rng.choice([1_000, 12_000, 60_000])
    text = f"{paragraph(30)} {word} {paragraph(30, TRAFFIC)}"
    made: dict[str, Callable[[], bytes]] = {
        "pdf": lambda: pdf_bytes([page_lines("Rubrik", paragraph(40)), [(word[:20_000], 10)]]),
        "docx": lambda: docx_bytes([("h1", "Rubrik"), ("p", text)]),
        "html": lambda: f"<html><body><p>{text}</p></body></html>".encode(),
        "md": lambda: f"# Rubrik\n\n{text}\n".encode(),
        "txt": lambda: text.encode(),
    }
    return made[fmt](), SUFFIXES[fmt]


def _deep(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    depth = rng.choice([150, 300, 1_000, 20_000, 100_000])
    if fmt == "html":
        return deep_html(depth, rng.choice(["div", "b", "span", "li", "table", "blockquote"])), ".html"
    if fmt == "md":
        text = paragraph(20).encode()
        kind = rng.randrange(3)
        if kind == 0:
            return b">" * depth + b" " + text, ".md"
        if kind == 1:
            return b"".join(b"  " * i + b"- " + text[:20] + b"\n" for i in range(min(depth, 3_000))), ".md"
        return b"[" * depth + text + b"]" * depth, ".md"
    if fmt == "docx":
        nested = (
            b"<w:tbl><w:tr><w:tc>" * min(depth, 5_000)
            + b"<w:p/>"
            + b"</w:tc></w:tr></w:tbl>" * min(depth, 5_000)
        )
        xml = docx_member(seeds()["docx"]).replace(b"</w:body>", nested + b"</w:body>")
        return docx_rewritten(seeds()["docx"], {"word/document.xml": xml}), ".docx"
    if fmt == "pdf":
        at = data.index(b"/Type /Catalog")
        return data[:at] + b"/Deep " + b"[" * depth + b"]" * depth + b" " + data[at:], ".pdf"
    return (b"(" * depth + paragraph(20).encode() + b")" * depth), ".txt"


def _empty_pages(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    if fmt == "pdf":
        pages = [[("   ", 10)] if rng.random() < 0.5 else [] for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.5:
            pages.insert(rng.randrange(len(pages) + 1), page_lines("Rubrik", paragraph(40)))
        return pdf_bytes(pages), ".pdf"
    if fmt == "docx":
        blocks = [("p", "") for _ in range(rng.randint(1, 20))]
        return docx_bytes(blocks, page_breaks_before=frozenset(range(0, len(blocks), 2))), ".docx"
    if fmt == "html":
        return (
            b"<html><head><script>var a = 1;</script></head><body><nav>Meny</nav>\n\n</body></html>",
            ".html",
        )
    if fmt == "md":
        return b"---\n\n***\n\n```\n```\n\n<!-- -->\n", ".md"
    return b"\n \t\r\n\x0c\x01\x02 \n" * rng.randint(1, 500), ".txt"


def _zip_tricks(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    base = seeds()["docx"]
    xml = docx_member(base)
    trick = rng.randrange(13)
    if trick == 0:
        return docx_rewritten(base, {"word/document.xml": None}), ".docx"
    if trick == 1:
        return docx_rewritten(base, {"word/document.xml": rng.randbytes(rng.randint(1, 5_000))}), ".docx"
    if trick == 2:
        body = re.sub(rb"<w:body>.*</w:body>", b"", xml, flags=re.S)
        return docx_rewritten(base, {"word/document.xml": body}), ".docx"
    if trick == 3:
        root = rng.choice([b"w:settings", b"w:documentx", b"html"])
        return docx_rewritten(base, {"word/document.xml": xml.replace(b"w:document", root)}), ".docx"
    if trick == 4:
        return docx_rewritten(base, {"word/document.xml": xml[: rng.randrange(len(xml))]}), ".docx"
    if trick == 5:
        return _many_members(), ".docx"
    if trick == 6:
        return _zip_bomb(), ".docx"
    if trick == 7:
        empty = xml.replace(b"</w:body>", b"<w:p/>" * 150_000 + b"</w:body>")
        return docx_rewritten(base, {"word/document.xml": empty}), ".docx"
    if trick == 8:
        return _with_members(base, {"../../etc/evil.xml": b"<x/>", "word/document.xml": xml}), ".docx"
    if trick == 9:
        return docx_rewritten(base, {"word/document.xml": base}), ".docx"  # a zip inside the zip
    if trick == 10:
        return docx_rewritten(
            base, {"[Content_Types].xml": None, "word/_rels/document.xml.rels": None}
        ), ".docx"
    if trick == 11:
        return _lying_sizes(rng, base), ".docx"
    return b"PK\x03\x04" + rng.randbytes(rng.randint(10, 3_000)), ".docx"


def _pdf_tricks(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    pdf = seeds()["pdf"]
    trick = rng.randrange(7)
    if trick == 0:
        return pdf_with_broken_page(rng.randint(1, 3)), ".pdf"
    if trick == 1:
        return re.sub(rb"/Count \d+", b"/Count 999999", pdf), ".pdf"
    if trick == 2:  # the page tree's kids point back at the tree
        pages_id = re.search(rb"/Kids \[(\d+) 0 R", pdf)
        tree = re.search(rb"(\d+) 0 obj\n<< /Type /Pages", pdf)
        assert pages_id and tree
        return pdf.replace(b"/Kids [" + pages_id.group(1), b"/Kids [" + tree.group(1), 1), ".pdf"
    if trick == 3:
        at = pdf.index(b"xref")
        return pdf[:at] + rng.randbytes(200) + pdf[at + 200 :], ".pdf"
    if trick == 4:
        return _many_pages(), ".pdf"
    if trick == 5:
        return pdf_bytes([page_lines("Hemligt", paragraph(20))], encrypt=True), ".pdf"
    return pdf.replace(b"/Length ", b"/Length 99999999", 1), ".pdf"


def _encoding(rng: random.Random, fmt: str, data: bytes) -> tuple[bytes, str]:
    suffix = rng.choice([".txt", ".md", ".html"])
    trick = rng.randrange(4)
    if trick == 0:
        return b"\xff\xfe" + rng.randbytes(rng.randint(2, 3_000)), suffix
    if trick == 1:
        return paragraph(40).encode() + b"\xc3\x28\xa0\xa1\xed\xa0\x80" * rng.randint(1, 50), suffix
    if trick == 2:
        return paragraph(60).encode("cp1252"), suffix  # old Windows text: should still be read
    return b"".join(
        bytes([rng.choice([0x1, 0x7, 0x1B, 0x7F, 0x81])]) for _ in range(rng.randint(1, 2_000))
    ), suffix


MUTATIONS: dict[str, Mutation] = {
    "truncate": _truncate,
    "flip": _flip,
    "garbage": _garbage,
    "wrong_extension": _wrong_extension,
    "tiny_random": _tiny_random,
    "noise": _noise,
    "huge_word": _huge_word,
    "deep_nesting": _deep,
    "empty_pages": _empty_pages,
    "zip_tricks": _zip_tricks,
    "pdf_tricks": _pdf_tricks,
    "encoding": _encoding,
}


def cases(count: int, seed: int = 9) -> Iterator[Case]:
    """`count` malformed files, the same ones for the same seed; formats and mutations in rotation."""
    rng = random.Random(seed)
    names = list(MUTATIONS)
    for n in range(count):
        fmt = FORMATS[n % len(FORMATS)]
        name = names[(n // len(FORMATS)) % len(names)] if n < len(names) * len(FORMATS) else rng.choice(names)
        if name == "zip_tricks":
            fmt = "docx"
        elif name == "pdf_tricks":
            fmt = "pdf"
        data, suffix = MUTATIONS[name](rng, fmt, seeds()[fmt])
        yield Case(f"fuzz-{n:05d}-{name}{suffix}", data, name)


# --- building blocks --------------------------------------------------------------------------------


@cache
def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * (30 * 1024 * 1024))
    return buffer.getvalue()


@cache
def _many_members() -> bytes:
    return _with_members(seeds()["docx"], {f"word/media/x{n}.xml": b"<x/>" for n in range(6_000)})


@cache
def _many_pages() -> bytes:
    return pdf_bytes([[("Sida", 10)]] * 3_100)


def _with_members(data: bytes, extra: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in extra:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in extra.items():
            target.writestr(name, content)
    return out.getvalue()


def _lying_sizes(rng: random.Random, data: bytes) -> bytes:
    """The central directory claims other unpacked sizes than the members have."""
    out = bytearray(data)
    for match in re.finditer(rb"PK\x01\x02", data):
        if rng.random() < 0.7:
            struct.pack_into("<I", out, match.start() + 24, rng.choice([0, 1, 2**31, rng.randrange(2**32)]))
    return bytes(out)
