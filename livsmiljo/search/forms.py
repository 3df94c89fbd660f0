from django import forms
from django.utils.translation import gettext_lazy as _

from livsmiljo.documents.models import DocumentKind
from livsmiljo.organisations.models import Organisation


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Sök i kunskapsbanken"),
        required=False,
        max_length=500,
        help_text=_("Skriv ord eller en fråga, på svenska eller engelska. Citattecken söker en exakt fras."),
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
        self.fields["kind"].choices = [("", _("Alla typer")), *DocumentKind.choices]  # type: ignore[attr-defined]
