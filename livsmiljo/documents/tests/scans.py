"""Real scans made in tests: text PDFs rasterised as a scanner would see them and wrapped back into PDFs
without a text layer, pages of scribbles that read as noise, and a measure of how many words survive.

No Django here: the engine's tests and `bench/ocr_bench.py` use it too.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Sequence

from livsmiljo.documents.tests.factories import page_lines, pdf_bytes

# Our own Swedish sentences, written for these tests.
HEADING = "Grön omställning på västkusten"
PARAGRAPHS = (
    "Länets kommuner vill göra det lättare att åka kollektivt till skolan, jobbet och vården. "
    "Därför förtätar vi bebyggelsen nära stationerna och bygger säkra cykelvägar mellan tätorterna. "
    "Äldre personer på landsbygden ska få hemtjänst och hälsovård utan långa resor.",
    "Företagen på öarna behöver möjligheter att växa utan att naturen tar skada. "
    "Vi planerar åtgärder för fiske, besöksnäring och förnybar energi tillsammans med föreningar "
    "och näringsliv, så att unga kan bo kvar och försörja sig året runt.",
)
TEXT_PARAGRAPH = (
    "Regionens plan för bostäder gäller fram till år 2035. Den beskriver hur kommunerna samarbetar om "
    "mark, vatten och service, och hur invånarna kan påverka besluten genom dialog under hela mandatperioden."
)


def swedish_page_pdf() -> bytes:
    """One text PDF page: a heading and two paragraphs of the Swedish text above."""
    return pdf_bytes([page_lines(HEADING, *PARAGRAPHS)])


def source_words() -> list[str]:
    return words(" ".join([HEADING, *PARAGRAPHS]))


def scanned(pdf: bytes, dpi: int = 200, *, worn: bool = False) -> bytes:
    """Every page rasterised in grayscale at `dpi` and wrapped back into a PDF with no text layer; `worn`
    makes it look like a paper copy through an office scanner (see `wear`)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(document))]
    finally:
        document.close()
    return images_pdf([wear(image, seed=i) for i, image in enumerate(images)] if worn else images, dpi)


def wear(image: object, seed: int = 0) -> object:
    """A page fed askew (0.4–0.8°), slightly out of focus, with 0.1 % of its pixels flipped to specks."""
    from PIL import ImageFilter

    rng = random.Random(seed)
    page = image.rotate(rng.uniform(0.4, 0.8) * rng.choice((-1, 1)), expand=False, fillcolor=255)  # type: ignore[attr-defined]
    page = page.filter(ImageFilter.GaussianBlur(0.8))
    pixels = page.load()
    width, height = page.size
    for _speck in range(int(width * height * 0.001)):
        x, y = rng.randrange(width), rng.randrange(height)
        pixels[x, y] = 255 - pixels[x, y]
    return page


def images_pdf(images: Sequence[object], dpi: int = 200) -> bytes:
    buffer = io.BytesIO()
    first, *rest = images
    first.save(buffer, "PDF", resolution=dpi, save_all=True, append_images=rest)  # type: ignore[attr-defined]
    return buffer.getvalue()


def noise_image(seed: int = 1, rows: int = 6, dpi: int = 200) -> object:
    """An A4 page with a few rows of random pen strokes the size of letters: a scanner's smudge, not text."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    for row in range(rows):
        top, x = 200 + row * 50, 120
        while x < width - 150:
            for _letter in range(rng.randrange(2, 8)):
                for _stroke in range(rng.randrange(1, 4)):
                    start = (x + rng.randrange(18), top + rng.randrange(28))
                    end = (x + rng.randrange(18), top + rng.randrange(28))
                    draw.line((start, end), fill=0, width=3)
                x += 22
            x += 30
    return image


def joined(*pdfs: bytes) -> bytes:
    """The pages of several PDFs, in order, as one PDF."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for data in pdfs:
        source = pdfium.PdfDocument(data)
        out.import_pages(source)
        source.close()
    buffer = io.BytesIO()
    out.save(buffer)
    out.close()
    return buffer.getvalue()


def words(text: str) -> list[str]:
    """Lower-case words without punctuation, hyphenated line ends joined."""
    text = re.sub(r"(\w)-\n(\w)", r"\1\2", text)
    return [w for w in re.findall(r"[^\W_]+", text.lower()) if w]
