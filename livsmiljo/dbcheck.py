"""Is this a database Livsmiljö runs on? SQLite, or PostgreSQL with pgvector (issue 14).

`database_problems()` says what is wrong, in Swedish (English with the English locale), as a list that is
empty when all is well. `migrate` stops on it through the system check below (tagged `database`, so Django
runs it only for commands that use the database), `serve` and `worker` before they start, and
`check-deploy` lists it with the rest. An unsupported vendor already stops the settings
(livsmiljo/settings.py); the check repeats it for a DATABASES set some other way.
"""

from collections.abc import Iterable
from typing import Any

from django.core.checks import CheckMessage, Error, Tags, register
from django.core.management.base import CommandError
from django.db import DatabaseError, connections
from django.utils.translation import gettext as _

SUPPORTED_VENDORS = ("sqlite", "postgresql")


def database_problems(alias: str = "default") -> list[str]:
    """What stops Livsmiljö from running on the database `alias`; [] when nothing does."""
    connection = connections[alias]
    if connection.vendor not in SUPPORTED_VENDORS:
        return [
            _("Databasen %(vendor)s stöds inte: använd SQLite eller PostgreSQL med pgvector (DATABASE_URL).")
            % {"vendor": connection.vendor}
        ]
    if connection.vendor == "postgresql":
        try:
            return _pgvector_problems(alias)
        except DatabaseError as error:
            return [
                _("Kan inte ansluta till PostgreSQL (DATABASE_URL): %(error)s")
                % {"error": str(error).strip()}
            ]
    return []


def _pgvector_problems(alias: str) -> list[str]:
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT installed_version FROM pg_available_extensions WHERE name = 'vector'")
        row = cursor.fetchone()
        if row is None:
            return [
                _(
                    "PostgreSQL saknar tillägget pgvector (vector), som sökningen behöver: installera det "
                    "på databasservern (Debian: paketet postgresql-NN-pgvector)."
                )
            ]
        if row[0] is not None:
            return []
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        superuser = cursor.fetchone()
    if superuser and superuser[0]:
        return []  # `migrate` creates the extension
    return [
        _(
            "Tillägget pgvector är installerat på servern men inte i databasen %(name)s, och användaren "
            "får inte skapa det: låt en databasadministratör köra CREATE EXTENSION vector; i databasen."
        )
        % {"name": connections[alias].settings_dict["NAME"]}
    ]


def refuse_unsupported_database(alias: str = "default") -> None:
    """Stop a command before it starts on a database Livsmiljö cannot run on."""
    problems = database_problems(alias)
    if problems:
        raise CommandError("\n".join(problems))


@register(Tags.database)
def check_database(
    app_configs: Iterable[Any] | None = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    return [
        Error(problem, id="livsmiljo.E014")
        for alias in databases or ()
        for problem in database_problems(alias)
    ]
