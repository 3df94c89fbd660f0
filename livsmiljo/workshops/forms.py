from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from livsmiljo.forms import SiteForm
from livsmiljo.organisations.models import Organisation
from livsmiljo.workshops.models import AgendaBlock, Meeting, Poll, Project, Registration


class JoinForm(SiteForm):
    code = forms.CharField(
        label=_("Kod"),
        max_length=20,
        help_text=_("De åtta siffrorna som visas på skärmen."),
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "off",
                "pattern": "[0-9 -]*",
                "class": "code-input",
            }
        ),
    )
    display_name = forms.CharField(label=_("Ditt namn (frivilligt)"), max_length=100, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Din organisation (frivilligt)"),
        queryset=Organisation.objects.all(),
        required=False,
        empty_label=_("– Ingen vald –"),
    )


class MeetingForm(SiteForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    project = forms.ModelChoiceField(
        label=_("Lärprojekt"),
        queryset=Project.objects.all(),
        required=False,
        empty_label=_("– Nytt lärprojekt –"),
    )
    new_project = forms.CharField(
        label=_("Nytt lärprojekt"),
        max_length=200,
        required=False,
        help_text=_("Fyll i om du inte väljer ett befintligt lärprojekt."),
    )
    starts_at = forms.DateTimeField(
        label=_("Starttid"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    digital = forms.BooleanField(label=_("Digitalt möte"), required=False)
    template = forms.ChoiceField(
        label=_("Mall"),
        choices=[("seed", _("Reglabs workshop (hela programmet)")), ("tom", _("Tomt program"))],
        initial="seed",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Most meetings continue a project; the newest one is the likeliest, so a first submit succeeds.
        latest = Project.objects.first()
        if latest is not None and "project" not in self.initial:
            self.initial["project"] = latest.pk

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("project") and not (data.get("new_project") or "").strip():
            raise forms.ValidationError(_("Välj ett lärprojekt eller skriv namnet på ett nytt."))
        return data


class MeetingEditForm(SiteForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starttid"), required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    digital = forms.BooleanField(label=_("Digitalt möte"), required=False)


class BlockForm(SiteForm):
    kind = forms.ChoiceField(label=_("Typ"), choices=AgendaBlock.Kind.choices)
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    duration_minutes = forms.IntegerField(label=_("Minuter"), min_value=1, max_value=600, initial=10)
    description = forms.CharField(
        label=_("Beskrivning"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PollForm(SiteForm):
    block = forms.ModelChoiceField(
        label=_("Programpunkt"),
        queryset=AgendaBlock.objects.none(),
        required=False,
        empty_label=_("– Ingen vald –"),
    )
    kind = forms.ChoiceField(label=_("Typ av fråga"), choices=Poll.Kind.choices)
    question = forms.CharField(label=_("Fråga"), max_length=300)
    options = forms.CharField(
        label=_("Svarsalternativ, ett per rad"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Behövs för flerval och rangordning. Skala och humör får förval om du lämnar tomt."),
    )

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        block_field = self.fields["block"]
        assert isinstance(block_field, forms.ModelChoiceField)
        block_field.queryset = meeting.blocks.all()


class InvitationForm(SiteForm):
    """The meeting's invitation on its edit page (services.registration.meeting_invitation_update)."""

    welcome_text = forms.CharField(
        label=_("Välkomsttext"),
        max_length=200,
        required=False,
        help_text=_("Till exempel ”Välkommen till Stockholm!”"),
    )
    practical_information = forms.CharField(
        label=_("Praktisk information"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Hitta hit, lunch, vad man tar med sig."),
    )
    online_link = forms.URLField(
        label=_("Länk till det digitala mötet"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Visas bara för inloggade medlemmar i lärprojektet, aldrig på den öppna sidan."),
    )
    registration_deadline = forms.DateTimeField(
        label=_("Sista dag för anmälan"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    invitation_published = forms.BooleanField(label=_("Publicera inbjudan"), required=False)
    registration_open = forms.BooleanField(label=_("Anmälan är öppen"), required=False)


class RegistrationForm(SiteForm):
    name = forms.CharField(
        label=_("Namn"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    attendance = forms.ChoiceField(
        label=_("Jag deltar"), choices=Registration.Attendance.choices, widget=forms.RadioSelect
    )
    dietary_needs = forms.CharField(
        label=_("Specialkost eller allergier"),
        max_length=300,
        required=False,
        help_text=_("Lämna tomt om du inte har någon."),
    )

    def __init__(self, *args: Any, allowed: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["attendance"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, label) for v, label in Registration.Attendance.choices if v in allowed]
        if len(allowed) == 1:
            self.initial.setdefault("attendance", allowed[0])
