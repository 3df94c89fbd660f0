"""Documents with passages made directly in the database, indexed through the search services."""

from collections.abc import Callable

import pytest

from livsmiljo.documents.models import Document, Passage
from livsmiljo.organisations.models import Organisation
from livsmiljo.search.services import document_embed, passages_index

MakeDocument = Callable[..., Document]


@pytest.fixture
def make_document(db) -> MakeDocument:
    counter = iter(range(1, 10_000))

    def make(
        organisation: Organisation,
        passages: list[tuple[int, str, str]],
        *,
        title: str = "Regional utvecklingsstrategi",
        kind: str = "rus",
        year: int | None = 2024,
        shared: bool = False,
        embed: bool = True,
    ) -> Document:
        n = next(counter)
        document = Document.objects.create(
            organisation=organisation,
            title=title,
            kind=kind,
            year=year,
            file=f"documents/test-{n}.pdf",
            file_name=f"{title.lower().replace(' ', '-')}-{n}.pdf",
            file_format="pdf",
            content_hash=f"hash-{organisation.slug}-{n}-{title}",
            page_count=max(p for p, _, _ in passages),
            shared=shared,
        )
        for ordinal, (page, heading, text) in enumerate(passages):
            Passage.objects.create(
                document=document, page=page, ordinal=ordinal, heading=heading, text=text,
                word_count=len(text.split()),
            )
        passages_index(document=document)
        if embed:
            document_embed(document=document)
        return document

    return make
