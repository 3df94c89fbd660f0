import gzip
import logging

import pytest

from livsmiljo.engine import translate
from livsmiljo.engine.translate import read_freedict, translate_query, translate_to_swedish


@pytest.fixture
def no_dictionary(tmp_path, monkeypatch):
    """The glossary alone: a dictionary folder without FreeDict's files."""
    monkeypatch.setenv("LIVSMILJO_FREEDICT_DIR", str(tmp_path))
    translate.dictionary.cache_clear()
    yield
    translate.dictionary.cache_clear()


def _write_dictd(folder, entries):
    """A dictd pair as Debian ships it: an index of base64 offsets and a gzip-compatible data file."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

    def b64(number):
        digits = ""
        while True:
            digits = alphabet[number % 64] + digits
            number //= 64
            if not number:
                return digits

    data, index = b"", []
    for headword, body in entries:
        raw = body.encode()
        index.append(f"{headword}\t{b64(len(data))}\t{b64(len(raw))}")
        data += raw
    (folder / "freedict-eng-swe.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(folder / "freedict-eng-swe.dict.dz", "wb") as handle:
        handle.write(data)


def test_a_glossary_phrase_wins_over_its_single_words(no_dictionary):
    translation = translate_to_swedish("public transport in rural areas")
    assert translation.text == "kollektivtrafik landsbygd"
    assert translation.words == ["kollektivtrafik", "landsbygd"]


def test_the_longest_glossary_phrase_wins(no_dictionary):
    assert translate_to_swedish("the regional development strategy").words == ["regional utvecklingsstrategi"]


def test_a_glossary_phrase_may_hold_a_function_word(no_dictionary):
    assert translate_to_swedish("services for people with disabilities").words == [
        "service",
        "tjänster",
        "personer med funktionsnedsättning",
    ]


def test_an_english_plural_finds_its_singular_in_the_glossary(no_dictionary):
    assert translate_to_swedish("bicycles").words == ["cykel"]


def test_unknown_words_are_kept_and_english_function_words_dropped(no_dictionary):
    translation = translate_to_swedish("how is Kiruna handling the housing shortage")
    assert translation.text == "kiruna handling bostadsbrist"
    assert translation.words == ["bostadsbrist"]


def test_a_swedish_query_is_not_translated(no_dictionary):
    assert translate_query("kollektivtrafik på landsbygden och bostäder för unga") is None


def test_an_english_query_is_translated(no_dictionary):
    translation = translate_query("affordable housing for young families in the municipality")
    assert translation is not None and translation.language == "en"
    assert {"bostäder", "unga", "familjer", "kommun"} <= set(translation.words)


def test_without_the_dictionary_the_glossary_works_alone_and_a_log_line_says_so(no_dictionary, caplog):
    with caplog.at_level(logging.WARNING, logger="livsmiljo.engine.translate"):
        translation = translate_to_swedish("wind power near the lighthouse")
    assert translation.words == ["vindkraft"]
    assert "glossary alone" in caplog.text


def test_the_dictionary_is_read_from_its_dictd_files(tmp_path):
    _write_dictd(
        tmp_path,
        [
            ("lighthouse", "lighthouse /ˈlaɪthaʊs/\nfyr, fyrtorn\n"),
            ("harbour master", "harbour master\nhamnkapten\n"),
            ("pier", "pier /pɪə/\n1. pir (i hamn)\n2. brygga\n"),
        ],
    )
    entries = read_freedict(tmp_path)
    assert entries == {
        "lighthouse": ["fyr", "fyrtorn"],
        "harbour master": ["hamnkapten"],
        "pier": ["pir", "brygga"],
    }


def test_a_dictionary_word_keeps_the_translations_the_library_uses(tmp_path, monkeypatch):
    _write_dictd(tmp_path, [("pier", "pier\n1. pir\n2. brygga\n"), ("old pier", "old pier\ngammal pir\n")])
    monkeypatch.setenv("LIVSMILJO_FREEDICT_DIR", str(tmp_path))
    translate.dictionary.cache_clear()
    try:
        assert translate_to_swedish("pier", {"brygg"}).words == ["brygga"]
        assert translate_to_swedish("pier").words == ["pir"]  # no library to ask: the first sense
        assert translate_to_swedish("old pier near town").words == ["gammal pir", "tätort", "ort"]
    finally:
        translate.dictionary.cache_clear()


def test_a_missing_or_broken_dictionary_reads_as_empty(tmp_path):
    assert read_freedict(tmp_path) == {}
    (tmp_path / "freedict-eng-swe.index").write_text("pier\tA\tB\n", encoding="utf-8")
    (tmp_path / "freedict-eng-swe.dict.dz").write_bytes(b"not gzip")
    assert read_freedict(tmp_path) == {}
