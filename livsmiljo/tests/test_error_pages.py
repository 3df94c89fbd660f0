"""Errors speak Swedish and say what to do, in the site's own layout."""

from django.template.loader import get_template


def test_a_missing_page_answers_404_in_swedish_with_ways_on(client, db):
    response = client.get("/det-har-finns-inte/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Sidan finns inte" in content
    assert 'href="/bibliotek/"' in content


def test_the_server_error_page_renders_without_a_request_or_database():
    html = get_template("500.html").render({})
    assert "Något gick fel" in html
    assert "Det du redan har sparat finns kvar" in html


def test_a_failed_csrf_check_explains_what_to_do(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/konto/logga-in/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "ladda om sidan" in response.content.decode()
