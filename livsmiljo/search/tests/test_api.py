from livsmiljo.search.tests.test_services import TRAFFIC


def test_the_api_returns_hits_with_citations(make_document, region, owner_client):
    document = make_document(region, [(2, "Resor", TRAFFIC)])
    response = owner_client.get("/api/search/", {"q": "kollektivtrafiken", "limit": 5})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "kollektivtrafiken"
    hit = data["hits"][0]
    assert (hit["document_id"], hit["page"], hit["heading"]) == (document.pk, 2, "Resor")
    assert hit["why"]["matched_terms"] == ["kollektivtrafiken"]
    assert {"passage_id", "file_name", "organisation", "text", "score", "snippet_html"} <= hit.keys()


def test_the_api_refuses_anonymous_callers(client):
    assert client.get("/api/search/", {"q": "pendling"}).status_code == 401


def test_the_api_hides_another_organisations_unshared_documents(make_document, region, outsider_client):
    make_document(region, [(1, "", TRAFFIC)])
    assert outsider_client.get("/api/search/", {"q": "kollektivtrafiken"}).json()["hits"] == []


def test_the_api_filters_by_organisation_name_and_rejects_an_unknown_one(
    make_document, region, other_region, facilitator_client
):
    make_document(region, [(1, "", TRAFFIC)])
    other = make_document(other_region, [(1, "", TRAFFIC)])
    hits = facilitator_client.get("/api/search/", {"q": "pendla", "organisation": "Norrbotten"}).json()[
        "hits"
    ]
    assert {h["document_id"] for h in hits} == {other.pk}
    response = facilitator_client.get("/api/search/", {"q": "pendla", "organisation": "Atlantis"})
    assert response.status_code == 400
    assert "finns inte" in response.json()["detail"]


def test_the_api_rejects_a_limit_out_of_range(owner_client):
    assert owner_client.get("/api/search/", {"q": "pendla", "limit": 1000}).status_code == 422


def test_the_search_endpoint_is_described_in_openapi(owner_client):
    schema = owner_client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/search/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"q", "limit", "organisation", "kind", "year"}
    assert "Hit" in schema["components"]["schemas"]
