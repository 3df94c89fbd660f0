import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from livsmiljo.documents.models import DocumentKind
from livsmiljo.documents.services import FileResult, ingestion_run_create, ingestion_run_process
from livsmiljo.engine.extract import FORMATS
from livsmiljo.organisations.models import Organisation
from livsmiljo.organisations.services import organisation_find


class Command(BaseCommand):
    help = (
        "Läs in dokument i kunskapsbanken (PDF, DOCX, HTML, Markdown, text): ingest PATH... --organisation O"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "paths", nargs="+", metavar="PATH", help="filer, eller mappar att läsa alla filer i"
        )
        parser.add_argument("--organisation", required=True, help="organisationens namn eller kortnamn")
        parser.add_argument("--kind", default=DocumentKind.RUS, choices=DocumentKind.values)
        parser.add_argument("--year", type=int, default=None)
        parser.add_argument("--title", default="")
        parser.add_argument("--shared", action="store_true", help="dela med hela lärprojektet")
        parser.add_argument("--json", action="store_true", help="en JSON-rad per fil på stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = organisation_find(name_or_slug=options["organisation"])
        if organisation is None:
            slugs = ", ".join(Organisation.objects.order_by("slug").values_list("slug", flat=True))
            message = _("Okänd organisation: %(name)s. Ange namnet eller ett av kortnamnen: %(slugs)s")
            raise CommandError(message % {"name": options["organisation"], "slugs": slugs}, returncode=2)
        paths = _collect(options["paths"])
        run = ingestion_run_create(
            files=[(path.name, path) for path in paths],
            organisation=organisation,
            user=None,
            kind=options["kind"],
            year=options["year"],
            title=options["title"],
            shared=options["shared"],
            enqueue=False,
        )
        results = _process(run.pk, quiet=options["json"])
        for result in results:
            self.stdout.write(_line(result, as_json=options["json"]))
        if any(result.status == "failed" for result in results):
            raise CommandError(_("Minst en fil kunde inte läsas in; se felet ovan."), returncode=1)


def _collect(arguments: list[str]) -> list[Path]:
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            paths += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS)
        elif path.is_file():
            paths.append(path)
        else:
            raise CommandError(
                _("Filen eller mappen finns inte: %(path)s") % {"path": argument}, returncode=2
            )
    if not paths:
        raise CommandError(_("Inga filer att läsa in i de angivna mapparna."), returncode=2)
    return paths


def _process(run_id: int, *, quiet: bool) -> list[FileResult]:
    if quiet:
        return ingestion_run_process(run_id=run_id)
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        bar = progress.add_task(_("Läser in"), total=100)

        def report(percent: int, message: str) -> None:
            progress.update(bar, completed=percent, description=message[:60])

        return ingestion_run_process(run_id=run_id, on_progress=report)


def _line(result: FileResult, *, as_json: bool) -> str:
    if as_json:
        return json.dumps(result.as_dict(), ensure_ascii=False)
    label = {"done": "klar", "duplicate": "fanns redan", "failed": "misslyckades"}.get(
        result.status, result.status
    )
    where = (
        f"dokument {result.document_id}, {result.pages} sidor, {result.passages} stycken"
        if result.document_id
        else ""
    )
    return (
        f"{result.file_name}: {label}"
        + (f" ({where})" if where else "")
        + (f" – {result.error}" if result.error else "")
    )
