"""Matches ("Ni borde prata"), an organisation seen from the viewer's curiosities, and the network view."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from livsmiljo.analysis.models import Theme
from livsmiljo.network import matching
from livsmiljo.network.access import (
    get_person_for_user,
    network_organisations,
    require_network,
    visible_people,
)
from livsmiljo.network.models import PersonPage
from livsmiljo.organisations.access import HtmxHttpRequest, is_facilitator
from livsmiljo.organisations.models import Organisation


@login_required
def person_matches(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Whom the person should talk to and which organisations write about their curiosities; the section
    alone for the person page's htmx request, else a page of its own."""
    viewer = require_network(request)
    person = get_person_for_user(request, pk)
    page = PersonPage.objects.filter(user=person).first()
    if page is not None and page.hidden and person.pk != viewer.pk:
        raise Http404
    result = matching.person_matches(viewer=viewer, person=person)
    context = {
        "person": person,
        "page": page,
        "own": person.pk == viewer.pk,
        "result": result,
        "organisations": matching.organisation_matches(viewer=viewer, page=page) if result.ready else [],
    }
    template = "network/_matches_body.html" if request.htmx else "network/matches.html"
    return render(request, template, context)


def _organisation_for(request: HttpRequest, pk: int) -> Organisation:
    viewer = require_network(request)
    organisations = Organisation.objects.all() if is_facilitator(viewer) else network_organisations(viewer)
    return get_object_or_404(organisations, pk=pk)


@login_required
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    """An organisation in the viewer's network: what it writes about the viewer's curiosities (page-cited),
    which of its people the viewer should talk to, and who else is there."""
    viewer = require_network(request)
    organisation = _organisation_for(request, pk)
    own_page = PersonPage.objects.filter(user=viewer).first()
    written = matching.organisation_matches(viewer=viewer, page=own_page, organisation=organisation, limit=1)
    context = {
        "organisation": organisation,
        "own_page": own_page,
        "curiosity": matching.curiosity_query(own_page),
        "passages": written[0].hits if written else (),
        "result": matching.person_matches(viewer=viewer, person=viewer, among=organisation),
        "people": visible_people(viewer).filter(organisation=organisation).order_by("first_name", "username"),
    }
    return render(request, "network/org_matches.html", context)


@login_required
def network_view(request: HttpRequest) -> HttpResponse:
    """Who is connected to whom, by organisation, as a figure and as a table; filter by lens theme."""
    viewer = require_network(request)
    themes = list(Theme.objects.values_list("key", "name"))
    theme = request.GET.get("tema", "")
    if theme not in dict(themes):
        theme = ""
    context = {
        "map": matching.network_map(viewer=viewer, theme=theme),
        "themes": themes,
        "theme": theme,
        "theme_name": dict(themes).get(theme, ""),
    }
    return render(request, "network/network_view.html", context)
