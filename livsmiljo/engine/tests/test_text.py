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
