from datetime import timedelta
from typing import Any

from django.db.models import Case, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from livsmiljo.documents.models import Document
from livsmiljo.homework.selectors import open_assignments_for
from livsmiljo.organisations.access import request_user
from livsmiljo.organisations.models import User
from livsmiljo.workshops.access import meetings_visible_to
from livsmiljo.workshops.models import Meeting


def home(request: HttpRequest) -> HttpResponse:
    """The three cards for a visitor; for a signed-in person also what is next for them."""
    context: dict[str, Any] = {}
    if request.user.is_authenticated:
        context = _personal_overview(request_user(request))
    return render(request, "livsmiljo/home.html", context)


def _personal_overview(user: User) -> dict[str, Any]:
    now = timezone.now()
    return {
        "personal": True,
        "today": timezone.localdate(now),
        "next_meeting": _next_meeting(user, now=now),
        "open_assignments": open_assignments_for(user, today=timezone.localdate(now)),
        "recent_documents": _recent_shared_documents(user),
    }


def _next_meeting(user: User, *, now: Any) -> Meeting | None:
    """A meeting under way, else the next to start; one that began a few hours ago may still be on."""
    live = Meeting.Status.LIVE
    upcoming = meetings_visible_to(user).exclude(status=Meeting.Status.ENDED)
    upcoming = upcoming.filter(Q(status=live) | Q(starts_at__gte=now - timedelta(hours=12)))
    return upcoming.order_by(Case(When(status=live, then=0), default=1), "starts_at").first()


def _recent_shared_documents(user: User, limit: int = 5) -> list[Document]:
    """The newest documents other organisations share with the project; the user's own are in the library."""
    documents = Document.objects.visible_to(user).filter(shared=True, organisation__isnull=False)
    if user.organisation_id is not None:
        documents = documents.exclude(organisation_id=user.organisation_id)
    return list(documents.select_related("organisation").order_by("-created_at")[:limit])
