"""The strategy profile report: the lens's profile, worded, with a page citation for every finding."""

import pytest

from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.factories import CONFLICT, HEALTH, SAMI, TRANSPORT, make_document
from livsmiljo.engine.report import BulletList, Figure, Heading, Paragraph, Quote, Report, Source
from livsmiljo.reports.organisation import ProfileNotPublished, build_organisation_report

pytestmark = pytest.mark.django_db


@pytest.fixture
def strategy(region):
    document = make_document(region, TRANSPORT, CONFLICT, HEALTH, title="Östgötastrategin")
    document_tag(document=document)
    return document


def _sources(report: Report) -> list[Source]:
    found: list[Source] = []
    for block in report.blocks:
        items = block.items if isinstance(block, BulletList) else (block,)
        found += [s for p in items if isinstance(p, Paragraph) for s in p.sources]
        if isinstance(block, Quote) and block.source:
            found.append(block.source)
    return found


def _text(report: Report) -> str:
    parts = []
    for block in report.blocks:
        items = block.items if isinstance(block, BulletList) else (block,)
        parts += [getattr(b, "text", "") for b in items]
    return "\n".join(parts)


def test_the_report_of_a_tagged_organisation_has_coverage_per_theme_and_page_citations(region, strategy):
    report = build_organisation_report(region)

    headings = [b.text for b in report.blocks if isinstance(b, Heading) and b.level == 1]
    assert headings == [
        "Teman",
        "Grupper som nämns",
        "Nationella strategiska områden",
        "Målkonflikter",
        "Andra som arbetar med samma teman",
    ]
    figure = next(b for b in report.blocks if isinstance(b, Figure))
    assert figure.image.startswith(b"\x89PNG") and figure.alt.startswith("Stapeldiagram")
    assert figure.table is not None and figure.table.name == "teman"
    assert any(int(row[2]) > 0 for row in figure.table.rows)
    citations = [s for s in _sources(report) if s.kind == "passage"]
    assert citations and all(s.label.startswith("s.\u00a0") for s in citations)
    page = strategy.passages.get(page=2)
    assert any(s.href.endswith(f"?sida=2#stycke-{page.pk}") for s in citations)
    assert report.author == region.name and region.name in report.title


def test_goal_conflicts_are_quoted_with_their_page(region, strategy):
    report = build_organisation_report(region)
    quotes = [b for b in report.blocks if isinstance(b, Quote)]
    assert any("målkonflikt" in q.text and q.source and q.source.label == "s.\u00a02" for q in quotes)


def test_peers_are_other_organisations_working_on_the_same_theme(region, other_region, strategy):
    make_document(other_region, TRANSPORT, SAMI, title="Grannstrategin", shared=True)
    document_tag(document=other_region.documents.get())
    report = build_organisation_report(region)
    start = next(i for i, b in enumerate(report.blocks) if isinstance(b, Heading) and b.anchor == "andra")
    peers = [b for b in report.blocks[start:] if isinstance(b, BulletList)]
    assert any(other_region.name in p.text for lst in peers for p in lst.items)
    assert any("Grannstrategin, s." in s.label for lst in peers for p in lst.items for s in p.sources)


def test_the_project_report_draws_only_on_documents_the_user_may_see(region, strategy, outsider):
    shared = make_document(region, SAMI, title="Delad plan", shared=True)
    document_tag(document=shared)
    report = build_organisation_report(region, user=outsider)
    assert "Delad plan" in _text(report) and "Östgötastrategin" not in _text(report)
    assert all(
        s.href.split("?")[0].endswith(f"/{shared.pk}/") for s in _sources(report) if s.kind == "passage"
    )


def test_the_public_report_needs_the_organisations_consent_and_holds_shared_documents_only(region, strategy):
    with pytest.raises(ProfileNotPublished):
        build_organisation_report(region, audience="public")
    document_tag(document=make_document(region, SAMI, title="Delad plan", shared=True))
    region.publish_profile = True
    region.save()
    report = build_organisation_report(region, audience="public")
    assert "Delad plan" in _text(report) and "Östgötastrategin" not in _text(report)
    assert all(not s.href for s in _sources(report)), "no links into the platform on the public website"


def test_an_untagged_organisation_gets_a_report_that_says_so(region):
    make_document(region, HEALTH, title="Otaggad")
    report = build_organisation_report(region)
    assert not any(isinstance(b, Figure) for b in report.blocks)
    assert any(isinstance(b, Paragraph) and b.muted and "inte taggade" in b.text for b in report.blocks)
