"""`livsmiljo demo`: fill the site with demo content (idempotent) and print where to log in."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils.translation import gettext as _

from livsmiljo.demo.install import DEMO_PASSWORD, demo_install


class Command(BaseCommand):
    help = "Lägg in demoinnehåll: fiktiva regioner, inloggningar, strategidokument och ett workshopmöte."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default=DEMO_PASSWORD, help="Lösenord för demoinloggningarna.")
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="Adressen som skrivs ut.")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = demo_install(password=options["password"], report=self.stdout.write)
        base = options["url"].rstrip("/")
        lines = [
            _("Demoinnehållet är på plats (%(new)d nya dokument, %(total)d totalt, %(seconds).1f s).")
            % {
                "new": result.created_documents,
                "total": len(result.documents),
                "seconds": time.monotonic() - started,
            },
            _("Adress: %(url)s/") % {"url": base},
            _("Processledare: användarnamn %(user)s, lösenord %(password)s")
            % {"user": result.facilitator.username, "password": options["password"]},
            _("Medlem i %(org)s: användarnamn %(user)s, lösenord %(password)s")
            % {
                "org": result.member.organisation,
                "user": result.member.username,
                "password": options["password"],
            },
        ]
        if result.join_code:
            lines.append(
                _("Demomöte: %(url)s%(path)s – deltagare ansluter med koden %(code)s på %(join)s")
                % {
                    "url": base,
                    "path": reverse("workshops:console", args=[result.meeting_id]),
                    "code": result.join_code,
                    "join": base + reverse("workshops:join"),
                }
            )
            lines.append(
                _("Hemuppgifter inför mötet: %(url)s%(path)s")
                % {"url": base, "path": reverse("homework:meeting", args=[result.meeting_id])}
            )
        for line in lines:
            self.stdout.write(line)
        for failure in result.failures:
            self.stderr.write(_("Kunde inte läsa in: %(failure)s") % {"failure": failure})
