"""Forms of the matrix pages: a new matrix, its goals, agreeing a cell, importing a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from livsmiljo.documents.models import Document
from livsmiljo.forms import SiteForm
from livsmiljo.matrix.access import projects_visible_to
from livsmiljo.matrix.models import GoalSource, ScoreValue
from livsmiljo.matrix.services import GoalSpec
from livsmiljo.workshops.models import Project

AGREE_CHOICES = [("", _("Ingen överenskommen bedömning"))] + [
    (str(value), label) for value, label in ScoreValue.choices
]


def parse_goal_lines(text: str) -> list[GoalSpec]:
    """One goal per line; "Namn: beskrivning" gives the goal a description."""
    goals = []
    for line in text.splitlines():
        name, _sep, description = line.partition(":")
        if name.strip():
            goals.append(GoalSpec(name=name.strip(), description=description.strip()))
    return goals


class _ProjectForm(SiteForm):
    project = forms.ModelChoiceField(label=_("Lärprojekt"), queryset=Project.objects.none(), empty_label=None)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["project"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = projects_visible_to(user)
        newest = field.queryset.first()  # projects are ordered newest first
        if newest is not None and "project" not in self.initial:
            self.initial["project"] = newest.pk


class MatrixCreateForm(_ProjectForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beskrivning (frivilligt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel vilken strategi eller vilket möte matrisen hör till."),
    )
    goal_source = forms.ChoiceField(
        label=_("Var kommer målen ifrån?"),
        choices=GoalSource.choices,
        initial=GoalSource.HAND,
        widget=forms.RadioSelect(attrs={"class": "matrix-source"}),
    )
    goals_text = forms.CharField(
        label=_("Målen, ett per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Skriv ett kort namn per rad, 3–40 mål. Vill du förklara ett mål: skriv "
            "”Namn: beskrivning”, till exempel ”Bostäder: fler bostäder i hela länet”."
        ),
    )
    document = forms.ModelChoiceField(
        label=_("Strategi i biblioteket"),
        queryset=Document.objects.none(),
        required=False,
        empty_label=_("– Välj en strategi –"),
        help_text=_("Du får se de stycken som ser ut som mål och kryssar i dem du vill ha med."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Document.objects.visible_to(user).select_related("organisation").order_by("title")


class GoalRowForm(SiteForm):
    goal_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Kort namn"), max_length=80, required=False)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    order = forms.IntegerField(label=_("Plats i ordningen"), min_value=1, max_value=999, required=False)
    remove = forms.BooleanField(label=_("Ta bort målet"), required=False)


GoalFormSet = forms.formset_factory(GoalRowForm, extra=3, max_num=60, absolute_max=60)


class AgreeForm(SiteForm):
    value = forms.ChoiceField(label=_("Överenskommen bedömning"), choices=AGREE_CHOICES, required=False)
    note = forms.CharField(
        label=_("Kommentar (frivilligt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Varför gruppen landade där, så att andra kan förstå beslutet."),
    )


class ImportForm(_ProjectForm):
    title = forms.CharField(
        label=_("Titel"),
        max_length=200,
        required=False,
        help_text=_("Lämnar du tomt används filens namn."),
    )
    file = forms.FileField(
        label=_("Fil (CSV eller XLSX)"),
        help_text=_(
            "Första raden: en tom cell och sedan målens namn. Sedan en rad per mål: namnet och "
            "bedömningarna från −3 till +3. Tom cell = inte bedömd."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
