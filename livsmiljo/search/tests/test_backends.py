import numpy as np
import pytest
from django.db import connection

from livsmiljo.engine.bm25 import Bm25Index, PostingsFile
from livsmiljo.engine.text import analyse_query, stems
from livsmiljo.search.backends import IndexRow, get_backend
from livsmiljo.search.backends.sqlite import RawSql, SqliteBackend, forget_cache
from livsmiljo.search.backends.vectors import DatabaseVectors, StaticVectors, VectorMatrix, quantize
from livsmiljo.search.models import IndexSnapshot, IndexState
from livsmiljo.search.services import (
    document_embed,
    document_unindex,
    keyword_index_refresh,
    search_passages,
)
from livsmiljo.search.tests.test_services import HEALTH, TRAFFIC

# The SQLite backend's keyword index (snapshots, files, merges) is used only on SQLite; on PostgreSQL the
# postings live in tables (search/tests/test_postgres_backend.py).
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's keyword index")


def _backend() -> SqliteBackend:
    backend = SqliteBackend(sql=RawSql.in_memory(), vectors=StaticVectors(VectorMatrix.empty()))
    backend.index(
        [
            IndexRow(passage_id=1, document_id=10, body=["buss", "landsbygd"], parts=["land", "bygd"]),
            IndexRow(passage_id=2, document_id=20, body=["buss", "stad"], heading=["trafik"]),
            IndexRow(passage_id=3, document_id=20, body=stems("skog vatten buss park")),
        ]
    )
    return backend


def test_keyword_search_ranks_matches_and_respects_the_document_filter():
    backend = _backend()
    found = backend.keyword_search(analyse_query("landsbygd park"), document_ids=None, limit=10)
    assert max(found.scores, key=lambda i: found.scores[i]) == 1
    assert set(found.scores) == {1, 3}
    only = backend.keyword_search(analyse_query("buss"), document_ids=[20], limit=10)
    assert set(only.scores) == {2, 3}
    assert backend.keyword_search(analyse_query("buss"), document_ids=[], limit=10).scores == {}


def test_a_rare_term_outweighs_a_common_one():
    backend = SqliteBackend(sql=RawSql.in_memory(), vectors=StaticVectors(VectorMatrix.empty()))
    rows = [IndexRow(passage_id=i, document_id=1, body=["buss", f"ord{i}"]) for i in range(1, 8)]
    backend.index([*rows, IndexRow(passage_id=8, document_id=1, body=["skog", "ord9"])])
    found = backend.keyword_search(analyse_query("buss skog"), document_ids=None, limit=10).scores
    assert len(found) == 8
    assert max(found, key=found.__getitem__) == 8


def test_a_long_phrase_is_found_among_many_passages_with_its_words():
    backend = SqliteBackend(sql=RawSql.in_memory(), vectors=StaticVectors(VectorMatrix.empty()))
    # More passages have the phrase's words (out of order, among others) than are checked word by word.
    words = ["tåg", "buss", "pendling", "län", "skog", "vatten"]
    shuffled = [IndexRow(passage_id=i, document_id=1, body=words) for i in range(1, 301)]
    quoted = IndexRow(passage_id=999, document_id=2, body=["län", "pendling", "tåg", "buss"])
    backend.index([*shuffled, quoted])
    found = backend.keyword_search(analyse_query('"pendling tåg buss"'), document_ids=None, limit=10)
    assert found.phrase_ids == {999}
    hidden = backend.keyword_search(analyse_query('"pendling tåg buss"'), document_ids=[1], limit=10)
    assert hidden.phrase_ids == set()


def test_a_phrase_matches_only_words_in_order():
    backend = _backend()
    assert backend.keyword_search(analyse_query('"vatten buss"'), document_ids=None, limit=10).phrase_ids == {
        3
    }
    assert (
        backend.keyword_search(analyse_query('"buss vatten"'), document_ids=None, limit=10).phrase_ids
        == set()
    )


def test_unindex_removes_a_documents_passages_and_the_vocabulary_follows():
    backend = _backend()
    assert "skog" in backend.vocabulary()
    backend.unindex(document_id=20)
    assert set(backend.keyword_search(analyse_query("buss"), document_ids=None, limit=10).scores) == {1}
    assert "skog" not in backend.vocabulary()


def test_vector_search_returns_the_nearest_allowed_passages():
    vectors = np.eye(3, 384, dtype=np.float32)
    matrix = VectorMatrix.build(np.array([7, 5, 9]), np.array([1, 1, 2]), vectors)
    query = np.zeros(384, np.float32)
    query[2], query[0] = 1.0, 0.5
    assert list(matrix.search(query, document_ids=None, limit=2)) == [9, 7]
    assert list(matrix.search(query, document_ids=[1], limit=2)) == [7, 5]
    assert matrix.scores_for(query, [9, 404]) == {9: 1.0}


def test_the_vector_cache_reloads_when_passages_are_embedded(make_document, region):
    first = make_document(region, [(1, "", TRAFFIC)])
    before = DatabaseVectors().current()
    assert set(before.ids) == set(first.passages.values_list("id", flat=True))
    second = make_document(region, [(1, "", HEALTH)], embed=False)
    document_embed(document=second)
    after = DatabaseVectors().current()
    assert len(after.ids) == 2 and after is not before
    assert DatabaseVectors().current() is after  # unchanged index: the cached matrix


@sqlite_only
def test_another_process_loads_the_saved_keyword_index_instead_of_building_it(
    make_document, region, owner, monkeypatch
):
    make_document(region, [(1, "", TRAFFIC), (2, "", HEALTH)])
    keyword_index_refresh()
    assert IndexSnapshot.objects.get(key="keyword").token == IndexState.objects.get(key="keyword").token
    forget_cache()  # as in a process that has not searched yet

    def no_building(*args, **kwargs):
        raise AssertionError("the index was built again")

    monkeypatch.setattr(Bm25Index, "build", no_building)
    hits = search_passages(query="kollektivtrafik", user=owner, mode="keyword")
    assert hits and hits[0].page == 1


@sqlite_only
def test_indexing_splits_compounds_with_the_vocabulary_from_before_the_last_change(make_document, region):
    make_document(region, [(1, "", TRAFFIC)])  # indexes directly, without refreshing the keyword index
    backend = get_backend()
    before = set(backend.vocabulary())
    make_document(region, [(1, "", HEALTH)])
    assert set(backend.vocabulary(current=False)) == before  # nothing rebuilt for indexing
    assert set(backend.vocabulary()) > before  # a search sees the new document's words


@sqlite_only
def test_a_change_is_merged_into_the_cached_keyword_index(make_document, region, owner, monkeypatch):
    first = make_document(region, [(1, "", TRAFFIC)])
    assert search_passages(query="kollektivtrafik", user=owner, mode="keyword")
    merges = []
    original = Bm25Index.merge

    def spy(self, *, removed, added):
        merged = original(self, removed=removed, added=added)
        merges.append((sorted(removed), [row.id for row in added]))
        return merged

    monkeypatch.setattr(Bm25Index, "merge", spy)
    second = make_document(region, [(2, "", HEALTH)])
    assert [h.document_id for h in search_passages(query="vårdcentralerna", user=owner, mode="keyword")] == [
        second.pk
    ]
    document_unindex(document=first)
    assert search_passages(query="kollektivtrafik", user=owner, mode="keyword") == []
    new_passage = second.passages.get().pk
    old_passage = first.passages.get().pk
    assert merges == [([], [new_passage]), ([old_passage], [])]


def test_removing_every_passage_empties_the_keyword_index():
    backend = _backend()
    assert backend.vocabulary()
    backend.unindex(document_id=10)
    backend.unindex(document_id=20)
    assert len(backend.vocabulary()) == 0
    assert backend.keyword_search(analyse_query("buss"), document_ids=None, limit=10).scores == {}


def test_the_vector_matrix_reads_only_new_vectors_and_reloads_after_a_removal(
    make_document, region, owner, monkeypatch
):
    from livsmiljo.documents.models import Passage
    from livsmiljo.documents.services import document_delete
    from livsmiljo.search.backends import vectors

    first = make_document(region, [(1, "", TRAFFIC)])
    DatabaseVectors().current()
    reads = []
    original = vectors._rows

    def spy(**where):
        reads.append(where)
        return original(**where)

    monkeypatch.setattr(vectors, "_rows", spy)
    second = make_document(region, [(1, "", HEALTH)], embed=False)
    assert DatabaseVectors().current().ids.tolist() == [first.passages.get().pk]
    document_embed(document=second)
    both = DatabaseVectors().current()
    assert set(both.ids) == set(Passage.objects.values_list("id", flat=True))
    assert all(where.get("id__gt") != 0 for where in reads)  # only from the frontier on, never everything
    second_vector = np.frombuffer(bytes(second.passages.get().embedding), np.float32)
    codes, scales = quantize(second_vector[None])
    row = both.ids.tolist().index(second.passages.get().pk)
    assert np.array_equal(both.matrix[row], codes[0]) and both.scales is not None
    assert both.scales[row] == scales[0]
    document_delete(document=first, user=owner)
    reads.clear()
    left = DatabaseVectors().current()
    assert left.ids.tolist() == [second.passages.get().pk]
    assert reads[0] == {"id__gt": 0, "limit": vectors.LOAD_CHUNK}  # a removal loads everything again


def test_loading_every_vector_chunk_by_chunk_gives_the_whole_matrix(make_document, region, monkeypatch):
    from livsmiljo.documents.models import Passage
    from livsmiljo.search.backends import vectors

    make_document(region, [(1, "", TRAFFIC), (2, "", HEALTH)])
    make_document(region, [(1, "", HEALTH)])
    monkeypatch.setattr(vectors, "LOAD_CHUNK", 2)  # three passages: two reads and the empty one
    vectors.forget_cache()
    matrix = DatabaseVectors().current()
    stored = list(Passage.objects.order_by("id").values_list("id", "document_id", "embedding"))
    assert matrix.ids.tolist() == [r[0] for r in stored]
    assert matrix.document_ids.tolist() == [r[1] for r in stored]
    codes, scales = quantize(np.stack([np.frombuffer(bytes(r[2] or b""), np.float32) for r in stored]))
    assert matrix.scales is not None and np.array_equal(matrix.scales, scales)
    assert np.array_equal(matrix.matrix, codes)
    one = VectorMatrix.build(np.array([10**6]), np.array([1]), np.ones((1, 384), np.float32))
    grown = matrix.appended(one)
    assert np.shares_memory(grown.matrix, matrix.matrix)  # loaded with room: the next batch is not a copy
    assert grown.scales is not None and matrix.scales is not None
    assert np.shares_memory(grown.scales, matrix.scales)


@sqlite_only
def test_another_process_reads_the_keyword_index_from_this_machines_files(
    make_document, region, owner, monkeypatch, settings
):
    make_document(region, [(1, "", TRAFFIC), (2, "", HEALTH)])
    keyword_index_refresh()
    token = IndexState.objects.get(key="keyword").token
    folder = settings.INDEX_DIR / "keyword" / token
    assert (folder / "rows.npy").exists()
    forget_cache()  # as in a process that has not searched yet

    def no_loading(*args, **kwargs):
        raise AssertionError("the snapshot was read from the database")

    monkeypatch.setattr(Bm25Index, "from_bytes", no_loading)
    hits = search_passages(query="kollektivtrafik", user=owner, mode="keyword")
    assert hits and hits[0].page == 1
    backend = get_backend()
    assert isinstance(backend, SqliteBackend)
    assert isinstance(backend.keyword_index().rows, PostingsFile)  # read per query, not held
    make_document(region, [(1, "", HEALTH)])
    keyword_index_refresh()  # a new token: its files replace the old ones
    assert [p.name for p in (settings.INDEX_DIR / "keyword").iterdir()] == [
        IndexState.objects.get(key="keyword").token
    ]


def test_appending_vectors_keeps_earlier_matrices_intact():
    def unit(rows: int, start: int) -> VectorMatrix:
        vectors = np.zeros((rows, 384), np.float32)
        vectors[np.arange(rows), np.arange(start, start + rows)] = 1.0
        ids = np.arange(start, start + rows)
        return VectorMatrix.build(ids, ids // 10, vectors)

    first = unit(3, 0)
    second = first.appended(unit(2, 3))
    third = second.appended(unit(2, 5))
    branch = second.appended(unit(1, 9))  # an older matrix appending again gets its own buffer
    assert third.ids.tolist() == [0, 1, 2, 3, 4, 5, 6]
    assert np.array_equal(third.matrix, np.eye(7, 384, dtype=np.float32))
    assert branch.ids.tolist() == [0, 1, 2, 3, 4, 9]
    assert np.array_equal(third.matrix[5:], np.eye(7, 384, dtype=np.float32)[5:])  # not overwritten by branch
    inside = third.appended(unit(1, 50)).appended(unit(1, 20))  # an id inside the range: sorted into place
    assert inside.ids.tolist() == [0, 1, 2, 3, 4, 5, 6, 20, 50]
    assert inside.matrix[7, 20] == 1.0 and inside.matrix[8, 50] == 1.0
    query = np.zeros(384, np.float32)
    query[4] = 1.0
    assert list(third.search(query, document_ids=None, limit=1)) == [4]


def _library(rows: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Unit vectors in clusters, as passages of a few topics are: near-ties for the codes to tell apart."""
    rng = np.random.default_rng(seed)
    topics = rng.standard_normal((8, 384)).astype(np.float32)
    vectors = topics[rng.integers(0, 8, rows)] + 0.3 * rng.standard_normal((rows, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = rng.permutation(np.arange(1000, 1000 + 3 * rows, 3))[:rows]
    return ids, ids % 17, vectors


def test_int8_codes_find_what_exact_search_finds_with_the_exact_scores():
    ids, documents, vectors = _library(4000, seed=1)
    stored = dict(zip(ids.tolist(), vectors, strict=True))
    reads: list[int] = []

    def exact(wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        reads.append(len(wanted))
        return wanted, np.stack([stored[int(i)] for i in wanted])

    exact_matrix = VectorMatrix.build(ids, documents, vectors)
    codes = VectorMatrix.build(ids, documents, vectors, exact=exact)
    assert codes.quantized and codes.matrix.dtype == np.int8 and codes.matrix.nbytes == 4000 * 384
    rng = np.random.default_rng(2)
    for _ in range(20):
        query = vectors[rng.integers(0, 4000)] + 0.2 * rng.standard_normal(384).astype(np.float32)
        query /= np.linalg.norm(query)
        for allowed in (None, [1, 5, 9]):
            want = exact_matrix.search(query, document_ids=allowed, limit=30)
            got = codes.search(query, document_ids=allowed, limit=30)
            assert list(got) == list(want)
            assert np.allclose(list(got.values()), list(want.values()), atol=1e-6)
    assert max(reads) == 256  # only the candidates are read exactly, not the library
    assert codes.scores_for(query, [int(ids[0]), 404]) == pytest.approx(
        {int(ids[0]): float(vectors[0] @ query)}
    )


def test_int8_codes_grow_and_keep_their_exact_reader():
    ids, documents, vectors = _library(300, seed=3)
    stored = dict(zip(ids.tolist(), vectors, strict=True))

    def exact(wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        kept = np.array([i for i in wanted if int(i) in stored], np.int64)
        return kept, np.stack([stored[int(i)] for i in kept]) if len(kept) else np.zeros((0, 384), np.float32)

    order = np.argsort(ids)
    ids, documents, vectors = ids[order], documents[order], vectors[order]
    start = VectorMatrix.empty(exact=exact)
    grown = start.appended(VectorMatrix.build(ids[:200], documents[:200], vectors[:200]))
    grown = grown.appended(VectorMatrix.build(ids[200:], documents[200:], vectors[200:]))
    assert grown.quantized and len(grown.ids) == 300 and grown.exact is exact
    query = vectors[250]
    best = grown.search(query, document_ids=None, limit=3)
    assert next(iter(best)) == int(ids[250]) and best[int(ids[250])] == pytest.approx(1.0)
