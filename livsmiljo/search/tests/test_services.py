from livsmiljo.documents.models import Passage
from livsmiljo.search.services import document_embed, document_unindex, search_passages, strong_count

TRAFFIC = (
    "Kollektivtrafiken ska byggas ut så att fler kan pendla mellan orterna i länet. Nya busslinjer och "
    "tätare turer på landsbygden gör det möjligt att bo på en ort och arbeta på en annan."
)
HEALTH = (
    "Regionen satsar på förebyggande hälsoarbete. Vårdcentralerna samarbetar med kommunerna om "
    "friskvård för äldre och om psykisk hälsa bland unga."
)
FOREST = (
    "Skogen är en viktig resurs för bioekonomin, men avverkningen måste vägas mot biologisk mångfald "
    "och rennäringens behov av sammanhängande betesmarker."
)


def test_it_finds_a_passage_by_a_stemmed_word_and_cites_its_page(make_document, region, owner):
    document = make_document(region, [(1, "Hälsa", HEALTH), (3, "Resor", TRAFFIC)])
    hits = search_passages(query="kollektivtrafik", user=owner, mode="keyword")
    assert hits[0].document_id == document.pk
    assert hits[0].page == 3
    assert hits[0].heading == "Resor"
    assert "<mark>Kollektivtrafiken</mark>" in hits[0].snippet_html
    assert hits[0].why["matched_terms"] == ["kollektivtrafiken"]


def test_it_finds_a_compound_by_one_of_its_parts(make_document, region, owner):
    make_document(region, [(1, "", HEALTH), (2, "", TRAFFIC)])
    hits = search_passages(query="trafik", user=owner, mode="keyword")
    assert hits and hits[0].page == 2


def test_it_finds_swedish_text_with_an_english_query(make_document, region, owner):
    make_document(region, [(1, "", HEALTH), (2, "", TRAFFIC), (3, "", FOREST)])
    hits = search_passages(query="public transport in rural areas", user=owner)
    assert hits[0].page == 2
    assert 0 < hits[0].why["semantic_similarity"] <= 1


def test_english_words_that_happen_to_match_swedish_text_do_not_decide(make_document, region, owner):
    strategy = (
        "Den regionala planen för utvecklingsarbetet beskriver hur regionen följer upp mål, indikatorer "
        "och insatser. Planen revideras vart fjärde år i dialog med kommunerna."
    )
    make_document(region, [(1, "", strategy), (2, "", TRAFFIC), (3, "", HEALTH)])
    keyword = search_passages(
        query="regional plan for public transport in rural areas", user=owner, mode="keyword"
    )
    # "regional" and "plan" are Swedish words too, but the query is translated and its Swedish words
    # ("kollektivtrafik", "landsbygd") decide even on the keyword side.
    assert keyword and keyword[0].page == 2
    hits = search_passages(query="regional plan for public transport in rural areas", user=owner)
    assert hits[0].page == 2


def test_an_outsider_never_gets_another_organisations_unshared_passage(make_document, region, outsider):
    private = make_document(region, [(1, "", TRAFFIC)], title="Privat plan")
    shared = make_document(region, [(1, "", HEALTH)], title="Delad plan", shared=True)
    for query in ("kollektivtrafiken pendla", "hälsa", "public transport"):
        found = {h.document_id for h in search_passages(query=query, user=outsider)}
        assert private.pk not in found
    assert {h.document_id for h in search_passages(query="hälsa", user=outsider)} == {shared.pk}


def test_a_facilitator_and_the_command_line_see_every_document(make_document, region, facilitator):
    document = make_document(region, [(1, "", TRAFFIC)])
    assert search_passages(query="pendla", user=facilitator)[0].document_id == document.pk
    assert search_passages(query="pendla", user=None)[0].document_id == document.pk


def test_filters_narrow_by_organisation_kind_and_year(make_document, region, other_region, facilitator):
    make_document(region, [(1, "", TRAFFIC)], kind="rus", year=2022)
    other = make_document(other_region, [(1, "", TRAFFIC)], kind="plan", year=2024)
    assert {h.document_id for h in search_passages(query="pendla", user=facilitator, kind="plan")} == {
        other.pk
    }
    assert {h.document_id for h in search_passages(query="pendla", user=facilitator, year=2024)} == {other.pk}
    hits = search_passages(query="pendla", user=facilitator, organisation=other_region)
    assert {h.document_id for h in hits} == {other.pk}


def test_a_long_quoted_phrase_wins_and_is_marked_as_a_phrase(make_document, region, owner):
    make_document(region, [(1, "", HEALTH), (2, "", TRAFFIC), (4, "", FOREST)])
    hits = search_passages(query="avverkningen måste vägas mot biologisk mångfald", user=owner)
    assert hits[0].page == 4
    assert hits[0].why["phrase"] is True


def test_embedding_stores_a_vector_per_passage_and_reports_progress(make_document, region):
    document = make_document(region, [(1, "", HEALTH), (2, "", TRAFFIC)], embed=False)
    progress: list[tuple[int, int]] = []
    document_embed(document=document, on_progress=lambda done, total: progress.append((done, total)))
    assert progress[0] == (0, 2) and progress[-1] == (2, 2)
    assert all(len(bytes(p.embedding or b"")) == 384 * 4 for p in Passage.objects.filter(document=document))


def test_an_unindexed_document_is_no_longer_found(make_document, region, owner):
    document = make_document(region, [(1, "", TRAFFIC)])
    document_unindex(document=document)
    document.delete()
    assert search_passages(query="kollektivtrafiken", user=owner) == []


def test_an_empty_query_gives_no_hits(make_document, region, owner):
    make_document(region, [(1, "", TRAFFIC)])
    assert search_passages(query="   ", user=owner) == []


def test_the_snippet_escapes_html_in_the_passage(make_document, region, owner):
    make_document(
        region, [(1, "", "Pendling <script>alert(1)</script> till arbete över länsgränsen varje dag.")]
    )
    hit = search_passages(query="pendling", user=owner)[0]
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html


def test_the_snippet_of_a_long_passage_is_the_part_around_the_matches(make_document, region, owner):
    filler = " ".join(["Regionen arbetar vidare med frågan."] * 20)
    make_document(region, [(1, "", f"{filler} Pendlingen över länsgränsen ökar. {filler}")])
    snippet = search_passages(query="pendlingen", user=owner, mode="keyword")[0].snippet_html
    assert "<mark>Pendlingen</mark>" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")


HOUSING = (
    "Fler bostäder på landsbygden behövs. Kommunerna planerar för hyresrätter i de mindre orterna så att "
    "unga och äldre kan bo kvar på landsbygden."
)
WIND = (
    "Vindkraften byggs ut i länet. En del av intäkterna ska stanna i bygden och gå till föreningslivet "
    "där verken står."
)
UNRELATED = [
    "Biblioteken erbjuder läxhjälp och språkcaféer för nyanlända på kvällarna.",
    "Regionen stödjer export för små och medelstora företag genom rådgivning om nya marknader.",
    "Forskning och innovation inom life science stärks genom samverkan med universitetet.",
    "Turismen växer och besöksnäringen behöver fler utbildade guider under sommarsäsongen.",
    "Klimatanpassningen omfattar skydd mot översvämningar längs kusten och vid älvarna.",
    "Jämställdhetsintegreringen följs upp med könsuppdelad statistik i varje nämnd.",
    "Kulturskolan når fler barn när avgifterna sänks och undervisningen flyttar till skolorna.",
]


def test_a_weakly_related_tail_is_cut_and_the_strong_match_stays(make_document, region):
    texts = [HOUSING, WIND, TRAFFIC, HEALTH, FOREST, *UNRELATED]
    make_document(region, [(page, "", text) for page, text in enumerate(texts, 1)])
    hits = search_passages(query="bostäder på landsbygden", user=None, limit=20)
    assert hits[0].page == 1
    assert strong_count(hits) == 1
    assert len(hits) <= len(texts) // 2  # the unrelated tail is gone
    assert not any(hit.why["strong"] for hit in hits if hit.page == 2)  # "bygden" about wind power is weak


def test_a_small_library_is_not_cut(make_document, region):
    make_document(region, [(1, "", HOUSING), (2, "", WIND), (3, "", HEALTH)])
    hits = search_passages(query="bostäder på landsbygden", user=None, limit=20)
    assert len(hits) == 3
    assert strong_count(hits) is None  # too few passages to tell strong from weak


def test_a_query_without_keyword_evidence_does_not_load_the_language_model(
    make_document, region, monkeypatch
):
    make_document(region, [(1, "", HEALTH), (2, "", TRAFFIC)])

    def refuse(text: str) -> float:
        raise AssertionError("the language model was asked")

    monkeypatch.setattr("livsmiljo.search.retrieval.swedish_probability", refuse)
    assert search_passages(query="xyzzy qwerty", user=None)
