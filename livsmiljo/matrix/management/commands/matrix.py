import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from livsmiljo.engine.matrix import (
    MAX_GOALS,
    MIN_GOALS,
    Analysis,
    MatrixFileError,
    ScoredMatrix,
    analyse,
    analysis_json,
    read_csv,
    read_xlsx,
    write_csv,
)

MAX_FILE = 5 * 1024 * 1024  # a 40-goal matrix is a few kilobytes


class Command(BaseCommand):
    help = "Målkonfliktsmatriser: analysera en matris från en CSV- eller XLSX-fil, eller skriv en tom mall."
    # Reading one file needs neither the URL modules nor the views the system checks import.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        analyse_parser = actions.add_parser("analyse", help="analysera en matris (CSV eller XLSX)")
        analyse_parser.add_argument("file", help="matrisen som CSV- eller XLSX-fil")
        analyse_parser.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
        template = actions.add_parser("export-template", help="skriv en tom matris att fylla i, som CSV")
        template.add_argument("goals", nargs="+", help="målens namn, minst 3")
        template.add_argument("--delimiter", default=",", help="tecknet mellan cellerna, t.ex. ; för Excel")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "export-template":
            self._template(options["goals"], options["delimiter"])
            return
        result = analyse(_read(Path(options["file"])))
        if options["json"]:
            self.stdout.write(json.dumps(analysis_json(result), ensure_ascii=False))
        else:
            self.stdout.write("\n".join(summary(result)))

    def _template(self, goals: list[str], delimiter: str) -> None:
        if not MIN_GOALS <= len(goals) <= MAX_GOALS:
            message = _("En matris ska ha minst %(min)d och högst %(max)d mål.")
            raise CommandError(message % {"min": MIN_GOALS, "max": MAX_GOALS})
        if len({g.strip().casefold() for g in goals}) != len(goals):
            raise CommandError(_("Varje mål ska ha ett eget namn."))
        if len(delimiter) != 1:
            raise CommandError(_("Avgränsaren ska vara ett enda tecken, t.ex. ; eller ,"))
        self.stdout.write(write_csv(ScoredMatrix(tuple(g.strip() for g in goals), {}), delimiter), ending="")


def _read(path: Path) -> ScoredMatrix:
    if not path.is_file():
        raise CommandError(_("Filen %(name)s finns inte.") % {"name": path})
    if path.stat().st_size > MAX_FILE:
        raise CommandError(_("Filen %(name)s är för stor för att vara en matris.") % {"name": path})
    data = path.read_bytes()
    try:
        return read_xlsx(data) if path.suffix.lower() in (".xlsx", ".xlsm") else read_csv(data)
    except MatrixFileError as error:
        raise CommandError(f"{path.name}: {error}") from error


def summary(a: Analysis) -> list[str]:
    """The analysis in plain Swedish: what to start with, what is held back, what needs a decision."""
    lines = [
        _("Målkonfliktsmatris med %(goals)d mål: %(scored)d av %(pairs)d par har en poäng.")
        % {"goals": len(a.goals), "scored": a.scored, "pairs": a.pairs},
        "",
    ]
    if a.drivers:
        lines.append(_("Driver systemet (påverkar andra mål mest, summan av raden):"))
        lines += [f"  {g}: {_signed(a.out[g])}" for g in a.drivers]
    else:
        lines.append(_("Inget mål påverkar de andra positivt sammantaget."))
    if a.held_back:
        lines.append(_("Hålls tillbaka (påverkas mest negativt av andra mål, summan av kolumnen):"))
        lines += [f"  {g}: {_signed(a.in_[g])}" for g in a.held_back]
    if a.strong_conflicts:
        lines.append(_("Målkonflikter som behöver ett beslut (poäng −2 eller −3):"))
        lines += [f"  {x} → {y}: {_signed(v)}" for x, y, v in a.strong_conflicts]
    else:
        lines.append(_("Inga starka målkonflikter (ingen poäng −2 eller −3)."))
    if a.clusters:
        lines.append(_("Mål som förstärker varandra ömsesidigt (+2 eller +3 åt båda hållen):"))
        lines += ["  " + ", ".join(c) for c in a.clusters]
    lines += ["", _("Per mål: påverkar (rad), påverkas (kolumn), positivt, negativt, andra ordningen")]
    width = max(len(g) for g in a.goals)
    for g in a.ranking:
        figures = (a.out[g], a.in_[g], a.out_pos[g], a.out_neg[g], a.second_order[g])
        lines.append(f"  {g.ljust(width)}  " + "  ".join(_signed(v).rjust(4) for v in figures))
    return lines


def _signed(v: int) -> str:
    return f"+{v}" if v > 0 else f"−{-v}" if v < 0 else "0"
