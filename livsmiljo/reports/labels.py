"""The words a report's renderers need, translated on the Django side (engine/ holds no translations)."""

from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def report_labels() -> dict[str, str]:
    return {
        "page": _("Sida"),
        "of": _("av"),
        "source": _("Källa"),
        "sources": _("Källor"),
        "figure_numbers": _("Siffrorna bakom diagrammet"),
        "contents": _("Innehåll"),
    }


def report_language() -> str:
    return (get_language() or "sv").split("-")[0]


def date_text(day: date | datetime) -> str:
    """ "2 december 2026" in Swedish, "2 December 2026" in English; an aware moment on its local day."""
    if isinstance(day, datetime) and timezone.is_aware(day):
        day = timezone.localtime(day)
    return formats.date_format(day, "j F Y")


def percent(value: float) -> str:
    """A share as the site writes it: a whole number, a non-breaking space, a per cent sign ("12 %")."""
    return f"{round(100 * value)}\u00a0%"
