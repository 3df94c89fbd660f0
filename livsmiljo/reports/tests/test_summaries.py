"""The meeting summary, extractive by default and a model's only when its citations check out.

The model path runs against livsmiljo.engine.tests.fake_llm: a thread on 127.0.0.1 that speaks
/v1/chat/completions and stands in for the external model server (the organisation's own or a cloud's),
which cannot run in the test environment."""

import secrets

import pytest

from livsmiljo.analysis.tests.factories import make_document
from livsmiljo.engine.tests.fake_llm import fake_model_server
from livsmiljo.reports.summaries import meeting_material, meeting_summary
from livsmiljo.workshops.models import (
    AgendaBlock,
    BoardNote,
    ChatMessage,
    Meeting,
    Participant,
    Poll,
    Project,
    Response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(facilitator) -> Meeting:
    project = Project.objects.create(title="Hållbara livsmiljöer")
    meeting = Meeting.objects.create(
        project=project, title="Möte i Stockholm", join_code="ABC123", screen_token=secrets.token_hex(8)
    )
    person = Participant.objects.create(meeting=meeting, display_name="Karin", token=secrets.token_hex(8))
    notes = [
        ("Kollektivtrafiken på landsbygden måste bli bättre.", 6),
        ("Kollektivtrafik på landsbygden är för dålig för att kunna pendla.", 3),
        ("Det saknas bostäder för unga vuxna i små kommuner.", 4),
        ("Unga flyttar för att det inte finns bostäder att hyra.", 2),
        ("Psykisk ohälsa bland unga ökar och skolan behöver stöd.", 2),
    ]
    for text, votes in notes:
        BoardNote.objects.create(meeting=meeting, participant=person, text=text, votes=votes)
    BoardNote.objects.create(
        meeting=meeting, text="Hemlig lapp om lönerna på förvaltningen.", votes=40, hidden=True
    )
    checkout = AgendaBlock.objects.create(
        meeting=meeting, kind=AgendaBlock.Kind.CHECKOUT, title="Utcheckning"
    )
    poll = Poll.objects.create(
        meeting=meeting, block=checkout, kind=Poll.Kind.OPEN_TEXT, question="Vad tar du med dig?"
    )
    Response.objects.create(
        poll=poll, participant=person, value="Samverkan mellan kommunerna kring bostäder."
    )
    ChatMessage.objects.create(
        meeting=meeting, participant=person, text="Karin här: kollektivtrafiken på landsbygden!"
    )
    return meeting


def _note(meeting, start):
    return BoardNote.objects.get(meeting=meeting, text__startswith=start)


def _configure(settings, url, timeout=5.0):
    settings.LIVSMILJO_LLM_URL = url
    settings.LIVSMILJO_LLM_MODEL = "lokal-modell"
    settings.LIVSMILJO_LLM_TIMEOUT = timeout


def _good_reply(meeting):
    bus = _note(meeting, "Kollektivtrafiken på")
    housing = _note(meeting, "Det saknas")
    return (
        f"Kollektivtrafiken på landsbygden behöver bli bättre [n{bus.pk}].\n"
        f"Det saknas bostäder för unga vuxna i små kommuner [n{housing.pk}]."
    )


def test_without_a_url_the_summary_is_quoted_from_the_meeting_and_nothing_is_sent(meeting, settings):
    with fake_model_server() as server:
        server.content = _good_reply(meeting)
        _configure(settings, "")
        result = meeting_summary(meeting, audience="project")
    assert server.requests == []
    assert result.method == "extractive"
    assert result.note.startswith("Utvald ur mötets eget material")
    first_text, first_sources = result.sentences[0]
    assert first_text == "Kollektivtrafiken på landsbygden måste bli bättre."
    assert first_sources[0].kind == "note" and first_sources[0].label == f"lapp {first_sources[0].id}"


def test_a_hidden_note_never_enters_the_summary(meeting, settings):
    _configure(settings, "")
    result = meeting_summary(meeting, audience="project")
    assert "Hemlig" not in " ".join(text for text, _sources in result.sentences)
    hidden = BoardNote.objects.get(hidden=True)
    assert all(s.id != hidden.pk for _t, sources in result.sentences for s in sources if s.kind == "note")


def test_the_public_summary_uses_no_chat_and_names_no_one(meeting, settings):
    _configure(settings, "")
    public = meeting_summary(meeting, audience="public")
    project = meeting_summary(meeting, audience="project")
    assert not any(s.kind == "chat" for _t, sources in public.sentences for s in sources)
    assert "Karin" not in repr(public)
    assert any(s.kind == "chat" for _t, sources in project.sentences for s in sources)


def test_check_out_answers_are_part_of_the_material_and_hidden_answers_are_not(meeting):
    poll = Poll.objects.get()
    Response.objects.create(
        poll=poll, participant=Participant.objects.get(), value="Dolt svar om lönerna.", hidden=True
    )
    material = meeting_material(meeting, audience="public")
    answers = [t.text for t in material.texts if t.kind == "response"]
    assert answers == ["Samverkan mellan kommunerna kring bostäder."]
    assert material.sources[("response", Response.objects.filter(hidden=False).get().pk)].label.startswith(
        "svar "
    )


def test_a_good_model_reply_is_used_and_says_which_model_wrote_it(meeting, settings):
    with fake_model_server() as server:
        server.content = _good_reply(meeting)
        _configure(settings, server.url)
        result = meeting_summary(meeting, audience="public")
    assert result.method == "model"
    assert (
        result.note
        == "Skriven av språkmodellen lokal-modell, varje mening kontrollerad mot källorna den hänvisar till."
    )
    assert [t for t, _s in result.sentences] == [
        "Kollektivtrafiken på landsbygden behöver bli bättre.",
        "Det saknas bostäder för unga vuxna i små kommuner.",
    ]
    assert result.sentences[0][1][0].id == _note(meeting, "Kollektivtrafiken på").pk
    sent = server.requests[0]["body"]["messages"][1]["content"]
    assert "Hemlig" not in sent and "Karin" not in sent


def test_a_reply_citing_an_id_that_does_not_exist_falls_back_to_the_extractive_summary(meeting, settings):
    with fake_model_server() as server:
        server.content = _good_reply(meeting) + "\nUnga flyttar till städerna [n999999]."
        _configure(settings, server.url)
        result = meeting_summary(meeting, audience="project")
    assert (result.method, result.reason) == ("extractive", "unknown_id")
    assert (
        "Modellens sammanfattning visas inte eftersom en mening hänvisar till en källa som inte finns"
        in result.note
    )
    assert "(n999999)" in result.note
    assert result.sentences[0][0] == "Kollektivtrafiken på landsbygden måste bli bättre."


def test_a_reply_citing_a_hidden_note_is_refused_like_an_id_that_does_not_exist(meeting, settings):
    hidden = BoardNote.objects.get(hidden=True)
    with fake_model_server() as server:
        server.content = f"Lönerna på förvaltningen är hemliga [n{hidden.pk}]."
        _configure(settings, server.url)
        result = meeting_summary(meeting, audience="project")
    assert (result.method, result.reason) == ("extractive", "unknown_id")


def test_a_public_reply_citing_the_chat_is_refused(meeting, settings):
    message = ChatMessage.objects.get()
    with fake_model_server() as server:
        server.content = f"Kollektivtrafiken på landsbygden lyftes [c{message.pk}]."
        _configure(settings, server.url)
        result = meeting_summary(meeting, audience="public")
    assert (result.method, result.reason) == ("extractive", "unknown_id")


def test_a_reply_citing_a_real_note_that_does_not_support_it_falls_back(meeting, settings):
    with fake_model_server() as server:
        server.content = f"Regionen bör satsa på flyg och nya motorvägar [n{_note(meeting, 'Psykisk').pk}]."
        _configure(settings, server.url)
        result = meeting_summary(meeting, audience="project")
    assert (result.method, result.reason) == ("extractive", "unsupported")
    assert "inte stöds av texten i källorna" in result.note


def test_a_model_that_does_not_answer_in_time_falls_back(meeting, settings):
    with fake_model_server() as server:
        server.content, server.delay = _good_reply(meeting), 2.0
        _configure(settings, server.url, timeout=0.3)
        result = meeting_summary(meeting, audience="project")
    assert (result.method, result.reason) == ("extractive", "timeout")
    assert "inte svarade i tid" in result.note


def test_a_reply_that_is_not_json_falls_back(meeting, settings):
    with fake_model_server() as server:
        server.raw = b"<html>502 Bad Gateway</html>"
        _configure(settings, server.url)
        result = meeting_summary(meeting, audience="project")
    assert (result.method, result.reason) == ("extractive", "malformed")
    assert "gick att läsa" in result.note


def test_a_shared_library_passage_may_be_cited_but_an_unshared_one_is_never_sent(meeting, settings, region):
    shared = make_document(
        region, "Regionen planerar för kollektivtrafik på landsbygden och fler busslinjer.", shared=True
    )
    private = make_document(
        region, "Internt utkast om kollektivtrafikens budget på landsbygden.", shared=False
    )
    shared_passage, private_passage = shared.passages.get(), private.passages.get()
    with fake_model_server() as server:
        server.content = f"Regionen planerar för fler busslinjer på landsbygden [p{shared_passage.pk}]."
        _configure(settings, server.url)
        result = meeting_summary(
            meeting, audience="public", passage_ids=[shared_passage.pk, private_passage.pk]
        )
    assert result.method == "model"
    assert result.sentences[0][1][0].label == f"{shared.title}, s. 1"
    assert "Internt utkast" not in server.requests[0]["body"]["messages"][1]["content"]


def test_the_public_summary_reuses_the_vectors_of_the_project_summary(meeting, settings, monkeypatch):
    from livsmiljo.engine import summarise as engine_summarise
    from livsmiljo.reports import summaries

    summaries._vectors.clear()
    embedded: list[str] = []
    real = engine_summarise.default_embedder()

    def counting(texts):
        embedded.extend(texts)
        return real(texts)

    monkeypatch.setattr(summaries, "default_embedder", lambda: counting)
    _configure(settings, "")
    meeting_summary(meeting, audience="project")
    after_project = len(embedded)
    public = meeting_summary(meeting, audience="public")
    assert after_project > 0 and len(embedded) == after_project
    assert public.sentences
