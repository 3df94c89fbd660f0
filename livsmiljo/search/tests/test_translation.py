"""A query in English is also searched in Swedish words, and the user is told which (issue 13, item 1)."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from livsmiljo.search.services import keyword_index_reanalyse, passages_search, search_passages
from livsmiljo.search.tests.test_services import FOREST, HEALTH

# Written for these tests: a passage that says in Swedish what the English queries below ask for.
FERRIES = (
    "Skärgårdens bofasta behöver kollektivtrafik året runt. Färjorna och de små busslinjerna på "
    "landsbygden ska samordnas så att man kan pendla till skolan och arbetet utan bil."
)
HOUSING = (
    "Bostadsbristen gör det svårt för unga att flytta hemifrån. Kommunerna planerar för fler hyresrätter "
    "med rimliga hyror nära kollektivtrafiken."
)
PUBLIC_HEALTH = (
    "Folkhälsan i länet skiljer sig mellan grupper. Regionen följer upp skillnaderna i hälsa varje år och "
    "arbetar förebyggande tillsammans med civilsamhället."
)


def test_an_english_query_finds_a_swedish_passage_through_its_swedish_words(make_document, region, owner):
    make_document(region, [(1, "", HEALTH), (2, "", FERRIES), (3, "", FOREST), (4, "", HOUSING)])
    result = passages_search(query="public transport in rural areas", user=owner)
    assert result.hits[0].page == 2
    assert result.translated_query == ["kollektivtrafik", "landsbygd"]
    assert {"kollektivtrafik", "landsbygden"} <= set(result.hits[0].why["matched_terms"])


def test_the_keyword_side_of_a_translated_query_is_swedish(make_document, region, owner):
    make_document(region, [(1, "", HEALTH), (2, "", FERRIES), (3, "", HOUSING)])
    hits = search_passages(query="housing shortage", user=owner, mode="keyword")
    assert [hit.page for hit in hits] == [3]


def test_a_swedish_query_is_searched_as_it_is(make_document, region, owner):
    make_document(region, [(1, "", FERRIES)])
    assert passages_search(query="kollektivtrafik på landsbygden", user=owner).translated_query == []


def test_a_definite_form_finds_the_base_form_and_the_other_way_round(make_document, region, owner):
    make_document(region, [(1, "", HEALTH), (2, "", PUBLIC_HEALTH), (3, "", HOUSING)])
    assert [h.page for h in search_passages(query="folkhälsa", user=owner, mode="keyword")] == [2]
    assert [h.page for h in search_passages(query="civilsamhälle", user=owner, mode="keyword")] == [2]
    assert 3 in [h.page for h in search_passages(query="kommun", user=owner, mode="keyword")]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="rows of SQLite's FTS table")
def test_reanalysing_the_index_replaces_rows_stored_by_an_older_analyser(make_document, region, owner):
    document = make_document(region, [(1, "", PUBLIC_HEALTH)])
    with connection.cursor() as cursor:  # as an older analyser stored it: "-an" kept
        cursor.execute(
            "UPDATE search_fts SET body = 'folkhälsan län skilj' WHERE document_id = %s", [document.pk]
        )
    keyword_index_reanalyse(documents=[document])
    assert [h.page for h in search_passages(query="folkhälsa", user=owner, mode="keyword")] == [1]


def test_the_search_page_says_which_swedish_words_it_also_searched_for(make_document, region, owner_client):
    make_document(region, [(1, "", HEALTH), (2, "", FERRIES)])
    response = owner_client.get(reverse("search:search"), {"q": "public transport in rural areas"})
    assert response.status_code == 200
    assert "Sökte även på: kollektivtrafik, landsbygd" in response.content.decode()


def test_the_search_page_names_no_translation_for_a_swedish_query(make_document, region, owner_client):
    make_document(region, [(1, "", FERRIES)])
    response = owner_client.get(reverse("search:search"), {"q": "kollektivtrafik"})
    assert "Sökte även på" not in response.content.decode()


def test_search_json_names_the_swedish_words_and_keeps_every_field(make_document, region):
    make_document(region, [(1, "", HEALTH), (2, "", FERRIES)])
    out = StringIO()
    call_command("search", "public", "transport", "in", "rural", "areas", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["query", "translated_query", "hits"]
    assert data["translated_query"] == ["kollektivtrafik", "landsbygd"]
    assert data["hits"][0]["page"] == 2


def test_the_api_names_the_swedish_words(make_document, region, owner_client):
    make_document(region, [(1, "", FERRIES)])
    response = owner_client.get("/api/search/", {"q": "public transport"})
    assert response.status_code == 200
    assert response.json()["translated_query"] == ["kollektivtrafik"]


def test_the_latest_reanalysing_migration_is_for_the_current_analyser():
    import importlib
    import pkgutil

    from livsmiljo.engine.text import ANALYSER_VERSION
    from livsmiljo.search import migrations

    versions = [
        getattr(importlib.import_module(f"{migrations.__name__}.{m.name}"), "REANALYSED_FOR", 0)
        for m in sorted(pkgutil.iter_modules(migrations.__path__), key=lambda m: m.name)
    ]
    assert max(versions) == ANALYSER_VERSION
