import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from livsmiljo.documents.models import Document
from livsmiljo.documents.reextraction import (
    ReextractionResult,
    reextraction_run_create,
    reextraction_run_process,
)


class Command(BaseCommand):
    help = (
        "Läs om lagrade dokument med den senaste textläsaren och bygg om stycken, sökindex och teman: "
        "reextract --document ID... | --all"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--document", type=int, action="append", metavar="ID", help="dokumentets id (kan upprepas)"
        )
        which.add_argument("--all", action="store_true", help="alla dokument i kunskapsbanken")
        parser.add_argument("--json", action="store_true", help="en JSON-rad per dokument på stdout")

    def handle(self, *args: Any, **options: Any) -> None:
        documents = _documents(options["document"], every=options["all"])
        results = _process(documents, quiet=options["json"])
        for result in results:
            self.stdout.write(_line(result, as_json=options["json"]))
        if any(result.status == "failed" for result in results):
            raise CommandError(
                _("Minst ett dokument kunde inte läsas om; det är oförändrat. Se felet ovan."), returncode=1
            )


def _documents(ids: list[int] | None, *, every: bool) -> list[Document]:
    if every:
        return list(Document.objects.order_by("pk"))
    found = Document.objects.in_bulk(ids or [])
    missing = [str(i) for i in ids or [] if i not in found]
    if missing:
        raise CommandError(
            _("Okänt dokument-id: %(ids)s. Id:t står i dokumentets webbadress, …/dokument/ID/.")
            % {"ids": ", ".join(missing)},
            returncode=2,
        )
    return [found[i] for i in dict.fromkeys(ids or [])]


def _process(documents: list[Document], *, quiet: bool) -> list[ReextractionResult]:
    runs = [reextraction_run_create(document=d, user=None, enqueue=False) for d in documents]
    if quiet:
        return [reextraction_run_process(run_id=run.pk) for run in runs]
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    results = []
    with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
        bar = progress.add_task(_("Läser om"), total=100 * max(len(runs), 1))
        for index, run in enumerate(runs):

            def report(percent: int, message: str, index: int = index) -> None:
                progress.update(bar, completed=100 * index + percent, description=message[:60])

            results.append(reextraction_run_process(run_id=run.pk, on_progress=report))
    return results


def _line(result: ReextractionResult, *, as_json: bool) -> str:
    if as_json:
        return json.dumps(result.as_dict(), ensure_ascii=False)
    if result.status == "failed":
        return _("%(id)d %(title)s: misslyckades – %(error)s") % {
            "id": result.document_id,
            "title": result.title,
            "error": result.error,
        }
    return _(
        "%(id)d %(title)s: klar (%(pages)d sidor, %(passages)d stycken, %(kept)d oförändrade, "
        "%(reused)d vektorer återanvända, %(corrections)d rättelser kvar, %(lost)d förlorade)"
    ) % {
        "id": result.document_id,
        "title": result.title,
        "pages": result.pages,
        "passages": result.passages,
        "kept": result.passages_kept,
        "reused": result.vectors_reused,
        "corrections": result.corrections_kept,
        "lost": result.corrections_lost,
    }
