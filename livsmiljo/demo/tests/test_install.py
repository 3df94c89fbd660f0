"""`livsmiljo demo` installs logins, three searchable shared strategies and a meeting, and is idempotent."""

import io

from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command

from livsmiljo.demo.install import DEMO_PASSWORD, MEETING_TITLE
from livsmiljo.demo.network import PEOPLE
from livsmiljo.demo.texts import DOCUMENTS
from livsmiljo.documents.models import Document, IngestionRun
from livsmiljo.network.access import visible_pages
from livsmiljo.network.matching import person_matches
from livsmiljo.network.models import PersonPage
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.search.services import search_passages
from livsmiljo.workshops.models import Meeting


def _run_demo() -> str:
    out = io.StringIO()
    call_command("demo", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_demo_installs_logins_documents_and_a_meeting_and_a_second_run_changes_nothing(db):
    output = _run_demo()

    facilitator = authenticate(username="facilitator", password=DEMO_PASSWORD)
    member = authenticate(username="norrskog", password=DEMO_PASSWORD)
    assert facilitator is not None and facilitator.is_staff
    assert member is not None and member.organisation is not None
    assert member.organisation.slug == "norrskog"
    assert Organisation.objects.get(slug="sjoslatt").kind == "region"
    documents = Document.objects.filter(title__in=[d.title for d in DOCUMENTS])
    assert documents.count() == 3
    assert all(d.shared and d.page_count >= 4 and d.passages.exists() for d in documents)
    assert "facilitator" in output and DEMO_PASSWORD in output and "/verkstad/" in output

    outsider = User.objects.create_user(
        username="utomstaende", organisation=Organisation.objects.get(slug="skane")
    )
    hits = search_passages(query="vindkraft och renskötsel", user=outsider, limit=3)
    assert hits and hits[0].organisation == "Region Norrskog" and hits[0].page == 5

    meeting = Meeting.objects.get(title=MEETING_TITLE)
    assert meeting.blocks.count() > 5 and meeting.starts_at is not None
    assert meeting.assignments.count() == 4
    assert meeting.join_code in output

    # The network: the demo regions share the demo project, so the member sees the demo people, whose pages
    # are ready to match, and gets suggestions with reasons in words.
    pages = PersonPage.objects.exclude(assignment="")
    assert pages.count() == 1 + len(PEOPLE) and all(p.vectors_key for p in pages)
    assert visible_pages(member).count() == 1 + len(PEOPLE)
    suggestions = person_matches(viewer=member, person=member)
    assert suggestions.ready and suggestions.matches
    assert all(m.reasons and m.why for m in suggestions.matches)
    edited = User.objects.get(username=PEOPLE[0].username).person_page
    PersonPage.objects.filter(pk=edited.pk).update(role="Ändrad av den som provar")

    _run_demo()
    assert PersonPage.objects.get(pk=edited.pk).role == "Ändrad av den som provar"
    assert PersonPage.objects.count() == 1 + len(PEOPLE)
    assert Meeting.objects.count() == 2 and meeting.assignments.count() == 4  # and the finished one
    assert Document.objects.count() == 3
    assert IngestionRun.objects.count() == 3
    assert User.objects.filter(username__in=["facilitator", "norrskog"]).count() == 2


def test_the_readme_names_the_demo_roles_as_the_demo_command_prints_them(db):
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    output = _run_demo()
    assert "Processledare: användarnamn facilitator" in output
    assert "processledare `facilitator`" in readme
    assert "samtalsledare" not in readme.lower()
