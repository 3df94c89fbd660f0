from django import forms
from django.utils.translation import gettext_lazy as _

from livsmiljo.network.models import PersonPage


def _one_kind_of_newline(text: str) -> str:
    # Browsers send "\r\n"; saved answers are appended with "\n" and removed line by line.
    return text.replace("\r\n", "\n").strip()


class PersonPageForm(forms.ModelForm):
    class Meta:
        model = PersonPage
        fields = ["role", "assignment", "curious_about", "wants_to_learn", "can_contribute", "hidden"]
        help_texts = {
            "role": _("Till exempel ”Utvecklingsstrateg, regional utveckling”."),
            "assignment": _("Vad du arbetar med just nu."),
            "curious_about": _("Något du är särskilt nyfiken på kopplat till hållbara livsmiljöer."),
            "wants_to_learn": _("Det du vill lära dig mer om av de andra i lärprojektet."),
            "can_contribute": _("Kunskap, erfarenheter eller material du eller din organisation kan dela."),
            "hidden": _(
                "En dold sida syns inte för någon annan: inte i listan över personer och inte i förslagen "
                "på vem du borde prata med."
            ),
        }
        widgets = {
            "assignment": forms.Textarea(attrs={"rows": 3}),
            "curious_about": forms.Textarea(attrs={"rows": 3}),
            "wants_to_learn": forms.Textarea(attrs={"rows": 3}),
            "can_contribute": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for name in ("role", "assignment", "curious_about", "wants_to_learn", "can_contribute"):
            if isinstance(cleaned.get(name), str):
                cleaned[name] = _one_kind_of_newline(cleaned[name])
        return cleaned
