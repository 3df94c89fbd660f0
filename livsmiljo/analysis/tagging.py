"""Bridge between the database framework and the engine's classifier (read side, with caches)."""

import hashlib
import json
import threading
from collections.abc import Iterable, Sequence

import numpy as np
from django.db.models import Max

from livsmiljo.analysis.models import (
    CueList,
    FrameworkEmbedding,
    GoalConflict,
    Group,
    Role,
    StrategicArea,
    TagCorrection,
    Theme,
)
from livsmiljo.engine.classify import Classifier, Concept, Framework, LabelledExample, embed_texts
from livsmiljo.engine.classify_seed import GROUPS

_lock = threading.Lock()
_cache: dict[str, Classifier] = {}
_vectors: dict[str, np.ndarray] = {}  # in-process memo in front of the database cache


# The themes a group is evidence for (groups at risk of exclusion count for social sammanhållning); kept
# with the seed data, as the group table has no such field.
_GROUP_THEMES: dict[str, tuple[str, ...]] = {
    str(g["id"]): tuple(str(t) for t in g.get("themes", ()))  # type: ignore[attr-defined]
    for g in GROUPS
}


def framework_load() -> Framework:
    """The framework as it stands in the database, as engine objects."""
    themes = tuple(
        Concept(
            id=t.key,
            name=t.name,
            description=t.description,
            signals=t.signal_list,
            examples=tuple(t.example_list),
        )
        for t in Theme.objects.all()
    )
    cues = {c.key: c.signal_list for c in CueList.objects.all()}
    return Framework(
        themes=themes,
        groups=tuple(
            Concept(id=g.key, name=g.name, signals=g.signal_list, themes=_GROUP_THEMES.get(g.key, ()))
            for g in Group.objects.all()
        ),
        areas=_served_by(StrategicArea.objects.prefetch_related("themes")),
        roles=_served_by(Role.objects.prefetch_related("themes")),
        conflicts=tuple(
            Concept(
                id=c.key,
                name=c.name,
                description=c.description,
                signals=c.signal_list,
                examples=tuple(c.example_list),
                themes=(c.theme_a.key, c.theme_b.key),
            )
            for c in GoalConflict.objects.select_related("theme_a", "theme_b")
        ),
        conflict_cues=cues.get("konflikt", ()),
        contrast_cues=cues.get("kontrast", ()),
    )


def _served_by(items: Iterable[StrategicArea | Role]) -> tuple[Concept, ...]:
    return tuple(
        Concept(id=x.key, name=x.name, signals=x.signal_list, themes=tuple(t.key for t in x.themes.all()))
        for x in items
    )


# Raised when the tagging method changes, so stored tags show as out of date and are re-tagged.
TAGGING_METHOD = 4  # 2: conflicts on their own evidence, with the sentence and the two sides
# 3: each theme decided on its own evidence (engine/classify.py), groups as evidence for themes
# 4: centred, floored calibration; overlapping signals counted once; conflicts named by their two sides


def framework_version(framework: Framework) -> str:
    """A hash of the framework's content and the tagging method: tags made with another are out of date."""
    payload = json.dumps(
        [TAGGING_METHOD, framework], default=lambda o: o.__dict__, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]


def embed_cached(texts: Sequence[str]) -> np.ndarray:
    """Embed framework texts, keeping each vector in the database so later processes skip the model."""
    hashes = [hashlib.sha256(t.encode()).hexdigest() for t in texts]
    if all(h in _vectors for h in hashes):
        return np.stack([_vectors[h] for h in hashes]) if hashes else np.zeros((0, 384), dtype=np.float32)
    stored = {
        row.text_hash: np.frombuffer(bytes(row.vector), dtype=np.float32)
        for row in FrameworkEmbedding.objects.filter(text_hash__in=hashes)
    }
    missing = [(h, t) for h, t in zip(hashes, texts, strict=False) if h not in stored]
    if missing:
        vectors = embed_texts([t for _, t in missing])
        FrameworkEmbedding.objects.bulk_create(
            [
                FrameworkEmbedding(text_hash=h, vector=v.astype(np.float32).tobytes())
                for (h, _), v in zip(missing, vectors, strict=False)
            ],
            ignore_conflicts=True,
        )
        stored.update({h: v for (h, _), v in zip(missing, vectors, strict=False)})
    _vectors.update(stored)
    return np.stack([stored[h] for h in hashes]) if hashes else np.zeros((0, 384), dtype=np.float32)


def _correction_examples() -> list[LabelledExample]:
    """The latest correction of each passage, as a labelled example carrying its stored embedding."""
    found: dict[int, LabelledExample] = {}
    for c in TagCorrection.objects.select_related("passage").order_by("passage_id", "-created_at", "-pk"):
        if c.passage_id in found or not c.themes:
            continue
        vector = bytes(c.passage.embedding) if c.passage.embedding else b""
        found[c.passage_id] = LabelledExample(
            text=c.passage.text,
            themes=tuple(c.themes),
            conflict=c.conflict,
            source="correction",
            ref=str(c.passage_id),
            embedding=np.frombuffer(vector, dtype=np.float32) if len(vector) == 384 * 4 else None,
        )
    return list(found.values())


def classifier_get() -> tuple[Classifier, str]:
    """A classifier for the current framework and corrections, cached per process by their version."""
    framework = framework_load()
    latest = TagCorrection.objects.aggregate(m=Max("pk"), n=Max("created_at"))
    version = framework_version(framework)
    key = f"{version}:{latest['m']}:{latest['n']}"
    with _lock:
        if key not in _cache:
            _cache.clear()
            _cache[key] = Classifier(framework, _correction_examples(), embed_cached)
        return _cache[key], version
