"""Analysis services. `document_tag` is called by ingestion once a document's passages are embedded."""

from livsmiljo.documents.models import Document


def document_tag(*, document: Document) -> None:
    """Tag every passage of the document against the framework (themes, groups, areas, conflicts)."""
