from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from livsmiljo.analysis.models import (
    CueList,
    FrameworkItem,
    GoalConflict,
    Group,
    PassageTag,
    Principle,
    Role,
    StrategicArea,
    Theme,
)


class CorrectionForm(forms.Form):
    themes = forms.MultipleChoiceField(
        label=_("Teman (ett till tre)"),
        widget=forms.CheckboxSelectMultiple,
        required=True,
        error_messages={"required": _("Välj minst ett tema.")},
    )
    groups = forms.MultipleChoiceField(
        label=_("Grupper som nämns"), widget=forms.CheckboxSelectMultiple, required=False
    )
    conflict = forms.BooleanField(label=_("Stycket diskuterar en målkonflikt"), required=False)
    conflict_themes = forms.MultipleChoiceField(
        label=_("De två teman som står i konflikt"), widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(label=_("Kommentar (frivilligt)"), max_length=500, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = list(Theme.objects.values_list("key", "name"))
        self.fields["themes"].choices = themes  # type: ignore[attr-defined]
        self.fields["conflict_themes"].choices = themes  # type: ignore[attr-defined]
        self.fields["groups"].choices = list(Group.objects.values_list("key", "name"))  # type: ignore[attr-defined]

    def clean_themes(self) -> list[str]:
        themes: list[str] = self.cleaned_data["themes"]
        if len(themes) > 3:
            raise forms.ValidationError(_("Välj högst tre teman."))
        return themes

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("conflict") and len(data.get("conflict_themes") or []) != 2:
            self.add_error("conflict_themes", _("Välj exakt två teman som står i konflikt."))
        return data

    @staticmethod
    def initial_from(tag: PassageTag | None) -> dict[str, object]:
        if tag is None:
            return {}
        return {
            "themes": tag.theme_ids,
            "groups": tag.groups,
            "conflict": tag.conflict,
            "conflict_themes": tag.conflict_themes,
        }


BASE_FIELDS = ["key", "name", "description", "signals", "order"]
KINDS: dict[str, tuple[type[FrameworkItem], list[str], Any]] = {
    "teman": (Theme, [*BASE_FIELDS, "examples"], _("Teman")),
    "grupper": (Group, BASE_FIELDS, _("Grupper – ingen ska lämnas utanför")),
    "omraden": (StrategicArea, [*BASE_FIELDS, "themes"], _("Nationella strategiska områden")),
    "roller": (Role, [*BASE_FIELDS, "themes"], _("Regionens tre roller")),
    "malkonflikter": (GoalConflict, [*BASE_FIELDS, "theme_a", "theme_b", "examples"], _("Målkonflikter")),
    "signalord": (CueList, BASE_FIELDS, _("Signalord för målkonflikter")),
    "principer": (Principle, ["key", "name", "description", "order", "is_goal"], _("Mål och principer")),
}


SIGNALS_HELP = _(
    "Ord och fraser som signalerar detta, ett per rad eller kommaseparerade. "
    "ord = ordet och dess böjningar, *ord = även inuti sammansättningar, ~ord = bara exakt ordet, "
    "ord? = ett brett ord som är svagt belägg: det väger hälften och räcker inte ensamt för ett tema."
)


def framework_form(kind: str, data: Any = None, instance: FrameworkItem | None = None) -> forms.ModelForm:
    model, fields, _label = KINDS[kind]
    form_class = forms.modelform_factory(
        model,
        fields=fields,
        widgets={"themes": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 3})},
    )
    form = form_class(data=data, instance=instance)
    if "signals" in form.fields:
        form.fields["signals"].help_text = SIGNALS_HELP
    return form
