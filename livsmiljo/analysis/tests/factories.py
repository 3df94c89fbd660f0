"""Documents and passages made directly through the ORM, with texts written for these tests."""

import hashlib
import itertools

from livsmiljo.documents.models import Document, Passage
from livsmiljo.engine.classify import embed_texts
from livsmiljo.organisations.models import Organisation

_counter = itertools.count(1)

TRANSPORT = (
    "Regionen bygger ut pendeltågstrafiken och fler busslinjer så att restiden till arbetet blir kortare "
    "för dem som bor utanför centralorten. Kollektivtrafiken ska gå tätare under morgon och kväll."
)
HEALTH = (
    "Vårdcentralerna ska ge en nära vård. Folkhälsan skiljer sig mellan kommunerna och den psykiska "
    "ohälsan bland barn och unga ökar, vilket kräver förebyggande insatser."
)
CONFLICT = (
    "Nya bostäder behövs i staden, men förtätningen sker på bekostnad av parker och grönytor. "
    "Det är en målkonflikt mellan bostadsbyggande och naturvärden som kräver en avvägning."
)
SAMI = (
    "Samebyarna och rennäringen påverkas när nya vägar byggs genom betesmarkerna. Regionen samråder "
    "med Sametinget om den samiska kulturen."
)


def make_document(organisation: Organisation, *texts: str, shared: bool = False, title: str = "") -> Document:
    n = next(_counter)
    document = Document.objects.create(
        organisation=organisation,
        title=title or f"Strategi {n}",
        file_name=f"strategi-{n}.txt",
        file_format="txt",
        content_hash=hashlib.sha256(f"{n}-{texts}".encode()).hexdigest(),
        page_count=len(texts),
        shared=shared,
    )
    vectors = embed_texts(list(texts))
    for ordinal, (text, vector) in enumerate(zip(texts, vectors, strict=False), start=1):
        Passage.objects.create(
            document=document,
            page=ordinal,
            ordinal=ordinal,
            heading=f"Avsnitt {ordinal}",
            text=text,
            word_count=len(text.split()),
            embedding=vector.tobytes(),
        )
    return document
