"""Invitations and registration: publishing a meeting's public page, registering, changing and cancelling.

A member of the learning project (a user whose organisation takes part in `Project.participants`)
registers once per meeting; until the deadline they may change or cancel. Every write is audited.
"""

import secrets
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.organisations.models import User
from livsmiljo.organisations.services import audit_log
from livsmiljo.workshops.models import Meeting, Registration

MAX_DIETARY_NEEDS = 300


def meeting_invitation_update(
    *,
    meeting: Meeting,
    user: User,
    invitation_published: bool,
    registration_open: bool,
    registration_deadline: datetime | None,
    welcome_text: str = "",
    practical_information: str = "",
    online_link: str = "",
) -> Meeting:
    """Save the invitation; publishing gives the meeting its unguessable public address once."""
    if registration_open and not invitation_published:
        raise ValidationError(_("Publicera inbjudan för att kunna öppna anmälan."))
    meeting.invitation_published = invitation_published
    meeting.registration_open = registration_open
    meeting.registration_deadline = registration_deadline
    meeting.welcome_text = welcome_text.strip()
    meeting.practical_information = practical_information.strip()
    meeting.online_link = online_link.strip()
    if invitation_published and not meeting.public_token:
        meeting.public_token = secrets.token_urlsafe(24)
    meeting.save()
    audit_log(
        action="meeting.invitation",
        user=user,
        obj=meeting,
        published=invitation_published,
        open=registration_open,
    )
    return meeting


def is_project_member(*, meeting: Meeting, user: Any) -> bool:
    """The user's organisation takes part in the meeting's project (any user object, anonymous too)."""
    organisation_id = getattr(user, "organisation_id", None)
    if not getattr(user, "is_authenticated", False) or organisation_id is None:
        return False
    return meeting.project.participants.filter(pk=organisation_id).exists()


def attendance_choices(meeting: Meeting) -> list[str]:
    """On site unless the meeting is only digital; online when it is digital or hybrid (has a link)."""
    choices = []
    if not meeting.digital or meeting.place:
        choices.append(Registration.Attendance.IN_PERSON.value)
    if meeting.digital or meeting.online_link:
        choices.append(Registration.Attendance.ONLINE.value)
    return choices


def registration_closed_reason(meeting: Meeting, now: datetime | None = None) -> str:
    """Why registering or changing is not possible now, in Swedish; empty when it is."""
    now = now or timezone.now()
    if not meeting.invitation_published or not meeting.registration_open:
        return _("Anmälan är stängd.")
    if meeting.status == Meeting.Status.ENDED:
        return _("Mötet är avslutat. Anmälan är stängd.")
    if meeting.registration_deadline and now > meeting.registration_deadline:
        return _("Sista dag för anmälan har passerat. Kontakta processledaren om du vill ändra något.")
    return ""


def _check_can_change(*, meeting: Meeting, user: User) -> None:
    if not is_project_member(meeting=meeting, user=user):
        raise ValidationError(_("Bara medlemmar i lärprojektet kan anmäla sig till mötet."))
    reason = registration_closed_reason(meeting)
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def registration_save(
    *, meeting: Meeting, user: User, name: str, attendance: str, dietary_needs: str = ""
) -> Registration:
    """Register the user, or change their registration; the organisation is always the user's own."""
    _check_can_change(meeting=meeting, user=user)
    organisation_id = user.organisation_id
    assert organisation_id is not None  # a project member has an organisation
    name = name.strip()
    if not name:
        raise ValidationError(_("Skriv ditt namn."))
    if attendance not in attendance_choices(meeting):
        raise ValidationError(_("Välj om du deltar på plats eller digitalt."))
    dietary_needs = dietary_needs.strip()
    if len(dietary_needs) > MAX_DIETARY_NEEDS:
        raise ValidationError(_("Beskriv specialkosten kortare (högst 300 tecken)."))
    registration, created = Registration.objects.select_for_update().update_or_create(
        meeting=meeting,
        user=user,
        defaults={
            "name": name[:200],
            "organisation_id": organisation_id,
            "attendance": attendance,
            "dietary_needs": dietary_needs,
        },
    )
    audit_log(
        action="registration.create" if created else "registration.update",
        user=user,
        obj=registration,
        meeting=meeting.pk,
    )
    return registration


def registration_cancel(*, meeting: Meeting, user: User) -> bool:
    """Cancel the user's registration; False when there was none."""
    _check_can_change(meeting=meeting, user=user)
    registration = Registration.objects.filter(meeting=meeting, user=user).first()
    if registration is None:
        return False
    audit_log(action="registration.cancel", user=user, obj=registration, meeting=meeting.pk)
    registration.delete()
    return True
