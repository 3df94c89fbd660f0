"""Signing in cannot be guessed at speed: wrong passwords are counted per user name and per address."""

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from livsmiljo import ratelimit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # 80 sign-ins per test


@pytest.fixture
def now(monkeypatch):
    clock = [5_000_000.0]
    monkeypatch.setattr(ratelimit, "clock", lambda: clock[0])
    return clock


def _login(client: Client, username: str, password: str, address: str = "127.0.0.1"):
    data = {"username": username, "password": password}
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def test_the_right_password_signs_in(client, owner, now):
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_after_ten_wrong_passwords_the_right_one_is_refused_until_the_window_has_passed(client, owner, now):
    for _ in range(10):
        response = _login(client, "alice", "fel")
        assert "stämmer inte" in response.content.decode()
    response = _login(client, "alice", PASSWORD)
    assert response.status_code == 200
    assert "För många misslyckade inloggningar. Försök igen om" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert _login(Client(), "ALICE ", PASSWORD, address="198.51.100.7").status_code == 200  # any address
    now[0] += 5 * 60
    assert _login(client, "alice", PASSWORD).status_code == 200
    now[0] += 25 * 60
    assert _login(client, "alice", PASSWORD).status_code == 302


def test_the_lock_holds_for_every_way_in_not_only_the_login_page(owner, now):
    for _ in range(10):
        assert authenticate(username="alice", password="fel") is None
    assert authenticate(username="alice", password=PASSWORD) is None


def test_one_address_trying_many_user_names_is_stopped(client, owner, member, now):
    for i in range(50):
        _login(client, f"gissning{i}", "fel", address="203.0.113.5")
    assert "För många" in _login(Client(), "bob", PASSWORD, address="203.0.113.5").content.decode()
    assert _login(Client(), "bob", PASSWORD, address="198.51.100.7").status_code == 302


def test_a_rotating_forwarded_header_does_not_reset_the_count(client, owner, now):
    for i in range(10):
        client.post(
            reverse("login"), {"username": "alice", "password": "fel"}, HTTP_X_FORWARDED_FOR=f"10.9.0.{i}"
        )
    assert _login(client, "alice", PASSWORD).status_code == 200
