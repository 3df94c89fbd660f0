"""One access layer for every view, API endpoint, export and WebSocket consumer.

The rule, the same everywhere (SECURITY.md, "Access control"):

- Not logged in: a page redirects to the login (302), the API answers 401, a WebSocket is closed (4403).
- An object the user may not see answers 404, exactly as an id that does not exist, so that sequential
  ids reveal nothing: another organisation's unshared document, passage or upload; a meeting (and its
  homework) of a project the user's organisation does not take part in; a submission that is neither the
  organisation's own nor shared; a facilitator's re-extraction or re-tagging run.
- An object the user may see but not change, or a page only facilitators use: 403 with a Swedish message.

The loaders that apply it sit next to their models (`documents/access.py`, `workshops/access.py`,
`homework/access.py`) and are built from the helpers here.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_htmx.middleware import HtmxDetails

from livsmiljo.organisations.models import User


class HtmxHttpRequest(HttpRequest):
    """A request through django-htmx's middleware: `request.htmx` is true for an HTMX request."""

    htmx: HtmxDetails


def request_user(request: HttpRequest) -> User:
    """The logged-in user of a view behind @login_required (or an API route with django_auth)."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied(_("Logga in först."))
    return user


def is_facilitator(user: Any) -> bool:
    """A process leader (staff): plans and runs meetings, edits the framework, sees every organisation's
    material. Accepts any user object, so consumers and anonymous requests can ask too."""
    return isinstance(user, User) and user.is_active and user.is_facilitator


def is_member_of(user: Any, organisation_id: int | None) -> bool:
    """The user belongs to this organisation (a user without an organisation belongs to none)."""
    own = getattr(user, "organisation_id", None)
    return own is not None and own == organisation_id


def require_facilitator(request: HttpRequest, message: str | None = None) -> User:
    """The request's user if a facilitator, else 403: for pages and actions, not for hiding objects."""
    user = request_user(request)
    if not is_facilitator(user):
        raise PermissionDenied(message or _("Bara processledare kan göra det här."))
    return user


View = Callable[..., HttpResponse]


def facilitator_required(view: View) -> View:
    """login_required, then 403 for anyone but a facilitator: for pages that show no private object."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_facilitator(request)
        return view(request, *args, **kwargs)

    return login_required(wrapper)
