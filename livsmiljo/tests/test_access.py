"""Every URL of the site, taken from the URL configuration, requested by someone who must not see it.

Each named URL (pages, exports and the ninja API alike) is in exactly one registry below:

- PUBLIC: needs no login, with the reason (login, join by code, the phone and projector behind a secret
  token, the API description, Django's admin which checks staff itself);
- PRIVATE: shows or changes an object of one organisation or project: an outsider (another organisation,
  not in the project) and someone without an organisation get 404 and none of its text;
- FACILITATOR: a facilitator's page about an object a project member may see: the outsider gets 404,
  the member 403;
- FACILITATOR_PAGES: a facilitator's page with nothing private in it: 403 for anyone else;
- FILTERED: a logged-in page or list that shows only what the user may see: 200 without the private text;
- LOGIN_ONLY: a logged-in endpoint that holds nothing of any organisation.

Anonymous visitors are sent to the login (the API answers 401). A URL in no registry fails the suite, so a
new view comes with its outsider test. The rule itself is in organisations/access.py and SECURITY.md.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from livsmiljo.analysis.models import RetagRun
from livsmiljo.documents.models import Document, IngestionRun, Page, Passage, ReextractionRun
from livsmiljo.homework.models import Assignment, Submission
from livsmiljo.organisations.models import AuditEntry, Organisation, User
from livsmiljo.organisations.services import user_create
from livsmiljo.routing import websocket_urlpatterns
from livsmiljo.workshops.models import AgendaBlock, Poll
from livsmiljo.workshops.services.meetings import meeting_create, project_create

pytestmark = pytest.mark.django_db

SECRET = "Kvastfening"  # in every private title and text; must never reach an outsider
World = SimpleNamespace


@dataclass(frozen=True)
class Case:
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    method: str = "get"
    data: dict[str, Any] = field(default_factory=dict)


def _pk(name: str, key: str = "pk") -> Callable[[World], dict[str, Any]]:
    return lambda w: {key: getattr(w, name).pk}


PUBLIC: dict[str, str] = {
    "home": "the start page: three links and no data",
    "login": "the login form",
    "logout": "logging out (POST) needs no session",
    "set_language": "choosing Swedish or English",
    "workshops:join": "participants join with a meeting's code on their phone, without an account",
    "workshops:join_code": "the same, with the code in the link of the QR code",
    "workshops:participant": "a phone's page: the 32-byte token in the URL is the participant's secret",
    "workshops:screen": "the projector: the 32-byte screen token in the URL is the secret",
    "api:api-root": "the API's root answers 404",
    "health": "for monitors: ok/error per part (database, Redis, worker), no data (tests/test_health.py)",
    "workshops:invitation": "a published meeting's invitation, behind a random 24-byte token; the online "
    "link and the form only for project members (workshops/tests/test_registration.py)",
}
# Django's admin checks is_staff in every view and sends everyone else to its own login.
PUBLIC_PREFIXES = {"admin:": "Django's admin: its own staff login"}

PRIVATE: dict[str, Case] = {
    "documents:run": Case(_pk("run")),
    "documents:run_progress": Case(_pk("run")),
    "documents:run_retry": Case(_pk("run"), "post"),
    "documents:detail": Case(_pk("document")),
    "documents:edit": Case(_pk("document")),
    "documents:delete": Case(_pk("document"), "post"),
    "documents:reextract": Case(_pk("document"), "post"),
    "documents:reextraction": Case(_pk("reextraction")),
    "documents:reextraction_progress": Case(_pk("reextraction")),
    "analysis:document": Case(_pk("document")),
    "analysis:document_export": Case(lambda w: {"pk": w.document.pk, "fmt": "csv"}),
    "analysis:passage": Case(_pk("passage")),
    "analysis:passage_correct": Case(_pk("passage"), "post", {"themes": ["kultur"]}),
    "analysis:retag_status": Case(_pk("retag")),
    "homework:meeting": Case(_pk("meeting", "meeting_id")),
    "homework:submit": Case(_pk("assignment"), "post", {"text": "Inlämnat av fel organisation"}),
    "homework:submission": Case(_pk("submission")),
    "workshops:documentation": Case(_pk("meeting")),
    "workshops:clusters": Case(_pk("meeting")),
    # issue 12, R1: the documentation's charts (the page itself is workshops:documentation)
    "reports:meeting_figure": Case(lambda w: {"pk": w.meeting.pk, "name": f"fraga-{w.poll.pk}"}),
    # R4: registering for a meeting and its calendar file (members of the project only)
    "workshops:register": Case(_pk("meeting"), "post", {"name": "Fel person", "attendance": "pa_plats"}),
    "workshops:calendar": Case(_pk("meeting")),
    # R3: report downloads and the organisation's strategy profile report (the world's document is private)
    "reports:meeting_download": Case(lambda w: {"pk": w.meeting.pk, "fmt": "md"}),
    "reports:organisation": Case(lambda w: {"slug": w.region.slug}),
    "reports:organisation_download": Case(lambda w: {"slug": w.region.slug, "fmt": "md"}),
    "reports:organisation_figure": Case(lambda w: {"slug": w.region.slug, "number": 1}),
    "reports:organisation_publish": Case(lambda w: {"slug": w.region.slug}, "post", {"publicera": "1"}),
    "api:document_tags": Case(_pk("document", "document_id")),
    # E1: matrices, scoring alone, cells, export (the matrix is made by _live_matrix below)
    "matrix:detail": Case(lambda w: _matrix_kwargs(w)),
    "matrix:score": Case(lambda w: _matrix_kwargs(w), "post", {}),
    "matrix:score_cell": Case(lambda w: _matrix_kwargs(w, pair=True), "post", {"value": "2"}),
    "matrix:cell": Case(lambda w: _matrix_kwargs(w, pair=True)),
    "matrix:export": Case(lambda w: {**_matrix_kwargs(w), "fmt": "csv"}),
    # E2: analysis, charts, comparison chart, evidence per pair, the API's analysis of a matrix
    "matrix:analysis": Case(lambda w: _matrix_kwargs(w)),
    "matrix:chart": Case(lambda w: {**_matrix_kwargs(w), "kind": "natverk", "fmt": "svg"}),
    "matrix:compare_chart": Case(
        lambda w: {"base": _live_matrix(w).pk, "other": _live_matrix(w).pk, "fmt": "svg"}
    ),
    "matrix:evidence": Case(lambda w: _matrix_kwargs(w, pair=True)),
    "api:matrix_analysis": Case(lambda w: {"matrix_id": _live_matrix(w).pk}),
    # issue 13, item 5: reviewing a draft and its downloads (its organisation and facilitators only)
    "analysis:review": Case(_pk("document")),
    "analysis:review_download": Case(lambda w: {"pk": w.document.pk, "fmt": "md"}),
    # issue 15 (N1): a person's page, removing a saved answer, saving one from the owner's phone
    "network:person": Case(lambda w: {"pk": _network(w).page.user_id}),
    "network:answer_remove": Case(lambda w: {"pk": _network(w).answer.pk}, "post"),
    "network:answer_save": Case(
        lambda w: {"token": _network(w).participant.token}, "post", {"consent": "1", "text": "Fel person"}
    ),
    # issue 15 (N2): "Ni borde prata", an organisation seen from one's curiosities, the network view
    "network:matches": Case(lambda w: {"pk": _network(w).page.user_id}),
    "network:organisation": Case(lambda w: _network(w) and {"pk": w.region.pk}),
    "network:map": Case(lambda w: _network(w) and {}),
}


def _network(w: World) -> Any:
    """The owner's person page (text with the secret), a saved answer and the owner's phone in the meeting."""
    from livsmiljo.network.models import PersonPage, SavedAnswer
    from livsmiljo.workshops.models import Participant

    if getattr(w, "network", None) is None:
        page = PersonPage.objects.create(user=w.document.uploaded_by, assignment=f"{SECRET} uppdrag")
        answer = SavedAnswer.objects.create(
            page=page, field="uppdrag", text=f"{SECRET} svar", meeting=w.meeting
        )
        participant = Participant.objects.create(
            meeting=w.meeting, token="telefon-" + "x" * 24, user=w.document.uploaded_by
        )
        w.network = World(page=page, answer=answer, participant=participant)
    return w.network


def _with_matrix(w: World) -> dict[str, Any]:
    """No URL arguments, but the world's matrix exists, so a list could show it."""
    _live_matrix(w)
    return {}


def _matrix_kwargs(w: World, *, pair: bool = False) -> dict[str, Any]:
    matrix = _live_matrix(w)
    if not pair:
        return {"pk": matrix.pk}
    first, second = matrix.goals.all()[:2]
    return {"pk": matrix.pk, "source": first.pk, "target": second.pk}


def _live_matrix(w: World) -> Any:
    """The world's matrix (F: live scoring), made here when the world has none."""
    from livsmiljo.matrix.services import GoalSpec, create_matrix

    if getattr(w, "matrix", None) is None:
        goals = [GoalSpec(f"{SECRET} mål {n}") for n in range(3)]
        w.matrix = create_matrix(project=w.meeting.project, title=f"{SECRET}matrisen", goals=goals)
    return w.matrix


FACILITATOR: dict[str, Case] = {
    "homework:overview": Case(_pk("meeting", "meeting_id")),
    "homework:create_from_seed": Case(_pk("meeting", "meeting_id"), "post"),
    "homework:assignment_new": Case(
        _pk("meeting", "meeting_id"), "post", {"title": "Ny", "kind": "anteckning"}
    ),
    "homework:assignment_edit": Case(_pk("assignment")),
    "homework:assignment_delete": Case(_pk("assignment"), "post"),
    "workshops:edit": Case(_pk("meeting")),
    "workshops:agenda": Case(_pk("meeting"), "post", {"action": "add", "title": "Ny punkt"}),
    "workshops:poll_add": Case(_pk("meeting"), "post", {"kind": "fritext", "question": "Ny fråga"}),
    "workshops:console": Case(_pk("meeting"), "post", {"action": "start"}),
    "workshops:block_edit": Case(
        lambda w: {"pk": w.meeting.pk, "block_id": w.block.pk}, "post", {"block-1-title": "Ny rubrik"}
    ),
    "workshops:poll_edit": Case(lambda w: {"pk": w.meeting.pk, "poll_id": w.poll.pk}),
    "workshops:poll_delete": Case(lambda w: {"pk": w.meeting.pk, "poll_id": w.poll.pk}, "post"),
    # issue 12, R1: editing and regenerating the meeting documentation
    "reports:meeting_edit": Case(_pk("meeting"), "post", {"section": "sammanfattning", "text": "Ändrad"}),
    "reports:meeting_regenerate": Case(_pk("meeting"), "post"),
    "workshops:invitation_edit": Case(_pk("meeting"), "post", {"invitation_published": "on"}),
    "workshops:registrations": Case(_pk("meeting")),
    "workshops:registrations_export": Case(lambda w: {"pk": w.meeting.pk, "fmt": "csv"}),
    "matrix:use_in_meeting": Case(lambda w: {"pk": _live_matrix(w).pk}, "post", {"meeting": "1"}),
    "matrix:block_link": Case(_pk("block", "block_id"), "post", {"matrix": ""}),
    "matrix:goals": Case(lambda w: _matrix_kwargs(w)),
    "matrix:agree": Case(lambda w: _matrix_kwargs(w, pair=True), "post", {"value": "1"}),
    # issue 12, R5: the preview of the project's website, and putting a matrix on it
    "reports:site_preview": Case(lambda w: {"pk": w.meeting.project.pk}),
    "reports:site_file": Case(lambda w: {"pk": w.meeting.project.pk, "path": "index.html"}),
    "matrix:publish": Case(lambda w: _matrix_kwargs(w), "post", {"public": "1"}),
}

FACILITATOR_PAGES: dict[str, Case] = {
    "workshops:create": Case(method="post", data={"new_project": "Nytt", "title": "Nytt möte"}),
    "analysis:retag": Case(method="post"),
    "analysis:framework_new": Case(lambda w: {"kind": "teman"}),
    "analysis:framework_edit": Case(lambda w: {"kind": "teman", "key": "halsa"}),
    "analysis:framework_delete": Case(lambda w: {"kind": "teman", "key": "halsa"}, "post"),
}

FILTERED: dict[str, Case] = {
    "organisations:list": Case(),
    "documents:list": Case(),
    "documents:upload": Case(),
    "search:search": Case(data={"q": "intern stycke rubrik"}),
    "analysis:overview": Case(),
    "analysis:organisation": Case(lambda w: {"slug": w.region.slug}),
    "analysis:organisation_export": Case(lambda w: {"slug": w.region.slug, "fmt": "csv"}),
    "analysis:peers": Case(lambda w: {"slug": w.region.slug, "theme": "halsa"}),
    "analysis:compare": Case(),
    "analysis:heatmap": Case(),
    "analysis:matrix_export": Case(lambda w: {"fmt": "csv"}),
    "analysis:conflicts": Case(),
    "analysis:tags_export": Case(lambda w: {"fmt": "csv"}),
    "analysis:framework": Case(),
    "analysis:review_start": Case(),  # issue 13, item 5: lists only the user's own organisation's documents
    "homework:index": Case(),
    "workshops:list": Case(),
    "matrix:list": Case(_with_matrix),
    "matrix:create": Case(_with_matrix),
    "matrix:document_goals": Case(_with_matrix, data={"document": "0"}),
    "matrix:import": Case(_with_matrix),
    "matrix:compare": Case(_with_matrix),  # E2: lists only visible matrices
    "api:search": Case(data={"q": "intern stycke rubrik"}),
    # issue 15 (N1): the people list and Min sida show an outsider only their own (empty) page
    "network:people": Case(lambda w: _network(w) and {}),
    "network:my_page": Case(lambda w: _network(w) and {}),
}

# Logged-in endpoints that hold nothing of any organisation: only the anonymous test applies.
LOGIN_ONLY: dict[str, Case] = {
    "api:classify": Case(method="post", data={"texts": ["Kollektivtrafik i hela länet"]}),
    "api:matrix_analyse": Case(  # E2: analyses the matrix it is sent, reads nothing stored
        method="post", data={"goals": ["A", "B", "C"], "scores": [[None, 1, 0], [0, None, -2], [2, 2, None]]}
    ),
    "api:openapi-json": Case(),
    "api:openapi-view": Case(),
}
# The API's description is a page for people: anonymous visitors are sent to the login, not answered 401.
API_PAGES = {"api:openapi-json", "api:openapi-view"}

WEBSOCKETS: dict[str, str] = {
    "ws/verkstad/deltagare/<str:token>/": "the participant's secret token (workshops/tests/test_consumers)",
    "ws/verkstad/skarm/<str:screen_token>/": "the screen's secret token (test_consumers.py)",
    "ws/verkstad/konsol/<int:meeting_id>/": "a facilitator's session, is_facilitator "
    "(test_consumers.py::test_the_console_needs_a_facilitator_session)",
}

PROTECTED = {**PRIVATE, **FACILITATOR, **FACILITATOR_PAGES, **FILTERED, **LOGIN_ONLY}


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name or ''}", str(pattern.pattern)


def _url_names() -> list[str]:
    return [name for name, _route in _walk(get_resolver().url_patterns)]


def test_every_url_is_either_public_with_a_reason_or_has_an_outsider_test():
    names = [n for n in _url_names() if not any(n.startswith(p) for p in PUBLIC_PREFIXES)]
    unnamed = [name for name in names if name.endswith(":") or not name]
    assert not unnamed, "Give every URL a name, so that it can be checked here."
    missing = sorted(set(names) - set(PUBLIC) - set(PROTECTED))
    assert not missing, f"Add these URLs to a registry in {__name__}: {missing}"
    registries: list[set[str]] = [
        set(r) for r in (PUBLIC, PRIVATE, FACILITATOR, FACILITATOR_PAGES, FILTERED, LOGIN_ONLY)
    ]
    named: set[str] = set().union(*registries)
    assert sum(len(r) for r in registries) == len(named), "A URL is in two registries."
    assert not named - set(names), "A registry names a URL that no longer exists."


def test_every_websocket_route_says_who_may_connect():
    assert {str(p.pattern) for p in websocket_urlpatterns} == set(WEBSOCKETS)


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    """Four users per test: the production hasher's million rounds would make this module take minutes."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(owner: User, region: Organisation, facilitator: User) -> World:
    """One of each kind of object, owned by the owner's region, in a project of that region alone."""
    document = Document.objects.create(
        organisation=region,
        title=f"{SECRET}strategin",
        file_name="intern.txt",
        file_format="txt",
        content_hash="0" * 64,
        page_count=1,
        uploaded_by=owner,
    )
    Page.objects.create(document=document, number=1, text=f"{SECRET} sidtext")
    passage = Passage.objects.create(
        document=document,
        page=1,
        ordinal=1,
        heading=f"{SECRET} rubrik",
        text=f"{SECRET} stycke",
        word_count=2,
    )
    run = IngestionRun.objects.create(organisation=region, user=owner, title=f"{SECRET}uppladdning")
    run.files.create(file_name=f"{SECRET}.txt", upload="incoming/x.txt", document=document)
    project = project_create(title=f"{SECRET}projektet", user=facilitator, organisations=[region])
    meeting = meeting_create(project=project, title=f"{SECRET}mötet", user=facilitator, template="tom")
    block = AgendaBlock.objects.create(meeting=meeting, title=f"{SECRET} punkt")
    poll = Poll.objects.create(meeting=meeting, kind=Poll.Kind.OPEN_TEXT, question=f"{SECRET} fråga")
    assignment = Assignment.objects.create(meeting=meeting, title=f"{SECRET}uppgiften")
    submission = Submission.objects.create(
        assignment=assignment, organisation=region, user=owner, text=f"{SECRET} inlämnat", shared=True
    )
    return World(
        region=region,
        document=document,
        passage=passage,
        run=run,
        reextraction=ReextractionRun.objects.create(document=document, user=facilitator),
        retag=RetagRun.objects.create(user=facilitator),
        meeting=meeting,
        block=block,
        poll=poll,
        assignment=assignment,
        submission=submission,
    )


@pytest.fixture
def nobody(db) -> User:
    return user_create(username="nils", password="ett-langt-losenord-for-test", organisation=None)


def _request(client: Client, name: str, case: Case, world: World) -> Any:
    url = reverse(name, kwargs=case.kwargs(world))
    if name.startswith("api:") and case.method == "post":
        return client.post(url, case.data, content_type="application/json")
    return getattr(client, case.method)(url, case.data)


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _assert_hidden(response: Any, status: int, label: str) -> None:
    assert response.status_code == status, f"{label}: {response.status_code}"
    body = response.content.decode(errors="replace")
    assert SECRET not in body and "alice" not in body, f"{label} shows private text"


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_an_outsider_and_someone_without_an_organisation_get_404_and_see_nothing(
    name, world, outsider, nobody
):
    audit = AuditEntry.objects.count()
    for user in (outsider, nobody):
        _assert_hidden(_request(_as(user), name, PRIVATE[name], world), 404, f"{name} as {user}")
    assert AuditEntry.objects.count() == audit


@pytest.mark.parametrize("name", sorted(FACILITATOR))
def test_a_facilitators_page_is_404_outside_the_project_and_403_for_a_member(name, world, outsider, member):
    audit = AuditEntry.objects.count()
    _assert_hidden(_request(_as(outsider), name, FACILITATOR[name], world), 404, f"{name} as outsider")
    assert _request(_as(member), name, FACILITATOR[name], world).status_code == 403
    assert AuditEntry.objects.count() == audit


@pytest.mark.parametrize("name", sorted(FACILITATOR_PAGES))
def test_a_facilitators_page_without_private_data_is_403_for_others(name, world, outsider):
    audit = AuditEntry.objects.count()
    _assert_hidden(_request(_as(outsider), name, FACILITATOR_PAGES[name], world), 403, name)
    assert AuditEntry.objects.count() == audit


@pytest.mark.parametrize("name", sorted(FILTERED))
def test_a_list_shows_an_outsider_none_of_another_organisations_private_objects(name, world, outsider):
    _assert_hidden(_request(_as(outsider), name, FILTERED[name], world), 200, name)


@pytest.mark.parametrize("name", sorted(PROTECTED))
def test_anonymous_visitors_are_sent_to_the_login_or_get_401_from_the_api(name, world, client):
    response = _request(client, name, PROTECTED[name], world)
    if name.startswith("api:") and name not in API_PAGES:
        assert response.status_code == 401
    else:
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name
    assert SECRET not in response.content.decode(errors="replace")


def test_a_facilitator_reaches_every_private_object(world, facilitator_client):
    """The other side of the rule: the objects above exist and are found (so the 404s are not accidents)."""
    for name in ("documents:detail", "homework:meeting", "homework:submission", "workshops:documentation"):
        response = _request(facilitator_client, name, PRIVATE[name], world)
        assert response.status_code == 200 and SECRET in response.content.decode(), name
