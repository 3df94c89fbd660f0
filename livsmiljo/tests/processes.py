"""Helpers for tests that run the real `livsmiljo` command in child processes on a fresh data folder."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a `livsmiljo` child: its own data folder, the database queue, not the tests'."""
    env = {k: v for k, v in os.environ.items() if k not in ("LIVSMILJO_TESTING", "DJANGO_SETTINGS_MODULE")}
    env.update(LIVSMILJO_DATA_DIR=str(data_dir), LIVSMILJO_TASKS="database", PYTHONUNBUFFERED="1", **extra)
    return env


def livsmiljo(*args: str) -> list[str]:
    return [sys.executable, "-m", "livsmiljo.cli", *args]


def migrated_data_dir(folder: Path) -> Path:
    folder.mkdir()
    subprocess.run(
        livsmiljo("migrate", "--noinput"), env=environment(folder), check=True, capture_output=True
    )
    return folder


def rows(database: Path, sql: str) -> list[tuple[Any, ...]]:
    """Read the child's SQLite database directly (the test's own Django uses the test database)."""
    with sqlite3.connect(database, timeout=10) as connection:
        return connection.execute(sql).fetchall()


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
