from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from livsmiljo.analysis.models import RetagRun
from livsmiljo.analysis.services import document_tag, retag_execute
from livsmiljo.documents.models import Document


class Command(BaseCommand):
    help = "Tagga om alla dokument (eller ett) mot ramverket, t.ex. efter att ramverket har ändrats."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--document", type=int, help="bara dokumentet med detta id")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["document"]:
            document = Document.objects.filter(pk=options["document"]).first()
            if document is None:
                raise CommandError(f"Inget dokument med id {options['document']}. Se id:n i kunskapsbanken.")
            self.stdout.write(f"{document_tag(document=document)} stycken taggade i {document.title}.")
            return
        run = retag_execute(run=RetagRun.objects.create())
        if run.status == RetagRun.Status.FAILED:
            raise CommandError(f"Omtaggningen avbröts: {run.message}")
        self.stdout.write(f"{run.documents_done} av {run.documents_total} dokument taggade om.")
