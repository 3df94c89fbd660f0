"""Who sees whom in the network: the learning project's members, each other, and nobody else.

- A facilitator (staff) sees every page that is not hidden, and their own.
- A member sees the pages (not hidden) of people whose organisation takes part in a learning project
  (`workshops.Project.participants`) that the member's own organisation takes part in, and their own page.
- Anyone else (no organisation, an organisation in no project, anonymous) sees nothing: pages answer 404,
  anonymous visitors are sent to the login (organisations/access.py has the site-wide rule).

A hidden page is never shown to anyone but its owner, and never matched.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from livsmiljo.network.models import PersonPage, SavedAnswer
from livsmiljo.organisations.access import is_facilitator, request_user
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.workshops.models import Project


def _signed_in(user: Any) -> bool:
    return isinstance(user, User) and user.is_authenticated and user.is_active


def network_organisations(user: Any) -> QuerySet[Organisation]:
    """The organisations whose people the user may see: those sharing a learning project with the user's."""
    if not _signed_in(user) or user.organisation_id is None:
        return Organisation.objects.none()
    projects = Project.objects.filter(participants=user.organisation_id)
    return Organisation.objects.filter(projects__in=projects).distinct()


def can_view_network(user: Any) -> bool:
    """A facilitator, or a member whose organisation takes part in at least one learning project."""
    if not _signed_in(user):
        return False
    if is_facilitator(user):
        return True
    if user.organisation_id is None:
        return False
    # asked by the navigation and the view in one request: once per user object is enough
    cached = getattr(user, "_in_a_learning_project", None)
    if cached is None or cached[0] != user.organisation_id:
        cached = (user.organisation_id, Project.objects.filter(participants=user.organisation_id).exists())
        user._in_a_learning_project = cached  # type: ignore[union-attr]
    return cached[1]


def visible_pages(user: Any) -> QuerySet[PersonPage]:
    """The person pages the user may see (see the module's docstring); hidden ones only for their owner."""
    pages = PersonPage.objects.select_related("user__organisation")
    if not can_view_network(user):
        return pages.none()
    own = Q(user_id=user.pk)
    if is_facilitator(user):
        return pages.filter(Q(hidden=False) | own)
    others = Q(hidden=False, user__organisation__in=network_organisations(user))
    return pages.filter(others | own)


def visible_people(user: Any) -> QuerySet[User]:
    """The people in the user's network, with or without a page yet: who the people list shows.

    A hidden page hides its person from everyone else; people who never wrote a page are listed by
    name and organisation, which every member already sees in the meeting lists."""
    if not can_view_network(user):
        return User.objects.none()
    people = User.objects.filter(is_active=True).exclude(person_page__hidden=True)
    if not is_facilitator(user):
        people = people.filter(organisation__in=network_organisations(user))
    else:
        people = people.filter(organisation__isnull=False)
    return people.select_related("organisation", "person_page")


def require_network(request: HttpRequest) -> User:
    """The signed-in user if they may see the network, else 404 (the pages do not exist for them)."""
    user = request_user(request)
    if not can_view_network(user):
        raise Http404
    return user


def get_person_for_user(request: HttpRequest, pk: int) -> User:
    """A person in the viewer's network (or the viewer): 404 for anyone else and for a hidden page."""
    viewer = require_network(request)
    if pk == viewer.pk:
        return User.objects.select_related("organisation").get(pk=pk)
    return get_object_or_404(visible_people(viewer), pk=pk)


def get_saved_answer_for_owner(request: HttpRequest, pk: int) -> SavedAnswer:
    """Only the page's owner may remove an answer; to anyone else it does not exist."""
    user = request_user(request)
    return get_object_or_404(SavedAnswer.objects.select_related("page"), pk=pk, page__user=user)
