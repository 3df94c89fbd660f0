"""Livsmiljö refuses a database it does not run on before it starts, not halfway through (issue 14)."""

import os
import runpy
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError
from django.db import connection

from livsmiljo import dbcheck

SETTINGS_FILE = str(Path(settings.BASE_DIR) / "livsmiljo" / "settings.py")


def _settings_with(monkeypatch: pytest.MonkeyPatch, database_url: str) -> dict[str, Any]:
    monkeypatch.setenv("DATABASE_URL", database_url)
    return runpy.run_path(SETTINGS_FILE)


def test_an_unsupported_database_vendor_stops_the_settings_with_a_message_in_swedish_and_english(monkeypatch):
    with pytest.raises(ImproperlyConfigured) as refused:
        _settings_with(monkeypatch, "mysql://livsmiljo:hemligt@db.example.se/livsmiljo")

    assert "stöder" in str(refused.value) and "not" in str(refused.value)
    assert "mysql" in str(refused.value)


def test_postgresql_settings_keep_the_url_options_and_give_each_test_process_its_own_database(monkeypatch):
    found = _settings_with(
        monkeypatch, "postgres://livsmiljo:hemligt@db.example.se:5432/livs?sslmode=require"
    )

    database = found["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["OPTIONS"]["sslmode"] == "require"
    assert database["OPTIONS"]["application_name"] == "livsmiljo"
    assert database["TEST"]["NAME"] == f"test_livs_{os.getpid()}"
    assert database["CONN_HEALTH_CHECKS"] is True


def test_the_database_the_tests_run_on_has_no_problems(db):
    assert dbcheck.database_problems() == []


def test_a_database_of_another_vendor_is_a_problem(db, monkeypatch):
    monkeypatch.setattr(connection, "vendor", "mysql")

    assert dbcheck.database_problems() == [
        "Databasen mysql stöds inte: använd SQLite eller PostgreSQL med pgvector (DATABASE_URL)."
    ]


class _FakeCursor:
    """Answers the two questions the check asks PostgreSQL: is pgvector there, and may this role create it."""

    def __init__(self, installed: str | None, available: bool, superuser: bool) -> None:
        self.rows = {"pg_available_extensions": (installed,) if available else None, "pg_roles": (superuser,)}
        self.row: tuple[Any, ...] | None = None

    def __enter__(self) -> "_FakeCursor":
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def execute(self, sql: str) -> None:
        self.row = next(row for table, row in self.rows.items() if table in sql)

    def fetchone(self) -> tuple[Any, ...] | None:
        return self.row


class _FakePostgres:
    vendor = "postgresql"
    settings_dict = {"NAME": "livsmiljo"}

    def __init__(self, **answers: Any) -> None:
        self.answers = answers

    def cursor(self) -> _FakeCursor:
        return _FakeCursor(**self.answers)


def _postgres(monkeypatch: pytest.MonkeyPatch, **answers: Any) -> None:
    monkeypatch.setattr(dbcheck, "connections", {"default": _FakePostgres(**answers)})


def test_postgresql_without_pgvector_on_the_server_is_a_problem_that_says_what_to_install(monkeypatch):
    _postgres(monkeypatch, installed=None, available=False, superuser=True)

    [problem] = dbcheck.database_problems()

    assert "pgvector" in problem and "postgresql-NN-pgvector" in problem


def test_pgvector_that_the_role_may_not_create_is_a_problem_for_the_administrator(monkeypatch):
    _postgres(monkeypatch, installed=None, available=True, superuser=False)

    [problem] = dbcheck.database_problems()

    assert "CREATE EXTENSION vector" in problem and "livsmiljo" in problem


def test_pgvector_installed_or_creatable_by_migrate_is_no_problem(monkeypatch):
    _postgres(monkeypatch, installed="0.8.2", available=True, superuser=False)
    assert dbcheck.database_problems() == []
    _postgres(monkeypatch, installed=None, available=True, superuser=True)
    assert dbcheck.database_problems() == []


def test_migrate_stops_on_a_database_problem(db, monkeypatch):
    monkeypatch.setattr(dbcheck, "database_problems", lambda alias="default": ["pgvector saknas"])

    with pytest.raises(SystemCheckError, match="pgvector saknas"):
        call_command("migrate", "--check", verbosity=0, skip_checks=False)


def test_serve_stops_on_a_database_problem_before_it_starts_anything(monkeypatch):
    monkeypatch.setattr(dbcheck, "database_problems", lambda alias="default": ["pgvector saknas"])
    started = []
    monkeypatch.setattr("uvicorn.run", lambda *args, **kwargs: started.append(args))

    with pytest.raises(CommandError, match="pgvector saknas"):
        call_command("serve", "--no-worker")

    assert started == []


def test_the_worker_stops_on_a_database_problem(monkeypatch, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    monkeypatch.setattr(dbcheck, "database_problems", lambda alias="default": ["pgvector saknas"])

    with pytest.raises(CommandError, match="pgvector saknas"):
        call_command("worker", "--batch")
