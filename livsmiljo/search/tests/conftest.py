"""Documents with passages made directly in the database, indexed through the search services."""

from collections.abc import Callable

import numpy as np
import pytest

from livsmiljo.documents.models import Document, Passage
from livsmiljo.engine.embeddings import embed_passages, embed_query
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
                document=document,
                page=page,
                ordinal=ordinal,
                heading=heading,
                text=text,
                word_count=len(text.split()),
            )
        passages_index(document=document)
        if embed:
            document_embed(document=document)
        return document

    return make


@pytest.fixture(autouse=True)
def _remember_embeddings(monkeypatch):
    """The real model, but each distinct text is embedded once per test session (the machine is shared)."""
    from livsmiljo.search import retrieval, services

    def passages(texts: list[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if ("p", t) not in _SEEN]
        if missing:
            _SEEN.update({("p", t): v for t, v in zip(missing, embed_passages(missing), strict=True)})
        return np.stack([_SEEN["p", t] for t in texts])

    def query(text: str) -> np.ndarray:
        if ("q", text) not in _SEEN:
            _SEEN["q", text] = embed_query(text)
        return _SEEN["q", text]

    monkeypatch.setattr(services, "embed_passages", passages)
    monkeypatch.setattr(retrieval, "embed_query", query)


_SEEN: dict[tuple[str, str], np.ndarray] = {}
