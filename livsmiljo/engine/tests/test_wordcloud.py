from livsmiljo.engine.wordcloud import content_words, word_counts


def test_swedish_stop_words_are_removed():
    counts = dict(word_counts(["Jag är nyfiken på det här", "och det är roligt"]))
    assert set(counts) == {"nyfiken", "roligt"}


def test_inflections_are_merged_and_shown_in_the_most_frequent_form():
    counts = word_counts(["regionen", "regioner", "regionerna", "region", "regioner"])
    assert counts == [("regioner", 5)]


def test_adjective_forms_that_snowball_keeps_apart_are_merged():
    counts = dict(word_counts(["hållbar", "hållbara", "hållbart", "grön", "grönt", "gröna"]))
    assert counts == {"hållbar": 3, "grön": 3}


def test_a_word_is_counted_once_per_answer():
    assert word_counts(["samverkan samverkan samverkan", "samverkan"]) == [("samverkan", 2)]


def test_multiword_answers_are_counted_per_word():
    counts = dict(word_counts(["Bättre kollektivtrafik på landsbygden", "landsbygden behöver bredband"]))
    assert counts["landsbygden"] == 2
    assert counts["kollektivtrafik"] == 1
    assert counts["bredband"] == 1


def test_a_two_word_answer_given_by_several_people_stays_a_phrase():
    counts = dict(word_counts(["Trygg uppväxt", "trygg uppväxt!", "trygghet"]))
    assert counts["trygg uppväxt"] == 2
    assert "uppväxt" not in counts


def test_a_two_word_answer_given_once_is_split_into_words():
    counts = dict(word_counts(["grön omställning", "omställning"]))
    assert counts == {"omställning": 2, "grön": 1}


def test_swedish_letters_are_kept_and_not_confused():
    words = content_words("Älvdalen, Öland och Åre – växa på landsbygden 2030")
    assert words == ["älvdalen", "öland", "åre", "växa", "landsbygden"]
    counts = dict(word_counts(["får", "far"]))
    assert counts == {"far": 1}  # "får" is a stop word, "far" is not


def test_results_are_sorted_by_count_and_cut_at_the_limit():
    texts = ["skola"] * 3 + ["vård"] * 2 + ["kultur", "idrott", "bibliotek", "museer"]
    counts = word_counts(texts, limit=3)
    assert counts[:2] == [("skola", 3), ("vård", 2)]
    assert len(counts) == 3


def test_empty_and_blank_answers_give_nothing():
    assert word_counts([]) == []
    assert word_counts(["", "   ", "och i på", "123"]) == []
