"""Goal conflicts on their own evidence: sentences written for these tests."""

import numpy as np

from livsmiljo.engine.classify import Classifier
from livsmiljo.engine.classify_seed import default_framework
from livsmiljo.engine.conflicts import tension_finder


def _finder():
    framework = default_framework()
    return tension_finder(framework.themes, framework.conflicts)


def test_a_tension_stated_across_two_sentences_is_a_conflict_with_the_second_sentence_returned():
    text = (
        "Kommunen vill bygga många nya bostäder i centrala lägen nära stationen. "
        "Men det tar stadsdelens sista parker och grönytor i anspråk. Arbetet fortsätter i vår."
    )
    tension = _finder().find(text)
    assert tension.detected
    assert tension.sentence == "Men det tar stadsdelens sista parker och grönytor i anspråk."
    assert set(tension.themes) == {"boende", "natur"}


def test_a_cue_without_two_aims_is_not_a_conflict():
    assert not _finder().find("Det finns en målkonflikt här, men vi återkommer till den.").detected
    assert not _finder().find("Vi gör detta samtidigt som vi gör annat.").detected


def test_the_pair_is_named_from_the_catalogue_when_its_words_are_on_both_sides():
    text = "Förtätningen av de centrala kvarteren sker på bekostnad av parker och gröna samband."
    tension = _finder().find(text)
    assert tension.detected
    assert tension.conflict_id == "fortatning_gronomraden"
    assert set(tension.themes) == {"boende", "natur"}
    assert tension.sentence == text
    assert any("park" in side for side in tension.sides)


def test_the_pair_comes_from_the_passages_own_words_outside_the_catalogue():
    text = "Satsningen på snabbt bredband konkurrerar om samma pengar som kollektivtrafiken i länet."
    tension = _finder().find(text)
    assert tension.detected and not tension.conflict_id
    assert set(tension.themes) == {"digital", "transporter"}


def test_an_ordinary_contrast_without_a_loss_is_not_a_conflict():
    text = "Bostadsbyggandet ökar i länet, men kollektivtrafiken behöver också utvecklas."
    assert not _finder().find(text).detected


def test_the_classifier_reports_a_stated_tension_even_with_one_theme():
    def embed(texts):
        vectors = np.ones((len(texts), 8), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)

    classifier = Classifier(default_framework(), [], embed)
    text = "Förtätning minskar bilberoendet i orten, men den tar ofta parker och gröna gårdar i anspråk."
    [tagging] = classifier.tag([text])
    assert tagging.conflict.detected
    assert set(tagging.conflict.themes) == {"boende", "natur"}
    assert tagging.conflict.conflict_id == "fortatning_gronomraden"
    assert tagging.conflict.sentence == text


def test_one_catalogue_word_names_the_catalogue_conflict_when_its_two_aims_are_on_the_two_sides():
    tension = _finder().find("Den växande besöksnäringen får inte ske på bekostnad av naturen.")
    assert tension.conflict_id == "tillvaxt_manniska_natur"
    assert set(tension.themes) == {"naringsliv", "natur"}
