"""`livsmiljo export-site DIR [--project ID] [--force]`: the learning project as a static website."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from livsmiljo.reports.site import export_site
from livsmiljo.workshops.models import Project


class Command(BaseCommand):
    help = (
        "Skriv lärprojektets webbplats som statiska filer i en mapp: startsidan, kommande möten, "
        "dokumentationen från tidigare möten, delat material, publicerade profiler och publika matriser."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="mappen att skriva webbplatsen i (tom eller ny)")
        parser.add_argument(
            "--project", type=int, default=None, help="lärprojektets id (standard: det senaste)"
        )
        parser.add_argument("--force", action="store_true", help="skriv även i en mapp som inte är tom")

    def handle(self, *args: Any, **options: Any) -> None:
        project = _project(options["project"])
        directory = Path(options["directory"])
        if directory.exists() and not directory.is_dir():
            raise CommandError(_("%(path)s är en fil, inte en mapp.") % {"path": directory})
        if directory.is_dir() and any(directory.iterdir()) and not options["force"]:
            raise CommandError(
                _(
                    "Mappen %(path)s är inte tom. Välj en tom mapp, "
                    "eller lägg till --force för att skriva över."
                )
                % {"path": directory}
            )
        try:
            written = export_site(project, directory)
        except OSError as error:
            raise CommandError(
                _("Kunde inte skriva webbplatsen i %(path)s: %(error)s") % {"path": directory, "error": error}
            ) from None
        for path in written:
            self.stdout.write(path)
        self.stdout.write(
            _("Skrev %(n)d filer för %(project)s i %(path)s. Öppna %(index)s i en webbläsare.")
            % {
                "n": len(written),
                "project": project.title,
                "path": directory,
                "index": directory / "index.html",
            }
        )


def _project(pk: int | None) -> Project:
    if pk is not None:
        project = Project.objects.filter(pk=pk).first()
        if project is None:
            raise CommandError(_("Det finns inget lärprojekt med id %(id)d.") % {"id": pk})
        return project
    project = Project.objects.order_by("-created_at", "-pk").first()
    if project is None:
        raise CommandError(_("Det finns inget lärprojekt ännu. Skapa ett i Verkstad först."))
    return project
