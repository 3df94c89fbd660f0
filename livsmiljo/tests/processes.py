"""Helpers for tests that run the real `livsmiljo` command in child processes on a fresh data folder."""

from __future__ import annotations

import atexit
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.db import connection

DATABASE_URL_FILE = "database-url"  # in a data folder made by migrated_data_dir on PostgreSQL


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `livsmiljo` child: its own data folder and database, the database queue, not the
    tests'. Its database is the folder's SQLite file, or on the PostgreSQL pass the database that
    `migrated_data_dir` made for the folder."""
    hidden = ("LIVSMILJO_TESTING", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    env = {k: v for k, v in os.environ.items() if k not in hidden}
    if (data_dir / DATABASE_URL_FILE).exists():
        env["DATABASE_URL"] = (data_dir / DATABASE_URL_FILE).read_text()
    env.update(LIVSMILJO_DATA_DIR=str(data_dir), LIVSMILJO_TASKS="database", PYTHONUNBUFFERED="1", **extra)
    return env


def livsmiljo(*args: str) -> list[str]:
    return [sys.executable, "-m", "livsmiljo.cli", *args]


def migrated_data_dir(folder: Path) -> Path:
    """A fresh data folder with a migrated database: SQLite in the folder, or on the PostgreSQL pass a new
    database on the tests' server (dropped when the tests end)."""
    folder.mkdir()
    if connection.vendor == "postgresql":
        (folder / DATABASE_URL_FILE).write_text(_new_postgres_database())
    subprocess.run(
        livsmiljo("migrate", "--noinput"), env=environment(folder), check=True, capture_output=True
    )
    return folder


def rows(database: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read the child's database directly (the test's own Django uses the test database). `database` is the
    SQLite file in the child's data folder; on PostgreSQL the folder names the child's database."""
    url_file = database.parent / DATABASE_URL_FILE
    if url_file.exists():
        import psycopg

        with psycopg.connect(url_file.read_text(), connect_timeout=10) as postgres:
            return postgres.execute(sql.encode()).fetchall()
    with sqlite3.connect(database, timeout=10) as lite:
        return lite.execute(sql).fetchall()


def database_url_of_the_tests() -> str:
    """The tests' own database as a DATABASE_URL, for a child that should see what the test committed."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return _postgres_url(connection.settings_dict["NAME"])


_children_databases: list[str] = []


def _postgres_url(name: str) -> str:
    found = connection.settings_dict
    user, password = quote(found["USER"] or "", safe=""), quote(found["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@"
    return f"postgres://{credentials}{found['HOST'] or 'localhost'}:{found['PORT'] or 5432}/{name}"


def _new_postgres_database() -> str:
    """CREATE DATABASE cannot run in the test's transaction: a connection of its own to the server's
    `postgres` database does it. The name ends in this process id, as the test database's does, so that
    scripts/test-postgres drops it should the process die before atexit."""
    import psycopg

    name = f"test_child_{len(_children_databases) + 1}_{os.getpid()}"
    with psycopg.connect(_postgres_url("postgres"), autocommit=True) as server:
        server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())
        server.execute(f'CREATE DATABASE "{name}"'.encode())
    if not _children_databases:
        atexit.register(_drop_children_databases, _postgres_url("postgres"))
    _children_databases.append(name)
    return _postgres_url(name)


def _drop_children_databases(server_url: str) -> None:
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as server:
        for name in _children_databases:
            server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'.encode())


def children(pid: int) -> list[int]:
    """Process ids whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(condition: Callable[[], Any], seconds: float, what: str) -> Any:
    """The first true value of `condition()`, asked every 0.1 s for up to `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


def answers(url: str) -> bool:
    """True when a server answers at `url`, whatever its status."""
    try:
        urllib.request.urlopen(url, timeout=2)
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False
    return True
