import pytest

from livsmiljo.engine import language
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


def _refuse_to_decompress(*args, **kwargs):
    raise AssertionError("the bundled model was decompressed")


def test_the_first_load_caches_the_model_so_later_processes_skip_decompressing_it(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVSMILJO_CACHE_DIR", str(tmp_path))
    first = language.load_identifier()
    monkeypatch.setattr("py3langid.modelio.load_model", _refuse_to_decompress)
    cached = language.load_identifier()
    for text in ("bostäder på landsbygden", "public transport in rural areas"):
        assert cached.classify(text) == first.classify(text)


def test_a_damaged_cache_is_replaced_by_a_fresh_copy(tmp_path, monkeypatch):
    monkeypatch.setenv("LIVSMILJO_CACHE_DIR", str(tmp_path))
    language.load_identifier()
    (table,) = tmp_path.glob("*/nextmove.npy")
    table.write_bytes(table.read_bytes()[:1000])
    assert language.load_identifier().classify("unga och delaktighet")[0] == "sv"
    monkeypatch.setattr("py3langid.modelio.load_model", _refuse_to_decompress)
    assert language.load_identifier().classify("unga och delaktighet")[0] == "sv"


def test_an_unwritable_cache_folder_still_gives_an_identifier(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LIVSMILJO_CACHE_DIR", str(blocker / "cache"))
    assert language.load_identifier().classify("gender equality")[0] == "en"
