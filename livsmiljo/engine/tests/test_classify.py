"""The tagger on texts written for these tests; no database needed."""

from functools import lru_cache

import numpy as np
import pytest

from livsmiljo.engine.classify import THRESHOLD, Classifier, LabelledExample, embed_texts
from livsmiljo.engine.classify_seed import default_framework
from livsmiljo.engine.classify_text import find_signals, normalise, parse_signals, signal_weight


@lru_cache(maxsize=1)
def classifier() -> Classifier:
    return Classifier(default_framework(), [], embed_texts)


def tag(text: str):
    return classifier().tag([text])[0]


def words(text: str, *signals: str) -> tuple[str, ...]:
    return find_signals(normalise(text), signals).words


def test_a_signal_matches_its_inflections_but_not_other_words():
    assert words("Skolorna och skolans elever", "skol") == ("skolorna", "skolans")
    assert words("Grundskolan växer", "skol") == ()


def test_a_starred_signal_matches_inside_swedish_compounds():
    assert words("Grundskolan och gymnasieskolorna", "*skola", "*skolor") == (
        "grundskolan",
        "gymnasieskolorna",
    )


def test_an_exact_signal_matches_only_the_word_itself():
    assert words("Unga och ungefär hälften av de ungas föräldrar", "~unga") == ("unga",)


def test_a_phrase_matches_its_words_in_order_across_punctuation_and_hyphens():
    assert words("Det sker på bekostnad av grönytorna", "på bekostnad av") == ("på bekostnad av",)
    assert words("hälso- och sjukvården", "hälso och sjukvård*") == ("hälso och sjukvården",)


def test_a_signal_marked_weak_matches_as_usual_but_counts_half():
    assert words("Flera aktörer deltar", "aktör*?") == ("aktörer",)
    assert signal_weight("aktör*?") == 0.5
    assert signal_weight("kollektivtrafik*") == 1.0


def test_signal_lists_split_on_lines_and_commas_and_drop_duplicates():
    assert parse_signals("skola, elev*\nskola\n\n ~unga ") == ("skola", "elev*", "~unga")


def test_a_passage_on_commuting_is_tagged_with_transport_first_and_serves_accessibility():
    result = tag(
        "Pendeltågen och regionbussarna ska gå oftare så att fler kan pendla till jobbet på under en timme."
    )
    assert result.themes[0].id == "transporter"
    assert "tillganglighet" in result.areas
    assert "verksamheter" in result.roles
    assert 1 <= len(result.themes) <= 3


def test_every_theme_carries_the_words_that_triggered_it_and_its_nearest_examples():
    result = tag("Bredbandsutbyggnaden och digitala tjänster i vården gör det lättare att bo på landsbygden.")
    ids = [t.id for t in result.themes]
    assert "digital" in ids
    digital = next(t for t in result.themes if t.id == "digital")
    assert any(w.startswith("bredband") for w in digital.words)
    assert digital.examples and digital.examples[0].source == "seed"
    assert [g.id for g in result.groups] == ["landsbygd"]


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("Nyanlända kvinnor ska snabbare komma i arbete.", {"utrikes_fodda", "jamstalldhet"}),
        ("Samebyarnas renskötsel behöver betesmarker.", {"minoriteter"}),
        ("Äldre byggnader i centrum ska renoveras.", set()),
        ("Ungefär hälften av företagen exporterar.", set()),
        ("Personer med funktionsnedsättning ska kunna resa med färdtjänst.", {"funktionsnedsattning"}),
    ],
)
def test_groups_are_named_only_when_the_text_mentions_them(text, groups):
    assert {g.id for g in tag(text).groups} == groups


def test_a_trade_off_between_two_aims_is_detected_with_the_themes_in_tension():
    result = tag(
        "Vindkraftsparken behövs för den gröna omställningen, men den konkurrerar med "
        "rennäringens betesmarker "
        "och naturvärdena i fjällen. Det är en tydlig målkonflikt."
    )
    assert result.conflict.detected
    assert result.conflict.conflict_id == "vindkraft_gruvor_rennaring"
    assert set(result.conflict.themes) == {"klimat", "natur"}
    assert "målkonflikt" in result.conflict.words


def test_a_plain_description_is_not_a_goal_conflict():
    result = tag(
        "Biblioteken har öppet på kvällar och helger och lånar ut böcker, film och musik till alla invånare."
    )
    assert not result.conflict.detected and result.conflict.themes == []
    assert result.themes[0].id == "kultur"


def test_a_correction_of_the_same_text_is_applied_when_it_appears_again():
    text = "Kommunerna tar fram en gemensam plan för fler laddstolpar vid vägarna."
    vector = embed_texts([text])[0]
    corrected = LabelledExample(
        text=text, themes=("klimat", "samverkan"), source="correction", embedding=vector
    )
    result = Classifier(default_framework(), [corrected], embed_texts).tag([text], np.stack([vector]))[0]
    assert [t.id for t in result.themes] == ["klimat", "samverkan"]
    assert result.themes[0].examples[0].source == "correction"


def test_the_contract_shape_has_the_fields_the_command_line_promises():
    row = tag("Regionen samverkar med kommunerna om kompetensförsörjningen.").to_contract()
    assert set(row) == {"themes", "groups", "areas", "conflict"}
    assert set(row["themes"][0]) == {"id", "score"}  # type: ignore[index]
    assert set(row["conflict"]) == {"detected", "themes"}  # type: ignore[arg-type]


def test_a_framework_without_themes_tags_nothing_instead_of_failing():
    from livsmiljo.engine.classify import Framework

    result = Classifier(Framework(themes=()), [], embed_texts).tag(["Bussar och tåg."])[0]
    assert result.themes == [] and not result.conflict.detected


def test_a_passage_about_dialogue_with_citizens_is_tagged_with_participation():
    result = tag(
        "Kommunen bjöd in invånarna till öppna möten och en webbenkät, och deras synpunkter har ändrat "
        "vilka frågor planen prioriterar. Föreningarna deltog i varje steg."
    )
    assert "delaktighet" in [t.id for t in result.themes]


def test_a_passage_naming_people_born_abroad_counts_as_evidence_for_inclusion():
    result = tag("Många utrikes födda kvinnor i länet står långt från arbetsmarknaden och egen försörjning.")
    assert "utrikes_fodda" in [g.id for g in result.groups]
    assert "inkludering" in [t.id for t in result.themes]


def test_generic_words_alone_do_not_fire_collaboration_housing_or_nature():
    result = tag(
        "Flera aktörer har gemensamma ambitioner för planering av miljö och där människor bor: "
        "tandvården ska korta sina köer och fler patienter ska få besök hos läkare inom en vecka."
    )
    assert not {"samverkan", "boende", "natur"} & {t.id for t in result.themes}
    assert result.themes[0].id == "halsa"


def test_a_passage_on_many_subjects_gets_at_most_three_themes_each_on_its_own_evidence():
    result = tag(
        "Bussarna till sjukhuset, bredbandet i byarna, gymnasieskolans elever, vindkraften på fjället, "
        "bostäderna i centrum och biblioteken i varje kommun är alla frågor i den nya strategin."
    )
    assert 2 <= len(result.themes) <= 3
    assert all(t.score >= THRESHOLD for t in result.themes)


def test_signals_that_match_the_same_words_are_one_piece_of_evidence():
    hits = find_signals(
        normalise("Tillväxten i länet och företagandet ökar"),
        ("tillväxt*", "*tillväxt", "företag*", "företagande*"),
    )
    assert hits.distinct == 2 and hits.count == 2
    assert set(hits.clusters) == {("tillväxt*", "*tillväxt"), ("företag*", "företagande*")}


def test_one_word_matched_by_two_signals_does_not_establish_business_on_its_own():
    result = tag("Målet är en hållbar tillväxt där invånarna i alla kommuner ska kunna känna sig trygga.")
    assert "naringsliv" not in {t.id for t in result.themes}


def test_no_themes_calibrated_spread_falls_below_half_the_median_so_few_alike_examples_cannot_blow_it_up():
    table = classifier()._calibration
    for row in (1, 3):
        assert (table[row] > 0).all()
        assert (table[row] >= 0.5 * np.median(table[row]) - 1e-6).all()


def test_a_text_like_a_themes_examples_gets_positive_example_evidence_for_it_and_negative_for_others():
    c = classifier()
    vector = embed_texts(
        ["Teatern, museet och biblioteket ordnar konserter, utställningar och läsecirklar."]
    )[0]
    knn = np.array([c._knn(c._example_vectors @ vector, t) for t in c.theme_ids])
    _, evidence = c._embedding_evidence(c._description_vectors @ vector, knn)
    by_theme = dict(zip(c.theme_ids, evidence, strict=True))
    assert by_theme["kultur"] > 0.5
    assert by_theme["klimat"] < 0


def test_a_long_passage_about_culture_is_tagged_with_culture_though_examples_are_single_sentences():
    result = tag(
        "Länets kulturinstitutioner, från länsmuseet och länsteatern till folkbiblioteken, når i dag fler "
        "invånare än för tio år sedan. Regionen vill bredda publiken genom turnéer i mindre orter, "
        "läsfrämjande insatser och stöd till amatörkulturen. Konstnärer och kulturskapare ska få bättre "
        "villkor, och kulturarvet ska göras tillgängligt digitalt och på plats."
    )
    assert "kultur" in {t.id for t in result.themes}
