"""Loading meetings for a request: 404 outside the project, 403 for a member on a facilitator's page.

A meeting belongs to a learning project; a user sees it when their organisation takes part in the project
(`Project.participants`) or when they are a facilitator. See organisations/access.py for the rule.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from livsmiljo.organisations.access import is_facilitator, request_user, require_facilitator
from livsmiljo.workshops.models import Meeting


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Facilitators see every meeting; others the meetings of projects their organisation takes part in."""
    meetings = Meeting.objects.select_related("project")
    if is_facilitator(user):
        return meetings
    organisation_id = getattr(user, "organisation_id", None)
    if not getattr(user, "is_authenticated", False) or organisation_id is None:
        return meetings.none()
    return meetings.filter(project__participants=organisation_id)


def get_meeting_for_user(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(meetings_visible_to(request_user(request)), pk=pk)


def get_meeting_for_facilitator(request: HttpRequest, pk: int) -> Meeting:
    """404 for a meeting the user cannot see at all; 403 for a project member who is not a facilitator."""
    meeting = get_meeting_for_user(request, pk)
    require_facilitator(request)
    return meeting
