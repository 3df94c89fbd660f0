"""The model path of the summary, against a local stand-in server (fake_llm): a real OpenAI-compatible
model server cannot run in the test environment, so a thread on 127.0.0.1 speaks the same protocol."""

import pytest

from livsmiljo.engine.embeddings import embed_passages
from livsmiljo.engine.llm import (
    MIN_EMBEDDING_SUPPORT,
    MIN_WORD_SUPPORT,
    CitedSentence,
    Endpoint,
    build_messages,
    check,
    embedding_support,
    parse_reply,
    summarise_with_model,
    word_support,
)
from livsmiljo.engine.summarise import SourceText
from livsmiljo.engine.tests.fake_llm import fake_model_server

SOURCES = [
    SourceText("note", 1, "Kollektivtrafiken på landsbygden måste bli bättre."),
    SourceText("note", 2, "Fler bussar behövs mellan byarna och tätorten."),
    SourceText("note", 4, "Det saknas bostäder för unga vuxna i små kommuner."),
    SourceText("note", 5, "Unga flyttar för att det inte finns hyresrätter."),
    SourceText("note", 6, "Psykisk ohälsa bland unga ökar och skolan behöver stöd."),
    SourceText(
        "response",
        8,
        "Vi behöver samverka mer mellan kommunerna. Regionen borde ta ledningen i frågan om bostäder.",
    ),
    SourceText("passage", 9, "Klimatomställningen kräver att vi planerar för cykel och kollektivtrafik."),
]
TEXT = {f"{s.kind[0]}{s.id}": s.text for s in SOURCES}
# The examples the support thresholds were measured on (see MIN_WORD_SUPPORT in engine/llm.py).
FAITHFUL = [
    ("Deltagarna ville förbättra kollektivtrafiken på landsbygden.", ["n1"]),
    ("Det behövs fler bussar mellan byarna och tätorten.", ["n2"]),
    ("Unga vuxna i små kommuner saknar bostäder och flyttar när hyresrätter saknas.", ["n4", "n5"]),
    ("Flera lyfte att den psykiska ohälsan bland unga ökar och att skolan behöver stöd.", ["n6"]),
    ("Kommunerna behöver samverka mer och regionen borde ta ledningen om bostäder.", ["r8"]),
    ("Klimatomställningen kräver planering för cykel och kollektivtrafik.", ["p9"]),
    ("Landsbygdens busstrafik behöver bli bättre.", ["n1", "n2"]),
]
PARAPHRASE = ("Ungdomar lämnar orten eftersom lägenheter att hyra saknas.", ["n5"])
UNSUPPORTED = [
    ("Deltagarna ville bygga fler bostäder för unga.", ["n1"]),
    ("Kollektivtrafiken på landsbygden måste bli bättre.", ["n6"]),
    ("Skolan behöver mer pengar till idrott.", ["n2"]),
    ("Regionen bör satsa på flyg och nya motorvägar.", ["p9"]),
    ("Turismen i fjällen växer snabbt.", ["n4"]),
    ("Unga vill ha fler fritidsgårdar i tätorten.", ["n2"]),
    ("Bredband på landsbygden är viktigast för företagen.", ["n1"]),
]
GOOD_REPLY = (
    "Kollektivtrafiken på landsbygden måste bli bättre och fler bussar behövs [n1, n2].\n"
    "- Det saknas bostäder för unga vuxna i små kommuner [n4].\n"
    "Regionen borde ta ledningen i frågan om bostäder. [r8]"
)


def _cited(text, ids):
    return [TEXT[i] for i in ids]


def test_a_reply_is_parsed_into_sentences_with_the_ids_they_cite():
    assert parse_reply(GOOD_REPLY) == [
        CitedSentence(
            "Kollektivtrafiken på landsbygden måste bli bättre och fler bussar behövs.", ("n1", "n2")
        ),
        CitedSentence("Det saknas bostäder för unga vuxna i små kommuner.", ("n4",)),
        CitedSentence("Regionen borde ta ledningen i frågan om bostäder.", ("r8",)),
    ]


def test_two_sentences_on_one_line_keep_their_own_citations():
    parsed = parse_reply("Fler bussar behövs [n2]. Unga flyttar [n5][n4].")
    assert [s.ids for s in parsed] == [("n2",), ("n5", "n4")]


def test_the_prompt_numbers_every_source_with_its_id():
    content = build_messages(SOURCES)[1]["content"]
    assert "[n1] Kollektivtrafiken på landsbygden" in content
    assert "[r8] Vi behöver" in content and "[p9] Klimatomställningen" in content


def test_the_word_threshold_separates_faithful_sentences_from_sentences_on_another_matter():
    assert min(word_support(t, _cited(t, ids)) for t, ids in FAITHFUL) >= MIN_WORD_SUPPORT
    assert max(word_support(t, _cited(t, ids)) for t, ids in UNSUPPORTED) < MIN_WORD_SUPPORT


def test_the_embedding_threshold_separates_them_too_and_accepts_a_paraphrase_in_other_words():
    def cosine(text, ids):
        return embedding_support(text, _cited(text, ids), embed_passages)

    assert min(cosine(t, ids) for t, ids in [*FAITHFUL, PARAPHRASE]) >= MIN_EMBEDDING_SUPPORT
    assert max(cosine(t, ids) for t, ids in UNSUPPORTED) < MIN_EMBEDDING_SUPPORT
    assert word_support(PARAPHRASE[0], _cited(*PARAPHRASE)) < MIN_WORD_SUPPORT
    assert check([CitedSentence(PARAPHRASE[0], ("n5",))], SOURCES, embed=embed_passages).ok


def test_a_sentence_without_a_citation_is_refused():
    result = check(parse_reply("Fler bussar behövs [n2].\nAllt var bra."), SOURCES)
    assert (result.ok, result.reason, result.detail) == (False, "no_citation", "Allt var bra.")


def test_a_citation_of_an_id_that_was_not_given_is_refused():
    result = check(parse_reply("Fler bussar behövs [n2, n99]."), SOURCES)
    assert (result.ok, result.reason, result.detail) == (False, "unknown_id", "n99")


def test_a_real_id_whose_text_does_not_support_the_sentence_is_refused():
    result = check(
        parse_reply("Regionen bör satsa på flyg och nya motorvägar [p9]."), SOURCES, embed=embed_passages
    )
    assert (result.ok, result.reason) == (False, "unsupported")


def test_an_empty_or_overlong_reply_is_refused():
    assert check([], SOURCES).reason == "empty"
    assert check(parse_reply("Fler bussar behövs [n2].\n" * 9), SOURCES).reason == "too_long"


def test_a_good_reply_from_the_server_is_accepted_with_its_citations():
    with fake_model_server() as server:
        server.content = GOOD_REPLY
        result = summarise_with_model(Endpoint(server.url, model="lokal-7b", key="hemlig"), SOURCES)
    assert result.ok, result
    assert [s.ids for s in result.sentences] == [("n1", "n2"), ("n4",), ("r8",)]
    request = server.requests[0]
    assert request["path"] == "/v1/chat/completions"
    assert request["body"]["model"] == "lokal-7b"
    assert request["headers"]["Authorization"] == "Bearer hemlig"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("Fler bussar behövs [n2].\nUnga flyttar till städerna [n404].", "unknown_id"),
        ("Regionen bör satsa på flyg och nya motorvägar [p9].", "unsupported"),
        ("Här är en sammanfattning utan källor.", "no_citation"),
    ],
)
def test_a_reply_whose_citations_do_not_check_out_is_refused(content, reason):
    with fake_model_server() as server:
        server.content = content
        result = summarise_with_model(Endpoint(server.url), SOURCES)
    assert (result.ok, result.reason) == (False, reason)


def test_a_server_slower_than_the_timeout_is_refused_as_a_timeout():
    with fake_model_server() as server:
        server.content, server.delay = GOOD_REPLY, 2.0
        result = summarise_with_model(Endpoint(server.url, timeout=0.3), SOURCES)
    assert (result.ok, result.reason) == (False, "timeout")


@pytest.mark.parametrize(
    "raw", [b"{not json", b'{"choices": []}', b'{"choices": [{"message": {"content": 3}}]}']
)
def test_a_reply_that_is_not_a_chat_completion_is_refused_as_malformed(raw):
    with fake_model_server() as server:
        server.raw = raw
        result = summarise_with_model(Endpoint(server.url), SOURCES)
    assert (result.ok, result.reason) == (False, "malformed")


def test_an_http_error_is_refused_with_its_status():
    with fake_model_server() as server:
        server.status, server.raw = 500, b"{}"
        result = summarise_with_model(Endpoint(server.url), SOURCES)
    assert (result.ok, result.reason, result.detail) == (False, "http", "500")


def test_nothing_is_sent_without_a_url():
    with fake_model_server() as server:
        server.content = GOOD_REPLY
        assert summarise_with_model(None, SOURCES).reason == "not_configured"
        assert summarise_with_model(Endpoint(""), SOURCES).reason == "not_configured"
    assert server.requests == []


def test_a_url_that_is_not_http_is_never_opened():
    result = summarise_with_model(Endpoint("file:///etc/passwd"), SOURCES)
    assert (result.ok, result.reason) == (False, "http")


def test_the_endpoint_accepts_a_base_url_or_the_full_chat_url():
    assert Endpoint("http://h:8000").chat_url == "http://h:8000/v1/chat/completions"
    assert Endpoint("http://h:8000/v1/").chat_url == "http://h:8000/v1/chat/completions"
    assert Endpoint("http://h/api/chat/completions").chat_url == "http://h/api/chat/completions"
