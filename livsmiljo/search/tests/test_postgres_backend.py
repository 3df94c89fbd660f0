"""The PostgreSQL search backend against the SQLite one; these run in the PostgreSQL pass only."""

import numpy as np
import pytest
from django.db import connection, transaction

from livsmiljo.engine.text import analyse_query, stems
from livsmiljo.search.backends import IndexRow, get_backend
from livsmiljo.search.backends.postgres import HNSW_INDEX, DjangoSql, PostgresBackend, hnsw_sql
from livsmiljo.search.backends.sqlite import RawSql, SqliteBackend
from livsmiljo.search.backends.vectors import StaticVectors, VectorMatrix
from livsmiljo.search.services import document_unindex, passages_index, search_passages
from livsmiljo.search.tests.test_services import FOREST, HEALTH, TRAFFIC

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the PostgreSQL backend needs a PostgreSQL database"
    ),
    pytest.mark.django_db,
]

TEXTS = {
    1: (10, "Kollektivtrafik", "bussar och tåg på landsbygden, pendling mellan orterna i länet"),
    2: (10, "", "tätare turer för bussar i staden och fler cykelvägar"),
    3: (20, "Hälsa", "vårdcentralerna arbetar med förebyggande hälsa och psykisk hälsa bland unga"),
    4: (20, "", "skogen och vattnet, biologisk mångfald och friluftsliv på landsbygden"),
    5: (30, "Kompetens", "kompetensförsörjning och utbildning för arbetsmarknaden i länet"),
    6: (30, "", "pendling med tåg till arbete och utbildning, bussar som går i tid"),
}
QUERIES = [
    "bussar på landsbygden",
    "psykisk hälsa",
    "kompetensförsörjning",
    "tåg",
    '"pendling mellan orterna"',
]


def _rows() -> list[IndexRow]:
    return [
        IndexRow(passage_id=i, document_id=d, body=stems(text), heading=stems(heading))
        for i, (d, heading, text) in TEXTS.items()
    ]


def _unit_vectors(count: int, seed: int) -> np.ndarray:
    matrix = np.random.default_rng(seed).standard_normal((count, 384)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def _postgres(**options: int) -> PostgresBackend:
    return PostgresBackend(sql=DjangoSql(), **options)


def _count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        return int(cursor.fetchone()[0])


def test_get_backend_picks_the_postgres_backend():
    assert isinstance(get_backend(), PostgresBackend)


def test_it_ranks_keyword_and_vector_searches_as_the_sqlite_backend_does():
    vectors = _unit_vectors(len(TEXTS), seed=1)
    ids = np.array(sorted(TEXTS))
    documents = np.array([TEXTS[i][0] for i in ids])
    sqlite = SqliteBackend(
        sql=RawSql.in_memory(), vectors=StaticVectors(VectorMatrix.build(ids, documents, vectors))
    )
    postgres = _postgres()
    for backend in (sqlite, postgres):
        backend.index(_rows())
    postgres.store_vectors(
        [(int(i), int(d), v.tobytes()) for i, d, v in zip(ids, documents, vectors, strict=True)]
    )
    for text in QUERIES:
        query = analyse_query(text, sqlite.vocabulary())
        for allowed in (None, [10, 30]):
            expected = sqlite.keyword_search(query, document_ids=allowed, limit=3)
            found = postgres.keyword_search(query, document_ids=allowed, limit=3)
            assert list(found.scores) == list(expected.scores), text
            assert np.allclose(list(found.scores.values()), list(expected.scores.values()), rtol=1e-5)
            assert found.phrase_ids == expected.phrase_ids
    assert postgres.keyword_search(
        analyse_query('"pendling mellan orterna"'), document_ids=None, limit=3
    ).phrase_ids == {1}
    query_vector = _unit_vectors(1, seed=2)[0]
    for allowed in (None, [20]):
        expected_dense = sqlite.vector_search(query_vector, document_ids=allowed, limit=4)
        found_dense = postgres.vector_search(query_vector, document_ids=allowed, limit=4)
        assert list(found_dense) == list(expected_dense)
        assert np.allclose(list(found_dense.values()), list(expected_dense.values()), atol=1e-5)
    assert set(postgres.vocabulary()) == set(sqlite.vocabulary())
    assert postgres.vocabulary()["buss"] == sqlite.vocabulary()["buss"]


def test_a_hidden_documents_passages_are_never_returned():
    backend = _postgres()
    backend.index(_rows())
    vectors = _unit_vectors(len(TEXTS), seed=3)
    backend.store_vectors([(i, TEXTS[i][0], vectors[i - 1].tobytes()) for i in TEXTS])
    query = analyse_query("bussar tåg pendling landsbygden")
    found = backend.keyword_search(query, document_ids=[20, 30], limit=10)
    assert found.scores and {1, 2}.isdisjoint(found.scores)
    assert set(backend.vector_search(vectors[0], document_ids=[20], limit=10)) == {3, 4}
    assert backend.keyword_search(query, document_ids=[], limit=10).scores == {}


def test_a_filtered_search_on_the_hnsw_index_still_returns_limit_rows_when_the_nearest_are_hidden():
    backend = _postgres(hnsw_from=50)
    near = np.zeros(384, np.float32)
    near[0] = 1.0
    hidden = _unit_vectors(300, seed=4) * 0.2 + near  # 300 vectors of document 1 crowd around the query
    hidden /= np.linalg.norm(hidden, axis=1, keepdims=True)
    visible = _unit_vectors(40, seed=5)
    rows = [(i + 1, 1, v.tobytes()) for i, v in enumerate(hidden)]
    rows += [(1000 + i, 2, v.tobytes()) for i, v in enumerate(visible)]
    backend.store_vectors(rows)
    backend.sql.run(hnsw_sql(concurrently=False))  # as the worker builds it (test_postgres_hnsw.py)
    assert backend.has_hnsw()
    with connection.cursor() as cursor:  # make the planner use the HNSW index even on a small table
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
            cursor.execute(f"SET LOCAL {setting} = off")
    found = backend.vector_search(near, document_ids=[2], limit=10)
    assert len(found) == 10 and all(i >= 1000 for i in found)
    scores = list(found.values())
    assert scores == sorted(scores, reverse=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN SELECT passage_id FROM search_pg_vector WHERE document_id = ANY(%s) "
            "ORDER BY embedding <#> %s::vector LIMIT 10",
            [[2], "[" + ",".join(["0"] * 383 + ["1"]) + "]"],
        )
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert HNSW_INDEX in plan


def test_the_hnsw_index_build_is_queued_for_after_the_write_once_the_library_passes_the_threshold(
    django_capture_on_commit_callbacks,
):
    backend = _postgres(hnsw_from=8)
    vectors = _unit_vectors(10, seed=6)
    with django_capture_on_commit_callbacks() as queued:
        backend.store_vectors([(i, 1, vectors[i].tobytes()) for i in range(5)])
    assert queued == []  # small: exact search
    with django_capture_on_commit_callbacks() as queued:
        backend.store_vectors([(i, 1, vectors[i].tobytes()) for i in range(5, 10)])
    assert len(queued) == 1 and not backend.has_hnsw()  # built by a worker (test_postgres_hnsw.py)
    assert next(iter(backend.vector_search(vectors[7], document_ids=None, limit=3))) == 7


def test_unindex_removes_a_documents_postings_and_its_words_from_the_vocabulary():
    backend = _postgres()
    backend.index(_rows())
    assert "skog" in backend.vocabulary()
    backend.unindex(document_id=20)
    found = backend.keyword_search(analyse_query("skogen hälsa bussar"), document_ids=None, limit=10)
    assert {3, 4}.isdisjoint(found.scores) and {1, 2}.issubset(found.scores)
    assert "skog" not in backend.vocabulary() and "skog" not in set(backend.vocabulary())
    assert "buss" in set(backend.vocabulary())
    backend.store_vectors([(3, 20, _unit_vectors(1, seed=7)[0].tobytes())])
    backend.unindex_vectors(document_id=20)
    assert _count("search_pg_vector") == 0


def test_a_rolled_back_transaction_leaves_no_postings():
    backend = _postgres()
    with pytest.raises(RuntimeError), transaction.atomic():
        backend.index(_rows())
        backend.store_vectors([(1, 10, _unit_vectors(1, seed=8)[0].tobytes())])
        assert _count("search_pg_posting") > 0
        raise RuntimeError("the ingestion failed")
    for table in (
        "search_pg_posting",
        "search_pg_passage",
        "search_pg_term",
        "search_pg_document",
        "search_pg_vector",
    ):
        assert _count(table) == 0, table


def test_ingested_documents_are_searchable_and_leave_every_table_when_removed(make_document, region, owner):
    traffic = make_document(region, [(1, "Trafik", TRAFFIC), (2, "Hälsa", HEALTH)])
    make_document(region, [(1, "", FOREST)])
    assert _count("search_pg_vector") == 3  # stored as document_embed saved them
    hits = search_passages(query="busslinjer på landsbygden", user=owner)
    assert hits[0].document_id == traffic.pk and hits[0].page == 1
    assert (
        search_passages(query="skogen och rennäringen", user=owner, mode="dense")[0].document_id != traffic.pk
    )
    document_unindex(document=traffic)
    assert all(h.document_id != traffic.pk for h in search_passages(query="busslinjer", user=owner))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_pg_vector WHERE document_id = %s", [traffic.pk])
        assert cursor.fetchone()[0] == 0


def test_indexing_passages_that_already_have_vectors_stores_them_as_re_extraction_needs(
    make_document, region
):
    document = make_document(region, [(1, "", TRAFFIC), (2, "", HEALTH)])
    document_unindex(document=document)  # as re-extraction does before switching to the new passages
    assert _count("search_pg_vector") == 0
    passages_index(document=document)
    assert _count("search_pg_vector") == 2
    assert _count("search_pg_passage") == 2


def test_postings_are_packed_in_six_bytes_where_they_fit_and_read_back_alike():
    from livsmiljo.search.backends.postgres import COMPACT, POSTING, pack, unpack

    small = [(1000, 1.4, 12.0), (1003, 0.5, 7.0)]
    first, data = pack(small)
    assert first == 1000 and len(data) == COMPACT.itemsize * 2
    far = [(5, 1.0, 3.0), (5 + 70_000, 2.4, 9.0)]  # ids too far apart for an offset
    first_far, data_far = pack(far)
    assert len(data_far) == POSTING.itemsize * 2
    read = unpack([(2, first, data), (2, first_far, data_far)])
    assert read["id"].tolist() == [1000, 1003, 5, 70_005]
    assert np.array_equal(read["count"], np.array([1.4, 0.5, 1.0, 2.4], np.float32))
    assert read["length"].tolist() == [12.0, 7.0, 3.0, 9.0]


def test_score_slots_are_the_same_for_close_and_for_scattered_passage_ids():
    from livsmiljo.search.backends.postgres import _Slots

    close = _Slots([np.array([7, 3]), np.array([3, 9])])
    scattered = _Slots([np.array([7, 3 * 10**9]), np.array([3 * 10**9, 9])])
    assert close.dense and not scattered.dense
    assert close.ids[close.of(np.array([9, 3]))].tolist() == [9, 3]
    assert scattered.ids.tolist() == [7, 9, 3 * 10**9]
    assert scattered.of(np.array([9, 3 * 10**9])).tolist() == [1, 2]
