"""Loading homework for a request: it is seen through its meeting, so outside the project everything is 404.

A submission is visible to the handing-in organisation, to facilitators, and, when shared, to the other
organisations of the project. See organisations/access.py for the rule.
"""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from livsmiljo.homework import selectors
from livsmiljo.homework.models import Assignment, Submission
from livsmiljo.organisations.access import request_user, require_facilitator
from livsmiljo.workshops.access import meetings_visible_to


def get_assignment_for_user(request: HttpRequest, pk: int) -> Assignment:
    visible = meetings_visible_to(request_user(request))
    return get_object_or_404(
        Assignment.objects.select_related("meeting__project"), pk=pk, meeting__in=visible
    )


def get_assignment_for_facilitator(request: HttpRequest, pk: int) -> Assignment:
    assignment = get_assignment_for_user(request, pk)
    require_facilitator(request, _("Bara processledare kan ändra hemuppgifter."))
    return assignment


def get_submission_for_user(request: HttpRequest, pk: int) -> Submission:
    submission = selectors.submission_for_user(request_user(request), pk)
    if submission is None:
        raise Http404
    return submission
