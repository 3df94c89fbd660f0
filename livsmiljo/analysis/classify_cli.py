"""Tag free text from the command line or an evaluation file with the current framework."""

from collections.abc import Sequence

from django.db.utils import DatabaseError

from livsmiljo.analysis.tagging import classifier_get
from livsmiljo.engine.classify import Classifier, Tagging, embed_texts
from livsmiljo.engine.classify_seed import default_framework

BATCH = 32


def current_classifier() -> Classifier:
    """The database framework with its corrections; the seed framework if the database has none."""
    try:
        from livsmiljo.analysis.models import Theme

        if Theme.objects.exists():
            return classifier_get()[0]
    except DatabaseError:
        pass
    return Classifier(default_framework(), [], embed_texts)


def classify_texts(texts: Sequence[str], classifier: Classifier | None = None) -> list[Tagging]:
    classifier = classifier or current_classifier()
    result: list[Tagging] = []
    for start in range(0, len(texts), BATCH):
        chunk = list(texts[start : start + BATCH])
        result += classifier.tag(chunk, embed_texts(chunk))
    return result
