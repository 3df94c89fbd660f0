from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from livsmiljo.organisations.backends import login_blocked_for, login_blocked_message


class LoginForm(AuthenticationForm):
    """The login page's form: says in Swedish when sign-in is locked and for how long (the backend refuses
    the password either way)."""

    lockout = ""

    def clean(self) -> dict[str, Any]:
        seconds = login_blocked_for(self.request, self.cleaned_data.get("username"))
        if seconds:
            self.lockout = login_blocked_message(seconds)
            raise forms.ValidationError(self.lockout, code="locked")
        return super().clean()
