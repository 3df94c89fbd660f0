"""The ranking pipeline shared by the product and the evaluation: analyse, retrieve both ways, fuse."""

from __future__ import annotations

from collections.abc import Callable, Collection
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np

from livsmiljo.engine.embeddings import embed_query
from livsmiljo.engine.language import swedish_probability
from livsmiljo.engine.ranking import KEYWORD_WEIGHT, Fused, cut_tail, fuse
from livsmiljo.engine.text import AnalysedQuery, analyse, analyse_query, stems
from livsmiljo.engine.translate import Translation, translate_query
from livsmiljo.search.backends import IndexRow, SearchBackend

Mode = Literal["hybrid", "keyword", "dense"]
MODES: tuple[Mode, ...] = ("hybrid", "keyword", "dense")
# Each retriever contributes its best POOL passages and z-scores are taken over their union. A pool much
# smaller than the library keeps the statistics alike in a small evaluation set and a large library.
POOL = 30
# The query is embedded (about 20 ms) in a worker thread while the keyword side runs (a few ms at 50,000
# passages): the model's C code releases the GIL.
_QUERY_EMBEDDER = ThreadPoolExecutor(max_workers=2, thread_name_prefix="query-embedding")


@dataclass(frozen=True)
class PassageText:
    passage_id: int
    document_id: int
    heading: str
    text: str


def index_rows(passages: list[PassageText], vocabulary: Collection[str]) -> list[IndexRow]:
    """What the keyword index stores for one document's passages.

    Compounds are split with the common roots, the index's vocabulary and the document's own stems
    (measured on the shared set: keyword nDCG@10 0.60 with the index's vocabulary, 0.57 without)."""
    known = set(vocabulary) | {s for p in passages for s in stems(p.text)}
    rows: list[IndexRow] = []
    memo: dict[str, list[str]] = {}
    for p in passages:
        analysed = analyse(p.text, known, memo)
        rows.append(
            IndexRow(
                passage_id=p.passage_id,
                document_id=p.document_id,
                body=analysed.stems,
                heading=stems(p.heading),
                parts=analysed.parts,
            )
        )
    return rows


@dataclass(frozen=True)
class Ranking:
    query: AnalysedQuery
    results: list[Fused]
    translation: Translation | None = None
    """the Swedish words a query in another language was also searched with"""


def _query_vector(
    embed: Callable[[str], np.ndarray], text: str, translation: Translation | None
) -> np.ndarray:
    """The query's embedding; for a translated query the mean of the original's and the Swedish words'
    (normalised): cosine with it is the two similarities averaged, up to a factor z-scores ignore."""
    vector = embed(text)
    if translation is None:
        return vector
    both = vector + embed(translation.text)
    norm = float(np.linalg.norm(both))
    return both / norm if norm > 0 else vector


def rank(
    backend: SearchBackend,
    text: str,
    *,
    document_ids: Collection[int] | None,
    limit: int,
    mode: Mode = "hybrid",
    embed: Callable[[str], np.ndarray] | None = None,
    translate: bool = True,
) -> Ranking:
    vocabulary = backend.vocabulary()
    translation = translate_query(text, vocabulary) if translate else None
    embedding: Future[np.ndarray] | None = None
    if mode != "keyword":
        embedding = _QUERY_EMBEDDER.submit(_query_vector, embed or embed_query, text, translation)
    # A translated query is matched on its Swedish words: the index is Swedish.
    query = analyse_query(translation.text if translation else text, vocabulary)
    pool = max(POOL, limit)
    keyword: dict[int, float] = {}
    phrase_ids: set[int] = set()
    if mode != "dense":
        found = backend.keyword_search(query, document_ids=document_ids, limit=pool)
        keyword, phrase_ids = found.scores, found.phrase_ids
    dense: dict[int, float] = {}
    if embedding is not None:
        vector = embedding.result()
        dense = backend.vector_search(vector, document_ids=document_ids, limit=pool)
        missing = (set(keyword) | phrase_ids) - set(dense)
        dense.update(backend.vector_scores(vector, missing))
    if mode == "keyword":
        results = fuse(keyword, {}, phrase_ids=phrase_ids, dense_weight=0.0)
    elif mode == "dense":
        results = fuse({}, dense, keyword_weight=0.0, phrase_boost=0.0)
    else:
        # The keyword index is Swedish (Swedish stems and compounds): keyword evidence counts as much as the
        # query is likely Swedish. An English query shares a word or two with Swedish text by accident, and
        # z-scores would blow those few accidental matches up; dense similarity then decides alone.
        # Without keyword evidence the weight changes nothing, so the language model is not even loaded.
        # A translated query's keyword side is Swedish words, and counts fully.
        swedish = translation is not None or not keyword
        weight = KEYWORD_WEIGHT if swedish else KEYWORD_WEIGHT * swedish_probability(text)
        results = fuse(keyword, dense, phrase_ids=phrase_ids, keyword_weight=weight)
        # Only here: in keyword mode a below-average score still means the words are there, which is what
        # that mode was asked for (cutting it lowered keyword nDCG@10 on the shared set, 0.604 → 0.593).
        results = cut_tail(results, pool_size=len(results))
    return Ranking(query=query, results=results[:limit], translation=translation)
