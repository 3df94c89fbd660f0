from django.urls import reverse

from livsmiljo.search.tests.test_services import HEALTH, HOUSING, TRAFFIC, UNRELATED, WIND

URL = reverse("search:search")


def test_the_search_page_asks_for_a_query_when_empty(owner_client):
    response = owner_client.get(URL)
    assert response.status_code == 200
    assert "Skriv vad du letar efter" in response.content.decode()
    assert 'role="search"' in response.content.decode()


def test_a_visitor_who_is_not_logged_in_is_sent_to_the_login_page(client):
    response = client.get(URL, {"q": "pendling"})
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_hit_links_to_the_cited_page_and_explains_why(make_document, region, owner_client):
    document = make_document(region, [(1, "Hälsa", HEALTH), (5, "Resor", TRAFFIC)], title="Länets plan")
    response = owner_client.get(URL, {"q": "kollektivtrafiken"})
    body = response.content.decode()
    passage = document.passages.get(page=5)
    assert f"/bibliotek/dokument/{document.pk}/?sida=5#stycke-{passage.pk}" in body
    assert "<mark>Kollektivtrafiken</mark>" in body
    assert "Varför träff?" in body
    assert "Länets plan" in body


def test_an_htmx_request_gets_only_the_results(make_document, region, owner_client):
    make_document(region, [(1, "", TRAFFIC)])
    response = owner_client.get(URL, {"q": "pendla"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "<html" not in body
    assert 'class="hit"' in body


def test_an_outsider_does_not_see_another_organisations_unshared_document(
    make_document, region, outsider_client
):
    make_document(region, [(1, "", TRAFFIC)], title="Hemlig plan")
    response = outsider_client.get(URL, {"q": "kollektivtrafiken"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Hemlig plan" not in body
    assert "Inga träffar" in body


def test_an_outsider_sees_a_shared_document(make_document, region, outsider_client):
    make_document(region, [(1, "", TRAFFIC)], title="Delad plan", shared=True)
    assert "Delad plan" in outsider_client.get(URL, {"q": "kollektivtrafiken"}).content.decode()


def test_a_bad_year_gets_a_swedish_message(owner_client):
    response = owner_client.get(URL, {"q": "pendling", "year": "tjugo"})
    assert response.status_code == 200
    assert "Skriv året med siffror" in response.content.decode()


def test_the_organisation_filter_keeps_other_organisations_out(
    make_document, region, other_region, facilitator_client
):
    make_document(region, [(1, "", TRAFFIC)], title="Östgöta plan")
    make_document(other_region, [(1, "", TRAFFIC)], title="Norrbottens plan")
    body = facilitator_client.get(URL, {"q": "pendla", "organisation": other_region.pk}).content.decode()
    assert "Norrbottens plan" in body and "Östgöta plan" not in body


def test_the_number_of_queries_does_not_grow_with_the_number_of_hits(make_document, region, owner_client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_document(region, [(1, "", TRAFFIC)])
    owner_client.get(URL, {"q": "buss"})  # the indexes are loaded once per change, not per hit
    with CaptureQueriesContext(connection) as one:
        owner_client.get(URL, {"q": "pendla"})
    for n in range(4):
        make_document(region, [(1, "", TRAFFIC + f" Plan {n}.")], title=f"Plan {n}")
    owner_client.get(URL, {"q": "buss"})
    with CaptureQueriesContext(connection) as five:
        body = owner_client.get(URL, {"q": "pendla"}).content.decode()
    assert body.count('class="hit"') == 5
    assert len(five) == len(one)


def test_the_results_say_how_many_strong_matches_there_are(make_document, region, owner_client):
    texts = [HOUSING, WIND, TRAFFIC, HEALTH, *UNRELATED]
    make_document(region, [(page, "", text) for page, text in enumerate(texts, 1)])
    body = owner_client.get(URL, {"q": "bostäder på landsbygden"}).content.decode()
    assert "Starka träffar: 1 av " in body
    assert body.count('class="hit"') < len(texts)


def test_a_query_with_no_word_in_the_texts_says_the_hits_are_only_alike_in_meaning(
    make_document, region, owner_client
):
    texts = [HOUSING, WIND, TRAFFIC, HEALTH, *UNRELATED]
    make_document(region, [(page, "", text) for page, text in enumerate(texts, 1)])
    body = owner_client.get(URL, {"q": "xyzzyqwerty"}).content.decode()
    assert "Inga ord i frågan fanns i texterna; träffarna nedan är bara lika i betydelse." in body
    assert "Starka träffar" not in body
    real = owner_client.get(URL, {"q": "bostäder på landsbygden"}).content.decode()
    assert "Inga ord i frågan fanns i texterna" not in real
