import numpy as np

from livsmiljo.engine.embeddings import DIM, embed_passages, embed_query, from_bytes, passage_text, to_bytes


def test_passage_text_puts_the_heading_first_as_context():
    assert passage_text("Bussarna går oftare.", "Kollektivtrafik:") == "Kollektivtrafik. Bussarna går oftare."
    assert passage_text("Bussarna går oftare.", "") == "Bussarna går oftare."


def test_vectors_are_normalised_float32_and_an_english_query_finds_swedish_text():
    passages = embed_passages(["Tågen mellan städerna går oftare.", "Skogen har många fåglar och svampar."])
    query = embed_query("train services between cities")
    assert passages.shape == (2, DIM) and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-3)
    assert passages[0] @ query > passages[1] @ query


def test_no_texts_give_an_empty_matrix():
    assert embed_passages([]).shape == (0, DIM)


def test_vectors_survive_a_round_trip_through_bytes():
    vector = np.arange(DIM, dtype=np.float32)
    assert np.array_equal(from_bytes(to_bytes(vector)), vector)


def test_a_huge_query_or_passage_is_embedded_as_its_bounded_text(monkeypatch):
    from livsmiljo.engine import embeddings

    seen: list[str] = []

    class Model:
        def query(self, text: str) -> np.ndarray:
            seen.append(text)
            return np.ones(embeddings.DIM, dtype=np.float32)

        def passage(self, texts: list[str]) -> np.ndarray:
            seen.extend(texts)
            return np.ones((len(texts), embeddings.DIM), dtype=np.float32)

    monkeypatch.setattr(embeddings, "_get_model", lambda: Model())
    embeddings.embed_query("a" * 30_000)
    embeddings.embed_passages(["Regionen " + "b" * 60_000, "kort"])
    # Before: the whole 30,000 characters went to the model (20 s for one query).
    assert [len(t) for t in seen] == [64, len("Regionen ") + 64, 4]
