from livsmiljo.engine.review import coverage_compare, goal_check, goals_lacking, sentences


def test_a_goal_with_a_number_and_a_named_owner_lacks_nothing():
    check = goal_check("Regionen ska korta restiden med buss till sjukhuset till 40 minuter år 2030.")
    assert check.is_goal and check.goal_word == "ska"
    assert check.target and check.owner == "regionen"
    assert not check.lacks_target and not check.lacks_owner


def test_a_goal_without_a_target_or_an_owner_lacks_both():
    check = goal_check("Vi vill att fler unga stannar kvar i bygderna.")
    assert check.is_goal and check.lacks_target and check.lacks_owner


def test_a_change_by_counts_as_measurable_and_kommunerna_as_owner():
    check = goal_check("Kommunerna ska minska med en tredjedel det matsvinn som skolköken slänger.")
    assert check.target == "minska med" and check.owner == "kommunerna"


def test_senast_makes_a_target_and_an_organisation_name_an_owner():
    check = goal_check("Målet är att cykelvägen ska vara klar senast när bron öppnar.", ["Trafikverket"])
    assert check.target == "senast" and check.lacks_owner
    named = goal_check("Trafikverket ska bygga cykelvägen klar senast när bron öppnar.", ["Trafikverket"])
    assert named.owner == "Trafikverket" and not named.lacks_owner


def test_a_named_region_and_the_word_ansvarig_are_owners():
    assert goal_check("Region Fjällby vill bli bäst på laddplatser.").owner == "Region Fjällby"
    assert goal_check("Ambitionen är tydlig och en ansvarig nämnd utses.").owner == "ansvarig"


def test_a_per_cent_sign_is_a_target():
    assert goal_check("Regionens ambition är att 60 % av resorna görs kollektivt.").target


def test_a_sentence_without_goal_words_is_not_a_goal():
    check = goal_check("Länet har tre sjukhus och en flygplats vid kusten.")
    assert not check.is_goal and not check.lacks_target and not check.lacks_owner


def test_målgrupp_and_målkonflikt_do_not_make_a_goal_but_delmål_does():
    assert not goal_check("Målgruppen är äldre personer på landsbygden.").is_goal
    assert not goal_check("Här finns en målkonflikt mellan vägar och skog.").is_goal
    assert goal_check("Ett delmål handlar om fler lärlingsplatser i industrin.").goal_word == "delmål"


def test_goals_lacking_lists_only_the_weak_goal_sentences_and_counts_all_goals():
    text = (
        "Regionen ska öka andelen förnybar el till 80 procent år 2035. "
        "Vi vill skapa en attraktiv region. Länet har många sjöar."
    )
    gaps, goals = goals_lacking([(7, text)])
    assert goals == 2
    assert [(g.passage_id, g.check.sentence) for g in gaps] == [(7, "Vi vill skapa en attraktiv region.")]


def test_sentences_split_on_full_stops_and_skip_fragments():
    assert sentences("Kort. En hel mening här. Och en till mening!") == [
        "En hel mening här.",
        "Och en till mening!",
    ]


def test_coverage_marks_missing_weaker_level_and_stronger_against_the_peers_median():
    rows = coverage_compare(
        ["a", "b", "c", "d", "e"],
        {"b": (1, 0.05), "c": (3, 0.2), "d": (9, 0.6)},
        [{"a": 0.2, "b": 0.2, "c": 0.2, "d": 0.2}, {"a": 0.1, "b": 0.3, "c": 0.25, "d": 0.2}],
    )
    assert [r.status for r in rows] == ["missing", "weaker", "level", "stronger", "none"]
    assert rows[0].peers_with == 2 and round(rows[0].peer_median, 2) == 0.15


def test_an_organisation_name_counts_only_as_a_whole_word():
    actors = ["SKR"]
    assert goal_check("Företagen ska hitta arbetskraft i länet.", actors).lacks_owner
    assert goal_check("SKR ska samla erfarenheter från vården.", actors).owner == "SKR"


def test_coverage_says_only_when_no_peer_writes_about_what_the_draft_does():
    rows = coverage_compare(["a", "b"], {"a": (2, 0.4), "b": (1, 0.1)}, [{"b": 0.2}, {}, {}])
    assert [r.status for r in rows] == ["only", "stronger"]
