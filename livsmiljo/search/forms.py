from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from livsmiljo.documents.models import DocumentKind
from livsmiljo.engine.text import MAX_QUERY_CHARS, MAX_QUERY_WORDS
from livsmiljo.organisations.models import Organisation


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök i kunskapsbanken"),
        required=False,
        max_length=MAX_QUERY_CHARS,
        error_messages={
            "max_length": _(
                "Sökfrågan är för lång (%(show_value)d tecken). Den får vara högst %(limit_value)d tecken. "
                "Korta ned den och sök igen."
            )
        },
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Alla organisationer"),
    )
    kind = forms.ChoiceField(label=_("Typ av dokument"), required=False)
    year = forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1900,
        max_value=2100,
        error_messages={
            "min_value": _("Skriv ett år mellan 1900 och 2100."),
            "max_value": _("Skriv ett år mellan 1900 och 2100."),
            "invalid": _("Skriv året med siffror, till exempel 2024."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["q"].help_text = gettext(
            "Skriv ord eller en fråga, på svenska eller engelska. Citattecken söker en exakt fras. "
            "Högst %(chars)d tecken; de första %(words)d orden används."
        ) % {"chars": MAX_QUERY_CHARS, "words": MAX_QUERY_WORDS}
        self.fields["kind"].choices = [("", _("Alla typer")), *DocumentKind.choices]  # type: ignore[attr-defined]
