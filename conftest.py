"""Shared test fixtures: an owner and a member of one organisation, an outsider of another, a facilitator."""

import os

os.environ.setdefault("LIVSMILJO_TESTING", "1")

import pytest
from django.test import Client

from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import user_create

PASSWORD = "ett-langt-losenord-for-test"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INDEX_DIR = tmp_path / "index"
    settings.MEDIA_ROOT.mkdir()
    settings.INDEX_DIR.mkdir()


@pytest.fixture
def region(db) -> Organisation:
    return Organisation.objects.get(slug="ostergotland")


@pytest.fixture
def other_region(db) -> Organisation:
    return Organisation.objects.get(slug="norrbotten")


@pytest.fixture
def owner(region) -> User:
    return user_create(username="alice", password=PASSWORD, organisation=region)


@pytest.fixture
def member(region) -> User:
    return user_create(username="bob", password=PASSWORD, organisation=region)


@pytest.fixture
def outsider(other_region) -> User:
    return user_create(username="charlie", password=PASSWORD, organisation=other_region)


@pytest.fixture
def facilitator(db) -> User:
    return user_create(username="fia", password=PASSWORD, organisation=None, facilitator=True)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return _client_for(owner)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return _client_for(facilitator)
