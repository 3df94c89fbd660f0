from livsmiljo.engine.text import (
    analyse_query,
    content_words,
    matching_words,
    split_compound,
    stem,
    stems,
    tokenize,
)


def test_stemming_keeps_a_ring_and_umlauts_distinct():
    assert stem("får") != stem("far")
    assert stem("för") != stem("for")
    assert stem("hälsan").startswith("häls")


def test_inflected_forms_share_a_stem():
    assert stem("regionens") == stem("region")
    assert stem("parker") == stem("park")
    assert stem("kollektivtrafiken") == stem("kollektivtrafik")
    assert stem("strategin") == stem("strategier") == stem("strategi")


def test_tokens_are_lower_cased_words_without_punctuation_or_underscores():
    assert tokenize("Gröna Kronoberg_2025, visionen!") == ["gröna", "kronoberg", "2025", "visionen"]


def test_swedish_and_english_stop_words_are_dropped():
    assert content_words("Det är viktigt att vi och de andra kan pendla") == ["viktigt", "pendla"]
    assert content_words("the role of the region") == ["role", "region"]


def test_compounds_split_into_known_parts():
    assert split_compound("kollektivtrafiken") == ["kollektiv", "trafik"]
    assert split_compound("arbetsmarknaden") == ["arbet", "marknad"]
    assert split_compound("landsbygden") == ["land", "bygd"]


def test_compounds_split_with_the_index_vocabulary():
    assert split_compound("kompetensförsörjning", {"försörjning"}) == ["kompetens", "försörjning"]


def test_words_that_are_not_compounds_stay_whole():
    assert split_compound("regionens") == []
    assert split_compound("utveckling") == []
    assert split_compound("bra") == []


def test_a_long_query_is_also_a_phrase_and_quotes_make_a_phrase():
    assert analyse_query("grön omställning i industrin").phrases == [stems("grön omställning i industrin")]
    assert analyse_query("pendling").phrases == []
    assert analyse_query('tåg "regional utveckling"').phrases == [["regional", "utveckling"]]


def test_query_terms_include_compound_parts():
    query = analyse_query("kollektivtrafiken")
    assert query.terms == ["kollektivtrafik", "kollektiv", "trafik"]


def test_matching_words_finds_inflections_and_compounds_of_the_terms():
    text = "Trafiken växer. Kollektivtrafiken på landsbygden behöver fler bussar."
    assert matching_words(text, ["trafik"]) == {"trafiken", "kollektivtrafiken"}


# --- bounded work for any input (issue 9) -----------------------------------------------------------


def test_analysing_a_5000_character_word_stems_only_a_bounded_number_of_strings(monkeypatch):
    from livsmiljo.engine import text

    stemmed: list[str] = []

    def recording(word: str) -> str:
        stemmed.append(word)
        return word

    monkeypatch.setattr(text, "stem", recording)
    text._stem_cached.cache_clear()
    text.analyse("a" * 5000 + " kollektivtrafiken", {"a" * 4})
    # Before: every prefix of the long word was stemmed and cached (5,000 strings, 12.5 M characters).
    assert len(stemmed) < 100
    assert sum(len(word) for word in stemmed) < 2_000


def test_a_word_longer_than_the_limit_is_neither_indexed_nor_split():
    from livsmiljo.engine.text import MAX_WORD, analyse

    long_word = "kollektivtrafik" * 10
    analysed = analyse(f"bussar {long_word} tåg")
    assert len(long_word) > MAX_WORD
    assert analysed.stems == [stem("bussar"), stem("tåg")]
    assert analysed.parts == []
    assert split_compound(long_word) == []
    assert tokenize("x" * (MAX_WORD + 1)) == [] and tokenize("x" * MAX_WORD) == ["x" * MAX_WORD]


def test_splitting_a_word_of_repeated_known_parts_does_a_bounded_amount_of_work(monkeypatch):
    from livsmiljo.engine import text

    calls = 0
    known_head = text._known_head

    def counting(head: str, vocabulary: object) -> str | None:
        nonlocal calls
        calls += 1
        return known_head(head, vocabulary)  # type: ignore[arg-type]

    monkeypatch.setattr(text, "_known_head", counting)
    vocabulary = {"a" * n for n in range(3, 80)}
    # Every prefix is a known head and no tail is ever known: the search used to try every split of every
    # tail again (exponential: 40 letters took about a million calls).
    assert split_compound("a" * 40 + "qq", vocabulary) == []
    assert calls < 2_000


def test_a_query_is_analysed_up_to_its_word_limit():
    from livsmiljo.engine.text import MAX_QUERY_WORDS

    words = [f"ord{n:03d}" for n in range(MAX_QUERY_WORDS + 20)]
    query = analyse_query(" ".join(words))
    assert len(query.stems) == MAX_QUERY_WORDS
    assert query.stems[0] == stem(words[0])


def test_bounded_text_cuts_the_length_and_every_overlong_run():
    from livsmiljo.engine.text import MAX_WORD, bounded_text

    text = "Regionen " + "x" * 10_000 + " satsar på tåg. " * 1000
    bounded = bounded_text(text, 4000)
    assert len(bounded) <= 4000
    assert bounded.startswith("Regionen " + "x" * MAX_WORD + " satsar på tåg.")


def test_definite_and_plural_forms_share_a_stem_with_the_base_form():
    pairs = [
        ("folkhälsan", "folkhälsa"),
        ("folkhälsans", "folkhälsa"),
        ("kommunerna", "kommun"),
        ("regionens", "region"),
        ("skolan", "skola"),
        ("landet", "land"),
        ("samhällets", "samhälle"),
        ("miljön", "miljö"),
        ("områdena", "område"),
        ("projektet", "projekt"),
        ("översiktsplanen", "översiktsplan"),
    ]
    for inflected, base in pairs:
        assert stem(inflected) == stem(base), (inflected, base)


def test_word_forms_of_different_words_stay_apart():
    apart = [
        ("påverkan", "påverka"),
        ("klimatpåverkan", "klimatpåverkande"),
        ("samverkan", "samverka"),
        ("plan", "planera"),
        ("region", "regi"),
        ("kommun", "kommunal"),
        ("får", "far"),
    ]
    for one, other in apart:
        assert stem(one) != stem(other), (one, other)


def test_compounds_still_split_after_the_definite_ending_is_removed():
    assert split_compound("folkhälsan", {"folk", "häls"}) == ["folk", "häls"]
    assert split_compound("kollektivtrafiken") == ["kollektiv", "trafik"]


def test_adverbs_in_an_are_stop_words_not_definite_forms():
    assert content_words("redan nästan samman medan kvinnan") == ["kvinnan"]
