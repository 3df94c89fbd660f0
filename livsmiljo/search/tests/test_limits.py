"""Bounded work for any query and any passage: limits stated in the UI and the API (issue 9)."""

import pytest
from django.urls import reverse

from livsmiljo.engine import text
from livsmiljo.engine.text import MAX_QUERY_CHARS, MAX_QUERY_WORDS, MAX_WORD
from livsmiljo.search.tests.test_services import TRAFFIC


def test_the_api_refuses_a_query_over_the_limit_with_a_swedish_message(owner_client, monkeypatch):
    monkeypatch.setattr("livsmiljo.search.services.rank", lambda *a, **k: pytest.fail("ranked"))
    response = owner_client.get("/api/search/", {"q": "a" * 30_000})
    assert response.status_code == 400
    detail = response.json()["detail"]
    assert "för lång" in detail and f"högst {MAX_QUERY_CHARS} tecken" in detail


def test_the_api_answers_a_query_at_the_limit(make_document, region, owner_client):
    make_document(region, [(1, "Resor", TRAFFIC)])
    query = "kollektivtrafiken " + "x" * (MAX_QUERY_CHARS - len("kollektivtrafiken "))
    response = owner_client.get("/api/search/", {"q": query})
    assert response.status_code == 200
    assert response.json()["hits"][0]["why"]["matched_terms"] == ["kollektivtrafiken"]


def test_the_openapi_description_states_the_query_limits(owner_client):
    schema = owner_client.get("/api/openapi.json").json()
    parameters = schema["paths"]["/api/search/"]["get"]["parameters"]
    description = next(p for p in parameters if p["name"] == "q")["description"]
    assert str(MAX_QUERY_CHARS) in description and str(MAX_QUERY_WORDS) in description
    assert "400" in description


def test_the_search_page_states_the_limit_and_explains_a_query_over_it(owner_client):
    url = reverse("search:search")
    body = owner_client.get(url).content.decode()
    assert f"Högst {MAX_QUERY_CHARS} tecken" in body and f'maxlength="{MAX_QUERY_CHARS}"' in body
    response = owner_client.get(url, {"q": "a" * 30_000})
    assert response.status_code == 200
    assert f"högst {MAX_QUERY_CHARS} tecken" in response.content.decode()


def test_a_passage_with_a_huge_word_is_searched_without_splitting_it(
    make_document, region, owner_client, monkeypatch
):
    longest = 0
    split_compound = text.split_compound

    def recording(word: str, vocabulary: object = ()) -> list[str]:
        nonlocal longest
        longest = max(longest, len(word))
        return split_compound(word, vocabulary)  # type: ignore[arg-type]

    document = make_document(region, [(1, "Resor", "trafik" * 10_000 + " " + TRAFFIC)], embed=False)
    monkeypatch.setattr(text, "split_compound", recording)
    response = owner_client.get("/api/search/", {"q": "trafik"})
    assert response.status_code == 200
    assert [hit["document_id"] for hit in response.json()["hits"]] == [document.pk]
    # Before: the 60,000-letter word contains "trafik", so it was split to explain the hit (minutes, GB).
    assert longest <= MAX_WORD


def test_the_search_command_explains_a_query_over_the_limit(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="för lång"):
        call_command("search", "a" * (MAX_QUERY_CHARS + 1))
