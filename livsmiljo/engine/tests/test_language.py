import pytest

from livsmiljo.engine.language import swedish_probability


@pytest.mark.parametrize(
    "query",
    ["kollektivtrafik på landsbygden", "unga och delaktighet", "bredband på landsbygden", "jämställdhet"],
)
def test_swedish_queries_are_recognised(query):
    assert swedish_probability(query) > 0.9


@pytest.mark.parametrize(
    "query",
    ["public transport in rural areas", "How do regions involve young people?", "gender equality"],
)
def test_english_queries_are_recognised(query):
    assert swedish_probability(query) < 0.2


def test_text_without_letters_gives_no_verdict():
    assert swedish_probability("2030 – 2040") == 0.5
    assert swedish_probability("") == 0.5
