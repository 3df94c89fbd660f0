from livsmiljo.documents.tests.factories import paragraph
from livsmiljo.engine.chunking import MAX_WORDS, chunk, looks_like_heading
from livsmiljo.engine.extract import PageText


def _page(number: int, *paragraphs: str, headings: tuple[str, ...] = (), guess: bool = True) -> PageText:
    return PageText(number, "\n\n".join(paragraphs), headings, guess)


def test_passages_never_cross_a_page():
    chunks = chunk([_page(1, paragraph(40)), _page(2, paragraph(40))])
    assert [c.page for c in chunks] == [1, 2]


def test_a_passage_keeps_the_heading_it_stands_under_even_on_the_next_page():
    chunks = chunk([_page(1, "3.2 Kollektivtrafik", paragraph(100)), _page(2, paragraph(100))])
    assert [(c.page, c.heading) for c in chunks] == [(1, "3.2 Kollektivtrafik"), (2, "3.2 Kollektivtrafik")]


def test_a_long_paragraph_is_cut_at_sentence_boundaries_within_the_limit():
    text = " ".join(f"Mening nummer {i} handlar om regional utveckling i hela länet." for i in range(80))
    chunks = chunk([_page(1, text)])
    assert len(chunks) >= 3
    assert all(60 <= c.word_count <= MAX_WORDS for c in chunks)
    assert all(c.text.endswith(".") for c in chunks)


def test_small_paragraphs_under_one_heading_are_packed_together():
    chunks = chunk([_page(1, "Mål", *[paragraph(30) for _ in range(5)])])
    assert len(chunks) == 1
    assert chunks[0].word_count == 150


def test_a_new_heading_starts_a_new_passage():
    chunks = chunk([_page(1, "Bostäder", paragraph(80), "Transporter", paragraph(80))])
    assert [c.heading for c in chunks] == ["Bostäder", "Transporter"]


def test_known_headings_count_and_guessing_can_be_switched_off():
    chunks = chunk(
        [
            _page(
                1, "Inledning", paragraph(70), "Kort rad", paragraph(70), headings=("Inledning",), guess=False
            )
        ]
    )
    assert [c.heading for c in chunks] == ["Inledning"]
    assert "Kort rad" in chunks[0].text


def test_a_heading_printed_directly_above_its_text_is_recognised():
    raw = "2.1 Kompetensförsörjning\n" + "\n".join(
        "Arbetsgivarna i länet behöver fler personer med rätt utbildning och erfarenhet." for _ in range(8)
    )
    chunks = chunk([_page(1, raw)])
    assert chunks[0].heading == "2.1 Kompetensförsörjning"
    assert not chunks[0].text.startswith("2.1")


def test_line_end_hyphenation_is_undone_but_swedish_compound_hyphens_stay():
    chunks = chunk(
        [_page(1, "Regionens utveck-\nling bygger på kultur-\noch fritidsverksamhet i hela länet.")]
    )
    assert chunks[0].text == "Regionens utveckling bygger på kultur- och fritidsverksamhet i hela länet."


def test_it_recognises_typical_headings_and_not_sentences():
    assert looks_like_heading("3.2 Hållbara transporter")
    assert looks_like_heading("KOMPETENSFÖRSÖRJNING")
    assert looks_like_heading("Inledning")
    assert not looks_like_heading("Regionen ska bygga fler bostäder.")
    assert not looks_like_heading("12")
    assert not looks_like_heading(paragraph(30))


def test_no_passage_is_longer_than_the_character_limit_whatever_the_words():
    from livsmiljo.engine.chunking import MAX_CHARS

    long_word = "a" * 60_000
    text = f"Inledande text om regionen.\n\n{long_word}\n\n" + "Kollektivtrafik " * 300
    chunks = chunk([PageText(1, text, (), False)])
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    assert sum(c.text.count("a") for c in chunks) >= 60_000  # nothing was lost
    assert any("Kollektivtrafik" in c.text for c in chunks)
