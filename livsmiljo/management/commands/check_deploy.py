import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from livsmiljo import health
from livsmiljo.dbcheck import database_problems

DEFAULT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"  # settings.py's stand-in
MIN_SECRET_KEY = 50  # Django's own deployment check asks for as many characters


class Command(BaseCommand):
    help = (
        "Check a deployment before it is put into service: says in Swedish what is missing or unsafe "
        "(DEBUG, secret key, allowed hosts, HTTPS, database and pgvector, Redis, a running worker); "
        "exits with 1 when anything is."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        problems = [problem for check in CHECKS for problem in check()]
        for problem in problems:
            self.stdout.write(f"✗ {problem}")
        if problems:
            self.stdout.write(
                ngettext(
                    "%(n)d problem att åtgärda innan sajten tas i drift.",
                    "%(n)d problem att åtgärda innan sajten tas i drift.",
                    len(problems),
                )
                % {"n": len(problems)}
            )
            sys.stdout.flush()
            sys.exit(1)
        self.stdout.write(_("Inga problem hittades: inställningarna går att ta i drift."))


def debug() -> list[str]:
    if not settings.DEBUG:
        return []
    return [
        _(
            "Felsökningsläget är på (LIVSMILJO_DEBUG=1): ett fel visar kod och inställningar för "
            "besökaren. Ta bort LIVSMILJO_DEBUG eller sätt den till 0."
        )
    ]


def secret_key() -> list[str]:
    key = settings.SECRET_KEY
    if key == DEFAULT_SECRET_KEY:
        return [
            _(
                "LIVSMILJO_SECRET_KEY är inte satt, så den allmänt kända standardnyckeln används: vem som "
                "helst kan då förfalska inloggningar. Sätt en slumpad nyckel på minst %(n)d tecken, till "
                "exempel från: python3 -c 'import secrets; print(secrets.token_urlsafe(64))'"
            )
            % {"n": MIN_SECRET_KEY}
        ]
    if len(key) < MIN_SECRET_KEY or len(set(key)) < 5:
        return [
            _("LIVSMILJO_SECRET_KEY är för kort eller för enkel: använd minst %(n)d slumpade tecken.")
            % {"n": MIN_SECRET_KEY}
        ]
    return []


def allowed_hosts() -> list[str]:
    hosts = settings.ALLOWED_HOSTS
    if not hosts:
        return [
            _(
                "LIVSMILJO_ALLOWED_HOSTS är tom: sajten svarar inte på någon adress. Ange sajtens "
                "värdnamn, till exempel livsmiljo.region.se."
            )
        ]
    if "*" in hosts:
        return [
            _(
                "LIVSMILJO_ALLOWED_HOSTS innehåller *: sajten svarar då på vilket värdnamn som helst, och "
                "länkar i e-post kan pekas om. Ange sajtens egna värdnamn."
            )
        ]
    return []


def https() -> list[str]:
    if settings.LIVSMILJO_HTTPS:
        return []
    return [
        _(
            "HTTPS är av (LIVSMILJO_HTTPS): inloggningar och deltagarlänkar går då okrypterat. Sätt "
            "LIVSMILJO_HTTPS=1 när sajten nås över HTTPS, och bakom en omvänd proxy även "
            "LIVSMILJO_HTTPS_PROXY_HEADER=1."
        )
    ]


def database() -> list[str]:
    problems = database_problems()
    if problems:
        return problems
    if not health.database_works():
        return [_("Databasen svarar inte (DATABASE_URL): kontrollera adress, användare och lösenord.")]
    if _unapplied_migrations():
        return [_("Databasen är inte uppdaterad för den här versionen: kör livsmiljo migrate.")]
    return []


def _unapplied_migrations() -> int:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections["default"])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def redis() -> list[str]:
    if settings.REDIS_URL:
        if health.redis_works():
            return []
        return [
            _(
                "Redis svarar inte på REDIS_URL: livemöten, cache, sessioner och gränser för "
                "inloggningsförsök behöver den. Starta Redis eller rätta adressen."
            )
        ]
    if settings.LIVSMILJO_WEB_WORKERS > 1:
        return [
            _(
                "%(n)d webbprocesser är inställda (LIVSMILJO_WEB_WORKERS) men REDIS_URL saknas: utan Redis "
                "hör en telefon på en process inte projektorn på en annan. Sätt REDIS_URL eller använd "
                "en process."
            )
            % {"n": settings.LIVSMILJO_WEB_WORKERS}
        ]
    return []


def worker() -> list[str]:
    if settings.TASKS_IMMEDIATE or health.worker_running():
        return []
    return [
        _(
            "Ingen bakgrundsarbetare har hörts av de senaste %(n)d sekunderna: uppladdade dokument läses "
            "då aldrig in. Starta livsmiljo worker (systemd: livsmiljo-worker@1.service) eller livsmiljo "
            "serve utan --no-worker."
        )
        % {"n": int(settings.LIVSMILJO_WORKER_STALE_SECONDS)}
    ]


CHECKS: list[Callable[[], list[str]]] = [debug, secret_key, allowed_hosts, https, database, redis, worker]
