"""Search through the real ingestion path: a multi-page PDF made in the test, cited on the right page."""

from livsmiljo.documents.services import ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.factories import page_lines, pdf_bytes
from livsmiljo.search.services import search_passages
from livsmiljo.search.tests.test_services import FOREST, HEALTH, TRAFFIC

PAGES = [
    page_lines("Hälsa och vård", HEALTH, HEALTH.replace("Regionen", "Kommunerna")),
    page_lines("Resor och pendling", TRAFFIC),
    page_lines("Natur och näringar", FOREST),
]


def test_a_quoted_phrase_from_a_multi_page_pdf_is_cited_on_its_own_page(region, owner):
    run = ingestion_run_create(
        files=[("plan.pdf", pdf_bytes(PAGES))], organisation=region, user=owner, kind="rus", enqueue=False
    )
    assert ingestion_run_process(run_id=run.pk)[0].status == "done"
    phrase = " ".join(FOREST.split()[8:18])
    hit = search_passages(query=phrase, user=owner, limit=3)[0]
    assert hit.page == 3
    assert hit.heading == "Natur och näringar"
    assert hit.why.get("phrase") is True
