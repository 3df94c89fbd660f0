"""`livsmiljo report meeting ID|organisation NAME_OR_SLUG --format pdf|docx|md|html|csv|xlsx -o FILE`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from livsmiljo.engine.report import Report
from livsmiljo.organisations.services import organisation_find
from livsmiljo.reports.formats import FORMATS, UnknownTable, report_render
from livsmiljo.reports.organisation import AUDIENCES, ProfileNotPublished, build_organisation_report
from livsmiljo.workshops.models import Meeting


class Command(BaseCommand):
    help = (
        "Skriv ett mötes dokumentation eller en organisations strategiprofil "
        "som PDF, DOCX, Markdown, HTML, CSV eller XLSX."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="meeting eller organisation")
        parser.add_argument("target", help="mötets id, eller organisationens namn eller kortnamn")
        parser.add_argument(
            "--format", default="pdf", help="pdf, docx, md, html, csv eller xlsx (standard pdf)"
        )
        parser.add_argument(
            "-o", "--output", default="", help="filen att skriva (standard: rapportens titel)"
        )
        parser.add_argument("--audience", default="project", help="project (standard) eller public")
        parser.add_argument("--table", default="", help="csv: bara tabellen med det här namnet")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt, audience = options["format"].lower().lstrip("."), options["audience"]
        if fmt not in FORMATS:
            raise CommandError(
                _("Okänt format %(format)s. Välj ett av: %(formats)s.")
                % {"format": options["format"], "formats": ", ".join(FORMATS)}
            )
        if audience not in AUDIENCES:
            raise CommandError(
                _("Okänd publik %(audience)s. Välj project eller public.") % {"audience": audience}
            )
        report = self._report(options["kind"], options["target"], audience)
        try:
            rendered = report_render(report, fmt, table=options["table"])
        except UnknownTable:
            raise CommandError(_("Rapporten har ingen tabell med det namnet.")) from None
        path = Path(options["output"] or rendered.filename)
        try:
            path.write_bytes(rendered.content)
        except OSError as error:
            raise CommandError(
                _("Kunde inte skriva %(path)s: %(error)s") % {"path": path, "error": error}
            ) from None
        self.stdout.write(
            _("Skrev %(path)s (%(size)s byte).") % {"path": path, "size": len(rendered.content)}
        )

    def _report(self, kind: str, target: str, audience: str) -> Report:
        if kind == "meeting":
            return self._meeting_report(target, audience)
        if kind == "organisation":
            organisation = organisation_find(name_or_slug=target)
            if organisation is None:
                raise CommandError(_("Det finns ingen organisation som heter %(name)s.") % {"name": target})
            try:
                return build_organisation_report(organisation, audience=audience)
            except ProfileNotPublished:
                raise CommandError(
                    _("%(name)s har inte valt att publicera sin strategiprofil.")
                    % {"name": organisation.name}
                ) from None
        raise CommandError(_("Okänd rapport %(kind)s. Välj meeting eller organisation.") % {"kind": kind})

    def _meeting_report(self, target: str, audience: str) -> Report:
        from livsmiljo.reports.meeting import build_meeting_report

        meeting = Meeting.objects.filter(pk=int(target)).first() if target.isdigit() else None
        if meeting is None:
            raise CommandError(
                _("Det finns inget möte med id %(id)s. Se `livsmiljo meeting list`.") % {"id": target}
            )
        return build_meeting_report(meeting, audience=audience)
