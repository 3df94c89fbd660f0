"""Goal conflicts on their own evidence: sentences written for these tests."""

import numpy as np

from livsmiljo.engine.classify import Classifier
from livsmiljo.engine.classify_seed import default_framework
from livsmiljo.engine.classify_text import normalise
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


def test_a_catalogue_conflict_is_not_named_on_one_of_its_sides_alone():
    text = (
        "Många besökare i fjällen kan ge störningar för rennäringen, och krockar kan uppstå mellan olika "
        "verksamheter som på bekostnad av renskötseln vill använda samma mark."
    )
    assert _finder().find(text).conflict_id != "vindkraft_gruvor_rennaring"
    assert _finder().catalogue_for(normalise(text)) is None


def test_two_aims_named_together_before_the_cue_get_a_side_each():
    tension = _finder().find("Förtätning och grönytor står i ett tydligt motsatsförhållande i planerna.")
    assert tension.conflict_id == "fortatning_gronomraden"
    assert tension.themes == ("boende", "natur")
    assert tension.sides == ("förtätning", "grönytor")


def test_a_tension_stated_with_medan_and_costs_names_health_against_short_term_return():
    tension = _finder().find(
        "Förebyggande insatser för folkhälsan ger avkastning först efter lång tid, medan kostnaderna "
        "belastar årets budget."
    )
    assert tension.conflict_id == "halsa_kortsiktig_avkastning"
    assert set(tension.themes) == {"halsa", "naringsliv"}


def test_a_gain_that_worsens_access_names_concentration_of_care_against_proximity():
    tension = _finder().find(
        "Att centralisera förlossningsvården till ett sjukhus höjer kvaliteten men försämrar "
        "tillgängligheten för dem som bor långt bort."
    )
    assert tension.conflict_id == "centralisering_vard_tillganglighet"
    assert tension.themes == ("halsa", "transporter")


def test_a_side_without_an_aim_takes_the_aim_from_the_sentence_before():
    tension = _finder().find(
        "Etableringen av en ny fabrik ger många jobb men också mer tung trafik. Sådana beslut ska vägas "
        "mot målen för klimat och natur."
    )
    assert tension.detected and set(tension.themes) == {"naringsliv", "natur"}


def test_of_two_equally_strong_tensions_the_one_between_the_passages_main_aims_is_chosen():
    text = (
        "Regionen vill bygga bostäder och samtidigt förbättra folkhälsan. "
        "Regionen vill minska utsläppen och samtidigt bygga ut kollektivtrafiken."
    )
    assert set(_finder().find(text).themes) == {"boende", "halsa"}
    chosen = _finder().find(text, {"klimat": 2.0, "transporter": 1.5, "boende": 0.5})
    assert set(chosen.themes) == {"klimat", "transporter"}
    assert chosen.sentence.startswith("Regionen vill minska utsläppen")
