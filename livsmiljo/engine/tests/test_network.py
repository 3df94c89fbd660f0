from collections import Counter

import numpy as np

from livsmiljo.engine.grouping import form_groups, form_groups_by_curiosity
from livsmiljo.engine.network import (
    CONTRIBUTE,
    CURIOUS,
    DIM,
    FIELDS,
    LEARN,
    MAX_SAME_ORG,
    THRESHOLD,
    Hit,
    Person,
    all_matches,
    connections,
    field_sentences,
    matches_for,
    organisation_matches,
    pack_vectors,
    texts_key,
    unpack_vectors,
)

TOPICS = ["kollektivtrafik", "klimat", "folkhälsa", "kultur", "bredband", "bostäder", "skog", "skola"]


def _vector(topic: str, jitter: int = 0) -> np.ndarray:
    """A unit vector for a topic; sentences on one topic are near each other, others far apart."""
    vector = np.zeros(DIM, dtype=np.float32)
    vector[TOPICS.index(topic)] = 1.0
    vector[100 + jitter] = 0.2
    return vector / np.linalg.norm(vector)


def person(pid: int, org: int | None, themes: tuple[str, ...] = (), **fields: list[str]) -> Person:
    """fields: curious/learn/contribute/assignment -> topics; each topic is one sentence."""
    keys = {"curious": CURIOUS, "learn": LEARN, "contribute": CONTRIBUTE, "assignment": "uppdrag"}
    sentences = {keys[k]: [f"Mening om {t} ({pid})." for t in v] for k, v in fields.items()}
    vectors = {
        keys[k]: np.stack([_vector(t, pid % 50) for t in v]) if v else np.zeros((0, DIM))
        for k, v in fields.items()
    }
    return Person(id=pid, organisation_id=org, sentences=sentences, vectors=vectors, themes=themes)


def test_a_curiosity_meets_another_persons_contribution_with_both_sentences_as_the_reason():
    anna = person(1, 10, curious=["klimat"], contribute=["kultur"])
    bo = person(2, 20, contribute=["klimat"])
    carl = person(3, 30, contribute=["bredband"])
    found = matches_for(anna, [bo, carl])
    assert [m.person_id for m in found] == [2]
    overlap = found[0].overlaps[0]
    assert (overlap.seeker_id, overlap.seeking_field, overlap.offering_field) == (1, CURIOUS, CONTRIBUTE)
    assert "klimat" in overlap.seeking_sentence and "klimat" in overlap.offering_sentence


def test_matches_work_in_both_directions():
    anna = person(1, 10, contribute=["klimat"])
    bo = person(2, 20, learn=["klimat"])
    found = matches_for(anna, [bo])
    assert found and found[0].overlaps[0].seeker_id == 2 and found[0].overlaps[0].seeking_field == LEARN


def test_nothing_is_claimed_below_the_threshold_and_themes_alone_never_make_a_match():
    anna = person(1, 10, ("klimat", "natur", "halsa", "kultur"), curious=["klimat"])
    bo = person(2, 20, ("klimat", "natur", "halsa", "kultur"), contribute=["skog"])
    assert matches_for(anna, [bo]) == []


def test_shared_themes_are_named_and_lift_a_match_just_below_the_threshold():
    weak = np.zeros(DIM, dtype=np.float32)
    weak[0], weak[1] = THRESHOLD - 0.004, np.sqrt(1 - (THRESHOLD - 0.004) ** 2)
    question = np.zeros(DIM, dtype=np.float32)
    question[0] = 1.0
    anna = Person(1, 10, {CURIOUS: ["Hur når vi unga?"]}, {CURIOUS: question[None, :]}, ("halsa",))
    bo = Person(2, 20, {CONTRIBUTE: ["Ungdomsråd."]}, {CONTRIBUTE: weak[None, :]}, ("halsa",))
    themeless = Person(3, 30, {CONTRIBUTE: ["Ungdomsråd."]}, {CONTRIBUTE: weak[None, :]})
    found = matches_for(anna, [bo, themeless])
    assert [m.person_id for m in found] == [2]
    assert found[0].shared_themes == ("halsa",)


def test_at_most_five_suggestions_and_other_organisations_are_preferred_to_colleagues():
    anna = person(1, 10, curious=["klimat"])
    colleagues = [person(pid, 10, contribute=["klimat"]) for pid in range(2, 7)]
    others = [person(pid, 20 + pid, contribute=["klimat"]) for pid in range(7, 10)]
    found = matches_for(anna, colleagues + others)
    assert len(found) == 5
    assert sum(m.same_organisation for m in found) == MAX_SAME_ORG
    assert [m.same_organisation for m in found[:3]] == [False, False, False]


def test_a_colleague_can_still_be_suggested_when_nobody_else_matches():
    anna = person(1, 10, curious=["klimat"])
    found = matches_for(anna, [person(2, 10, contribute=["klimat"]), person(3, 20, contribute=["skog"])])
    assert [(m.person_id, m.same_organisation) for m in found] == [(2, True)]


def test_the_network_has_one_edge_per_pair_and_the_theme_filter_keeps_only_edges_sharing_it():
    anna = person(1, 10, ("klimat",), curious=["klimat"], contribute=["kultur"])
    bo = person(2, 20, ("klimat",), contribute=["klimat"], curious=["kultur"])
    carl = person(3, 30, ("kultur",), curious=["skola"])
    dora = person(4, 40, ("kultur",), contribute=["skola"])
    matches = all_matches([anna, bo, carl, dora])
    edges = connections(matches)
    assert [(c.a, c.b) for c in edges] == [(1, 2), (3, 4)]
    assert {o.seeker_id for o in edges[0].overlaps} == {1, 2}  # both directions are kept as reasons
    assert [(c.a, c.b) for c in connections(matches, theme="kultur")] == [(3, 4)]


def test_people_who_may_not_meet_are_never_joined():
    anna = person(1, 10, curious=["klimat"])
    bo = person(2, 20, contribute=["klimat"])
    matches = all_matches([anna, bo], can_meet=lambda a, b: False)
    assert connections(matches) == [] and matches == {1: [], 2: []}


def test_vectors_survive_being_stored_and_the_key_follows_the_texts():
    texts = {CURIOUS: "Klimat.\nSkyfall och dagvatten.", CONTRIBUTE: "Kultur"}
    sentences = field_sentences(texts)
    assert sentences[CURIOUS] == ["Klimat.", "Skyfall och dagvatten."] and sentences["uppdrag"] == []
    vectors = {
        CURIOUS: np.stack([_vector("klimat"), _vector("skog")]),
        CONTRIBUTE: _vector("kultur")[None, :],
    }
    back = unpack_vectors(pack_vectors(vectors))
    assert set(back) == set(FIELDS)
    assert np.allclose(back[CURIOUS], vectors[CURIOUS]) and back[LEARN].shape == (0, DIM)
    assert texts_key(texts) == texts_key(dict(texts)) != texts_key({**texts, CURIOUS: "Klimat."})
    assert unpack_vectors(None)[CURIOUS].shape == (0, DIM)


def test_organisation_matches_group_passages_by_organisation_without_the_persons_own():
    def hit(org: int, page: int, score: float) -> Hit:
        return Hit(org, f"Region {org}", org * 10, f"RUS {org}", page, "", "Text", score)

    hits = [hit(1, 3, 0.9), hit(2, 5, 0.8), hit(2, 7, 0.7), hit(3, 1, 0.6), hit(2, 9, 0.5), hit(2, 11, 0.4)]
    found = organisation_matches(hits, exclude=1, limit=3, per_organisation=3)
    assert [m.organisation_id for m in found] == [2, 3]
    assert [h.page for h in found[0].hits] == [5, 7, 9]


def test_groups_by_curiosity_put_complementary_pairs_together_and_stay_balanced():
    # Four learner/contributor pairs on four topics, in four organisations each, dealt so that mixing by
    # organisation alone would split them.
    pairs = [("klimat", 1, 2), ("kultur", 3, 4), ("skola", 5, 6), ("bredband", 7, 8)]
    people: dict[int, Person] = {}
    for topic, learner, giver in pairs:
        people[learner] = person(learner, learner % 4, curious=[topic])
        people[giver] = person(giver, giver % 4 + 10, contribute=[topic])
    participants: list[tuple[int, str | None]] = [(pid, f"org{pid % 4}") for pid in range(1, 13)]
    for seed in range(5):
        groups = form_groups_by_curiosity(participants, people, size=3, seed=seed)
        group_of = {pid: n for n, g in enumerate(groups) for pid in g}
        assert all(group_of[a] == group_of[b] for _, a, b in pairs)
        assert sorted(group_of) == list(range(1, 13))
        sizes = [len(g) for g in groups]
        assert max(sizes) - min(sizes) <= 1 and len(groups) == 4


def test_groups_by_curiosity_mix_organisations_for_people_without_a_page_and_are_deterministic():
    participants: list[tuple[int, str | None]] = [(pid, f"org{pid % 3}") for pid in range(1, 10)]
    groups = form_groups_by_curiosity(participants, {}, size=3, seed=4)
    for group in groups:
        assert max(Counter(f"org{pid % 3}" for pid in group).values()) == 1
    assert groups == form_groups_by_curiosity(participants, {}, size=3, seed=4)
    assert sorted(len(g) for g in groups) == sorted(len(g) for g in form_groups(participants, size=3))
    for n in range(1, 30):
        some: list[tuple[int, str | None]] = [(pid, f"o{pid % 5}") for pid in range(n)]
        pages = {
            pid: person(pid, pid % 5, curious=[TOPICS[pid % 8]], contribute=[TOPICS[(pid + 1) % 8]])
            for pid in range(0, n, 2)
        }
        sizes = [len(g) for g in form_groups_by_curiosity(some, pages, size=4, seed=n)]
        assert max(sizes) - min(sizes) <= 1 and sum(sizes) == n


def test_real_embeddings_connect_a_question_with_the_work_that_answers_it():
    from livsmiljo.engine.embeddings import embed_passages, embed_query

    def embedded(pid: int, org: int, texts: dict[str, str]) -> Person:
        sentences = field_sentences(texts)
        vectors = {
            f: (np.stack([embed_query(s) for s in ss]) if f in (CURIOUS, LEARN) else embed_passages(ss))
            if ss
            else np.zeros((0, DIM))
            for f, ss in sentences.items()
        }
        return Person(pid, org, sentences, vectors)

    anna = embedded(1, 10, {CURIOUS: "Hur vi kan anpassa städer till skyfall och ett varmare klimat."})
    bo = embedded(
        2, 20, {CONTRIBUTE: "Jag leder regionens arbete med klimatanpassning och skyfallsplanering."}
    )
    carl = embedded(3, 30, {CONTRIBUTE: "Jag ansvarar för kulturstrategin och biblioteken."})
    assert [m.person_id for m in matches_for(anna, [bo, carl])] == [2]
