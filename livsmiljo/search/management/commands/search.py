import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from livsmiljo.documents.models import DocumentKind
from livsmiljo.organisations.services import organisation_find
from livsmiljo.search.retrieval import MODES
from livsmiljo.search.services import MAX_LIMIT, passages_search

CLI_FIELDS = (
    "passage_id", "document_id", "document_title", "file_name", "organisation",
    "page", "heading", "text", "score", "why",
)  # fmt: skip


class Command(BaseCommand):
    help = "Sök i hela kunskapsbanken (alla dokument) och skriv träffarna med sida och rubrik."
    # The system checks import every URL module and view (0.4 s) on each call; a read-only search needs
    # none of that, and `manage.py check` and the test suite still run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="+", help="sökord eller en fråga")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--organisation", help="namn eller kortnamn (slug)")
        parser.add_argument("--kind", choices=DocumentKind.values)
        parser.add_argument("--year", type=int)
        parser.add_argument("--mode", choices=MODES, default="hybrid")
        parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        query = " ".join(options["query"])
        if not 1 <= options["limit"] <= MAX_LIMIT:
            raise CommandError(_("--limit ska vara mellan 1 och %(max)d.") % {"max": MAX_LIMIT})
        organisation = None
        if options["organisation"]:
            organisation = organisation_find(name_or_slug=options["organisation"])
            if organisation is None:
                message = _("Organisationen %(name)s finns inte. Ange namnet eller kortnamnet, t.ex. skane.")
                raise CommandError(message % {"name": options["organisation"]})
        try:
            result = passages_search(
                query=query,
                user=None,
                limit=options["limit"],
                organisation=organisation,
                kind=options["kind"],
                year=options["year"],
                mode=options["mode"],
            )
        except ValidationError as error:  # a query over the length limit
            raise CommandError(" ".join(error.messages)) from error
        hits = result.hits
        if options["json"]:
            rows = [{key: getattr(h, key) for key in CLI_FIELDS} for h in hits]
            output = {"query": query, "translated_query": result.translated_query, "hits": rows}
            self.stdout.write(json.dumps(output, ensure_ascii=False))
            return
        if result.translated_query:
            words = ", ".join(result.translated_query)
            self.stdout.write(_("Sökte även på: %(words)s") % {"words": words})
        if not hits:
            self.stdout.write(_("Inga träffar. Pröva andra eller färre ord."))
        for n, hit in enumerate(hits, 1):
            heading = f" – {hit.heading}" if hit.heading else ""
            page = _("s. %(page)d") % {"page": hit.page}
            self.stdout.write(f"{n}. {hit.document_title} ({hit.organisation}), {page}{heading}")
            self.stdout.write(f"   {hit.text[:200]}{'…' if len(hit.text) > 200 else ''}")
