"""Search services: the interface the documents app calls during ingestion. Implemented by the search app."""

from collections.abc import Callable

from livsmiljo.documents.models import Document


def passages_index(*, document: Document) -> None:
    """Make the document's passages keyword-searchable. Called inside the ingestion transaction."""
    raise NotImplementedError


def document_embed(*, document: Document, on_progress: Callable[[int, int], None] | None = None) -> None:
    """Compute and store embeddings for the document's passages that lack one, reporting (done, total)."""
    raise NotImplementedError


def document_unindex(*, document: Document) -> None:
    """Remove the document's passages from every index (before the document is deleted)."""
    raise NotImplementedError
