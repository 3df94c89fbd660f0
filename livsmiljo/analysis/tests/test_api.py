import pytest

pytestmark = pytest.mark.django_db


def test_the_api_returns_a_visible_documents_tags(owner_client, private_document):
    response = owner_client.get(f"/api/analysis/documents/{private_document.pk}/tags")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == 3 and rows[0]["themes"][0]["id"] == "transporter"


def test_the_api_hides_an_unshared_document_from_an_outsider(outsider_client, private_document):
    assert outsider_client.get(f"/api/analysis/documents/{private_document.pk}/tags").status_code == 404


def test_the_api_tags_free_text_for_a_logged_in_user(owner_client, client):
    body = {"texts": ["Bredband till alla hushåll på landsbygden."]}
    response = owner_client.post("/api/analysis/classify", body, content_type="application/json")
    assert response.status_code == 200 and response.json()[0]["themes"][0]["id"] == "digital"
    assert client.post("/api/analysis/classify", body, content_type="application/json").status_code == 401
