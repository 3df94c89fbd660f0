import math

import numpy as np
import pytest

from livsmiljo.engine.bm25 import K1, B, Bm25Index, Bm25Row, PostingsFile


def _index() -> Bm25Index:
    return Bm25Index.build(
        [
            Bm25Row(id=11, group=1, fields=(["buss", "tåg", "buss"], [], [])),
            Bm25Row(id=12, group=1, fields=(["skog"], ["buss"], [])),
            Bm25Row(id=13, group=2, fields=(["park", "vatten", "skog", "skog"], [], ["vatt"])),
        ]
    )


def test_scores_are_lucene_bm25_with_field_weights():
    index = _index()
    lengths = np.array([3, 2, 5], float)
    average = lengths.mean()

    def expected(tf: float, n: int, length: float) -> float:
        idf = math.log1p((3 - n + 0.5) / (n + 0.5))
        return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / average))

    scores = index.scores(["buss", "buss", "okänd"])  # a repeated query term counts once
    assert scores[0] == pytest.approx(expected(2, 2, 3), rel=1e-5)
    assert scores[1] == pytest.approx(expected(0.4, 2, 2), rel=1e-5)  # heading weight
    assert scores[2] == 0


def test_vocabulary_counts_passages_not_occurrences():
    vocabulary = _index().vocabulary()
    assert vocabulary["skog"] == 2 and vocabulary["buss"] == 2 and vocabulary["vatt"] == 1


def test_top_is_best_first_positive_only_and_respects_the_mask():
    index = _index()
    scores = index.scores(["skog", "buss"])
    assert [i for i, _ in index.top(scores, 10)] == [11, 13, 12] or len(index.top(scores, 10)) == 3
    best = index.top(scores, 1)
    assert len(best) == 1 and best[0][1] == pytest.approx(float(scores.max()))
    mask = index.allowed_rows([2])
    assert [i for i, _ in index.top(scores, 10, mask)] == [13]
    assert index.top(index.scores(["okänd"]), 10) == []


def test_rows_with_all_intersects_postings():
    index = _index()
    assert index.ids[index.rows_with_all(["skog", "buss"])].tolist() == [12]
    assert index.rows_with_all(["skog", "okänd"]).size == 0


def test_an_empty_index_scores_nothing():
    index = Bm25Index.build([])
    assert len(index) == 0 and index.top(index.scores(["buss"]), 5) == [] and dict(index.vocabulary()) == {}


def test_an_index_survives_a_round_trip_through_bytes():
    index = _index()
    again = Bm25Index.from_bytes(index.to_bytes())
    assert again.terms == index.terms
    assert np.array_equal(again.scores(["skog", "buss"]), index.scores(["skog", "buss"]))
    assert again.ids[again.rows_with_all(["skog"])].tolist() == [12, 13]
    empty = Bm25Index.from_bytes(Bm25Index.build([]).to_bytes())
    assert len(empty) == 0 and dict(empty.vocabulary()) == {}


def test_an_index_saved_to_files_reads_its_postings_from_them_and_scores_the_same(tmp_path):
    index = _index()
    index.save(tmp_path / "index")
    again = Bm25Index.open(tmp_path / "index")
    assert isinstance(again.rows, PostingsFile) and isinstance(again.counts, PostingsFile)
    assert isinstance(again.ids, np.ndarray)  # used whole by every query: kept in memory
    assert np.array_equal(again.rows[1:4], index.rows[1:4]) and len(again.counts[2:2]) == 0
    for path in (tmp_path / "index").iterdir():
        path.unlink()  # a process that saved a newer index removed this one: still readable here
    assert np.array_equal(again.scores(["skog", "buss", "vatt"]), index.scores(["skog", "buss", "vatt"]))
    assert again.terms == index.terms
    assert np.array_equal(again.scores(["skog", "buss", "vatt"]), index.scores(["skog", "buss", "vatt"]))
    assert again.top(again.scores(["skog"]), 5) == index.top(index.scores(["skog"]), 5)
    merged = again.merge(removed=[12], added=[Bm25Row(id=14, group=3, fields=(["buss"], [], []))])
    assert merged.ids.tolist() == [11, 13, 14]
    Bm25Index.build([]).save(tmp_path / "empty")
    empty = Bm25Index.open(tmp_path / "empty")
    assert len(empty) == 0 and empty.top(empty.scores(["buss"]), 5) == []


def test_a_merged_index_scores_as_one_built_from_scratch():
    first = [
        Bm25Row(id=1, group=1, fields=(["buss", "tåg"], ["trafik"], [])),
        Bm25Row(id=2, group=1, fields=(["skog", "vatten", "skog"], [], ["vatt"])),
        Bm25Row(id=3, group=2, fields=(["park"], [], [])),
    ]
    later = [
        Bm25Row(id=7, group=3, fields=(["buss", "park", "cykel"], [], [])),
        Bm25Row(id=8, group=3, fields=(["cykel"], ["trafik"], ["cyk"])),
    ]
    merged = Bm25Index.build(first).merge(removed=[3], added=later)
    scratch = Bm25Index.build([first[0], first[1], *later])
    assert merged.ids.tolist() == scratch.ids.tolist()
    query = ["buss", "park", "cykel", "trafik", "skog"]
    assert np.allclose(merged.scores(query), scratch.scores(query))
    assert dict(merged.vocabulary()) == dict(scratch.vocabulary())
    assert "park" in merged.vocabulary() and merged.vocabulary()["park"] == 1
    gone = Bm25Index.build(first).merge(removed=[3], added=[])
    assert "park" not in gone.vocabulary() and gone.scores(["park"]).sum() == 0
    assert merged.ids[merged.rows_with_all(["cykel", "trafik"])].tolist() == [8]


def test_term_weights_and_best_scores_add_up_to_what_the_index_scores():
    from livsmiljo.engine.bm25 import FIELD_WEIGHTS, best_scores, term_weights

    items = [
        Bm25Row(id=10 + i, group=1, fields=(["buss", f"ord{i}"] * (1 + i % 3), ["trafik"], ["bus"]))
        for i in range(6)
    ]
    index = Bm25Index.build(items)
    terms = ["buss", "trafik", "ord2"]
    ids = np.array([r.id for r in items])
    lengths = np.array([sum(len(f) for f in r.fields) for r in items], np.float32)
    total = np.zeros(len(items), np.float32)
    for term in terms:
        counts = np.array(
            [
                sum(w * list(f).count(term) for f, w in zip(r.fields, FIELD_WEIGHTS, strict=True))
                for r in items
            ],
            np.float32,
        )
        has = counts > 0
        total[has] += term_weights(
            counts[has], lengths[has], int(has.sum()), len(items), float(lengths.mean())
        )
    assert best_scores(ids, total, 4) == index.top(index.scores(terms), 4)
