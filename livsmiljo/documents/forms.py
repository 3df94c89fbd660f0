from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from livsmiljo.documents.models import Document, DocumentKind
from livsmiljo.organisations.access import is_facilitator
from livsmiljo.organisations.models import Organisation, User

ACCEPT = ".pdf,.docx,.html,.htm,.md,.markdown,.txt"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files, each accepted as it is: an empty, foreign or broken file must not fail the whole
    upload. Ingestion checks every file and records its own problem on its own row."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]  # an uploaded file is falsy only without a name
        if not files:
            raise forms.ValidationError(_("Välj minst en fil att ladda upp."), code="required")
        return files


def _year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label=_("År"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Året dokumentet antogs eller gäller från, till exempel 2022."),
        error_messages={
            "min_value": _("Ange ett årtal mellan 1900 och 2100."),
            "max_value": _("Ange ett årtal mellan 1900 och 2100."),
            "invalid": _("Ange året med siffror, till exempel 2022."),
        },
    )


class UploadForm(forms.Form):
    uploads = MultipleFileField(
        label=_("Filer"),
        help_text=_("Välj en eller flera filer: PDF, Word (.docx), HTML, Markdown eller text."),
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), label=_("Organisation"), empty_label=_("– Välj organisation –")
    )
    kind = forms.ChoiceField(
        label=_("Typ av dokument"), choices=DocumentKind.choices, initial=DocumentKind.RUS
    )
    year = _year_field()
    title = forms.CharField(
        label=_("Titel"),
        required=False,
        max_length=300,
        help_text=_("Lämnas den tom hämtas titeln ur filen."),
    )
    shared = forms.BooleanField(
        label=_("Dela med hela lärprojektet"),
        required=False,
        help_text=_("Alla i lärprojektet kan då läsa och söka i dokumentet."),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        if not is_facilitator(user):
            field.queryset = Organisation.objects.filter(pk=user.organisation_id or 0)
            field.disabled = True
        field.initial = user.organisation_id


class DocumentForm(forms.ModelForm):
    year = _year_field()

    class Meta:
        model = Document
        fields = ["title", "kind", "year", "shared"]
