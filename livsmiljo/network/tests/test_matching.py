from typing import Any

import numpy as np
import pytest

from livsmiljo.engine import network as engine
from livsmiljo.network import matching
from livsmiljo.network.models import PersonPage
from livsmiljo.network.tests.matching_world import person
from livsmiljo.organisations.models import Organisation
from livsmiljo.workshops.models import AgendaBlock, Participant
from livsmiljo.workshops.services.meetings import meeting_create
from livsmiljo.workshops.services.participation import MIX_CURIOSITY, groups_form

pytestmark = pytest.mark.django_db


def test_a_pages_vectors_and_themes_are_made_once_per_text_and_again_when_it_changes(
    network_world, monkeypatch
):
    page = network_world.anna.person_page
    made = []
    real = matching._embed

    def counting(sentences: dict[str, list[str]]) -> dict[str, np.ndarray]:
        made.append(1)
        return real(sentences)

    monkeypatch.setattr(matching, "_embed", counting)
    matching.page_vectors_compute(page_id=page.pk)
    page.refresh_from_db()
    assert matching.page_vectors_current(page) and page.themes and len(made) == 1
    vectors = engine.unpack_vectors(page.vectors)
    assert vectors[engine.CURIOUS].shape == (1, engine.DIM) and vectors[engine.CONTRIBUTE].shape == (
        1,
        engine.DIM,
    )
    matching.page_vectors_compute(page_id=page.pk)
    assert len(made) == 1
    PersonPage.objects.filter(pk=page.pk).update(curious_about="Kulturarv.\nBibliotek på landsbygden.")
    matching.page_vectors_compute(page_id=page.pk)
    page.refresh_from_db()
    assert len(made) == 2 and engine.unpack_vectors(page.vectors)[engine.CURIOUS].shape == (2, engine.DIM)


def test_saving_a_page_leaves_its_edit_time_alone(network_world):
    page = network_world.bo.person_page
    before = page.updated_at
    matching.page_vectors_compute(page_id=page.pk)
    page.refresh_from_db()
    assert page.updated_at == before and page.vectors_key


def test_matches_name_who_seeks_what_and_quote_both_sentences(network_world):
    w = network_world
    result = matching.person_matches(viewer=w.anna, person=w.anna)
    assert result.ready and [m.user for m in result.matches] == [w.bo]
    match = result.matches[0]
    assert match.reasons, "a match always has its reason"
    texts = {r.text for r in match.reasons}
    assert "Anna Ek är nyfiken på det som Bo Lind arbetar med" in texts
    assert "Bo Lind vill lära sig mer om det som Anna Ek vill bidra med" in texts
    first = next(r for r in match.reasons if r.text.startswith("Anna"))
    assert "skyfall" in first.seeking and "skyfall" in first.offering
    assert "skyfall" in match.why and "Bo Lind" in match.why


def test_a_hidden_page_is_never_matched_nor_embedded(network_world):
    w = network_world
    for viewer in (w.anna, w.facilitator, w.bo):
        people = [m.user for m in matching.person_matches(viewer=viewer, person=w.anna).matches]
        assert w.hanna not in people
    assert matching.person_matches(viewer=w.hanna, person=w.hanna).ready is False
    w.hanna.person_page.refresh_from_db()
    assert w.hanna.person_page.vectors is None
    drawn = matching.network_map(viewer=w.facilitator)
    assert w.hanna not in [n.user for g in drawn.groups for n in g.nodes]


def test_people_of_another_project_are_never_matched(network_world):
    w = network_world
    assert w.olle not in [m.user for m in matching.person_matches(viewer=w.anna, person=w.anna).matches]
    # A facilitator sees both projects, but suggests to Anna only people of her own project.
    seen_by_facilitator = matching.person_matches(viewer=w.facilitator, person=w.anna).matches
    assert [m.user for m in seen_by_facilitator] == [w.bo]
    assert w.anna in [m.user for m in matching.person_matches(viewer=w.facilitator, person=w.bo).matches]
    assert matching.person_matches(viewer=w.olle, person=w.olle).matches == []


def test_organisations_that_write_about_a_curiosity_come_with_page_citations(network_world):
    w = network_world
    found = matching.organisation_matches(viewer=w.anna, page=w.anna.person_page)
    assert [o.organisation for o in found] == ["Region Skåne"]  # not her own region, not a draft
    hit = found[0].hits[0]
    assert (hit.document_id, hit.page, hit.document_title) == (
        w.strategy.pk,
        12,
        "Skånes regionala utvecklingsstrategi",
    )
    assert hit.passage_id and "skyfall" in hit.text
    assert matching.organisation_matches(viewer=w.anna, page=w.hanna.person_page) == []  # hidden


def test_an_organisation_seen_from_the_viewers_curiosity_includes_only_its_documents(network_world):
    w = network_world
    found = matching.organisation_matches(
        viewer=w.anna, page=w.anna.person_page, organisation=w.org["ostergotland"], limit=1
    )
    assert [h.document_id for h in found[0].hits] == [w.own.pk]


def test_the_network_joins_people_whose_curiosities_meet_and_filters_by_theme(network_world):
    w = network_world
    drawn = matching.network_map(viewer=w.anna)
    assert [(e.a.user, e.b.user) for e in drawn.edges] == [(w.anna, w.bo)]
    assert "skyfall" in drawn.edges[0].why
    assert {g.name for g in drawn.groups} == {"Region Östergötland", "Region Skåne", "Tillväxtverket"}
    # The facilitator sees both projects; Olle (the other project) would match Anna but is not joined to her.
    everyone = matching.network_map(viewer=w.facilitator)
    assert [(e.a.user, e.b.user) for e in everyone.edges] == [(w.anna, w.bo)]
    assert w.olle in [n.user for g in everyone.groups for n in g.nodes]
    PersonPage.objects.filter(user__in=[w.anna, w.bo]).update(themes=["klimat", "natur"])
    PersonPage.objects.filter(user=w.carl).update(themes=["kultur"])
    by_theme = matching.network_map(viewer=w.anna, theme="klimat")
    assert [(e.a.user, e.b.user) for e in by_theme.edges] == [(w.anna, w.bo)]
    assert (
        "Båda skriver om Klimat och energi, Natur och miljö" in by_theme.edges[0].why
    )  # the themes as stored now
    culture = matching.network_map(viewer=w.anna, theme="kultur")
    assert culture.edges == [] and [n.user for g in culture.groups for n in g.nodes] == [w.carl]


def test_fifty_people_are_matched_and_drawn_with_a_few_queries_once_their_vectors_exist(
    db, settings, facilitator, django_assert_max_num_queries
):
    """Speed is measured in BENCHMARKS.md ("Network"), not timed here: the number of queries is what must not
    grow with the number of people."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from livsmiljo.workshops.services.meetings import project_create

    orgs = list(Organisation.objects.order_by("pk")[:10])
    project_create(title="Stort projekt", user=facilitator, organisations=orgs)
    rng = np.random.default_rng(1)
    users = []
    for n in range(50):
        texts: dict[str, Any] = {
            "curious_about": f"Nyfiken på ämne {n}.\nOch på ämne {n + 1}.",
            "can_contribute": f"Kan bidra med ämne {n + 2}.\nOch med ämne {n + 3}.",
            "assignment": f"Uppdrag {n}.",
        }
        user = person(f"P{n}_Test", orgs[n % 10], **texts)
        page = user.person_page
        sentences = engine.field_sentences(matching.page_texts(page))
        vectors = {f: rng.normal(size=(len(s), engine.DIM)).astype(np.float32) for f, s in sentences.items()}
        vectors = {
            f: v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-9) for f, v in vectors.items()
        }
        PersonPage.objects.filter(pk=page.pk).update(
            vectors=engine.pack_vectors(vectors),
            vectors_key=engine.texts_key(matching.page_texts(page)),
            themes=["klimat"],
        )
        users.append(user)
    viewer = users[0]
    matching.person_matches(viewer=viewer, person=viewer)  # the first call fills the per-process cache
    with django_assert_max_num_queries(10):
        result = matching.person_matches(viewer=viewer, person=users[7])
        drawn = matching.network_map(viewer=viewer)
    assert result.ready and sum(len(g.nodes) for g in drawn.groups) == 50


def _dialogue(facilitator, project_org):
    from livsmiljo.workshops.services.meetings import project_create

    project = project_create(title="Möte", user=facilitator, organisations=[project_org])
    meeting = meeting_create(project=project, title="Möte 2", user=facilitator, template="tom")
    return meeting, AgendaBlock.objects.create(
        meeting=meeting, title="Dialog", kind=AgendaBlock.Kind.GROUP_DIALOGUE
    )


def test_forming_groups_by_curiosity_puts_the_learner_with_the_one_who_can_teach(network_world):
    w = network_world
    meeting, block = _dialogue(w.facilitator, w.org["ostergotland"])
    for user in (w.anna, w.bo, w.carl):
        matching.page_vectors_compute(page_id=user.person_page.pk)
    joined = {}
    for name, user, org in [
        ("Anna", w.anna, "ostergotland"),
        ("Bo", w.bo, "skane"),
        ("Carl", w.carl, "tillvaxtverket"),
        ("Dan", None, "ostergotland"),
        ("Eva", None, "skane"),
        ("Fia", None, "gotland"),
    ]:
        joined[name] = Participant.objects.create(
            meeting=meeting, display_name=name, organisation=w.org[org], token=f"t-{name}", user=user
        )
    for seed_block in range(3):  # another block id is another seed
        groups = groups_form(block=block, user=w.facilitator, size=3, mix=MIX_CURIOSITY)
        members = [{m.participant.display_name for m in g.members.all()} for g in groups]
        assert any({"Anna", "Bo"} <= g for g in members), members
        assert sorted(len(g) for g in members) == [3, 3]
        block = AgendaBlock.objects.create(
            meeting=meeting, title=f"Dialog {seed_block}", kind=AgendaBlock.Kind.GROUP_DIALOGUE
        )


def test_a_hidden_page_does_not_steer_the_groups(network_world):
    w = network_world
    meeting, _block = _dialogue(w.facilitator, w.org["ostergotland"])
    a = Participant.objects.create(meeting=meeting, display_name="A", token="t-a", user=w.anna)
    h = Participant.objects.create(meeting=meeting, display_name="H", token="t-h", user=w.hanna)
    pages = matching.participant_people(user_of={a.pk: w.anna.pk, h.pk: w.hanna.pk})
    assert set(pages) == {a.pk}


def test_an_unknown_way_of_mixing_is_refused(network_world):
    from django.core.exceptions import ValidationError

    meeting, block = _dialogue(network_world.facilitator, network_world.org["ostergotland"])
    Participant.objects.create(meeting=meeting, display_name="A", token="t-a")
    with pytest.raises(ValidationError):
        groups_form(block=block, user=network_world.facilitator, mix="slump")
