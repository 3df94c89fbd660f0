from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from livsmiljo.forms import SiteModelForm
from livsmiljo.homework.models import Assignment
from livsmiljo.organisations.models import Organisation


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items if item]


class SubmissionForm(forms.Form):
    field_order = ["organisation", "uploads", "text", "year", "shared"]

    uploads = MultipleFileField(
        label=_("Filer"),
        required=False,
        help_text=_("PDF, Word (DOCX), HTML, Markdown eller text. Du kan välja flera filer."),
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Några punkter eller en kort text. Den sparas här och blir sökbar i kunskapsbanken."),
    )
    year = forms.IntegerField(
        label=_("År (frivilligt)"),
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Året dokumentet gäller från, till exempel 2024."),
    )
    shared = forms.BooleanField(
        label=_("Dela med alla i lärprojektet"),
        required=False,
        initial=True,
        help_text=_("Utan delning ser bara din organisation och processledarna det ni lämnar in."),
    )
    organisation = forms.ModelChoiceField(
        label=_("För organisationen"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, organisations: list[Organisation] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            field = self.fields["organisation"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
            field.required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("uploads") and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("Välj minst en fil eller skriv några rader text."))
        return data


class AssignmentForm(SiteModelForm):
    class Meta:
        model = Assignment
        fields = ["title", "instructions", "kind", "audience", "organisations", "due_date"]
        widgets = {
            "instructions": forms.Textarea(attrs={"rows": 4}),
            "organisations": forms.CheckboxSelectMultiple,
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
