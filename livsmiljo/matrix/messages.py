"""Swedish messages (translated) for the errors of a matrix file, from the engine's codes and parameters."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livsmiljo.engine.matrix.model import MatrixFileError, describe

MESSAGES = {
    "empty": gettext_lazy(
        "Filen är tom. Första raden ska ha en tom cell och sedan målens namn, och därefter en rad per mål."
    ),
    "unreadable": gettext_lazy(
        "Filen gick inte att läsa som %(value)s. Spara den som CSV (UTF-8) eller XLSX och försök igen."
    ),
    "too_big": gettext_lazy(
        "Filen packas upp till mycket mer data än en matris behöver och har stoppats av säkerhetsskäl. "
        "Spara matrisen på nytt som CSV eller XLSX och försök igen."
    ),
    "too_few_goals": gettext_lazy(
        "Första raden har %(count)d mål. En matris ska ha minst %(min)d och högst %(max)d mål."
    ),
    "too_many_goals": gettext_lazy(
        "Första raden har %(count)d mål. En matris ska ha minst %(min)d och högst %(max)d mål."
    ),
    "missing_name": gettext_lazy(
        "Rad %(row)d, kolumn %(column)d saknar målets namn. Varje mål ska ha ett namn i första raden och "
        "i första kolumnen."
    ),
    "name_too_long": gettext_lazy(
        "Målets namn i rad %(row)d, kolumn %(column)d är längre än %(max)d tecken. Korta namnet."
    ),
    "duplicate_goal": gettext_lazy(
        "Målet ”%(value)s” finns två gånger i första raden (kolumn %(column)d). Ge varje mål ett eget namn."
    ),
    "not_square": gettext_lazy(
        "Första raden har %(count)d mål men filen har %(rows)d rader med mål (rad %(row)d är den första som "
        "inte stämmer). Matrisen ska ha en rad per mål, i samma ordning som kolumnerna."
    ),
    "outside_matrix": gettext_lazy(
        "Rad %(row)d har ”%(value)s” i kolumn %(column)d, utanför matrisen med %(count)d mål. Ta bort "
        "värdet eller lägg till målet i första raden."
    ),
    "names_differ": gettext_lazy(
        "Rad %(row)d heter ”%(row_name)s”, men kolumn %(column)d i första raden heter ”%(column_name)s”. "
        "Raderna ska ha samma mål i samma ordning som kolumnerna."
    ),
    "not_integer": gettext_lazy(
        "Rad %(row)d, kolumn %(column)d (%(row_name)s → %(column_name)s) innehåller ”%(value)s”, som inte "
        "är en poäng. Skriv ett heltal från −3 till +3, eller lämna cellen tom."
    ),
    "out_of_range": gettext_lazy(
        "Rad %(row)d, kolumn %(column)d (%(row_name)s → %(column_name)s) har poängen %(value)s, utanför "
        "skalan. Poängen ska vara ett heltal från −3 till +3."
    ),
    "diagonal": gettext_lazy(
        "Rad %(row)d, kolumn %(column)d (%(row_name)s → %(column_name)s) ligger på diagonalen och ska vara "
        "tom, eftersom ett mål inte bedöms mot sig självt. Där står ”%(value)s”."
    ),
}


def file_error_message(err: MatrixFileError) -> str:
    """The translated message for a bad matrix file, naming its row and column."""
    template = MESSAGES.get(err.code)
    if template is None:  # a code the engine added later: its own Swedish text is better than nothing
        return str(err)
    try:
        return str(template) % describe(err)
    except (KeyError, TypeError, ValueError):
        return str(err)


def unreadable_message() -> str:
    return _("Filen kunde inte läsas. Välj en fil som slutar på .csv eller .xlsx.")
