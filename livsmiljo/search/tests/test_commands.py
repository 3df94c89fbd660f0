import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from livsmiljo.search.tests.test_services import HEALTH, TRAFFIC


def _search(*args: str) -> str:
    out = StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_search_json_prints_the_query_and_hits_with_every_field(make_document, region):
    document = make_document(region, [(1, "Hälsa", HEALTH), (4, "Resor", TRAFFIC)])
    data = json.loads(_search("kollektivtrafiken", "--limit", "1", "--json"))
    assert data["query"] == "kollektivtrafiken"
    assert len(data["hits"]) == 1
    hit = data["hits"][0]
    assert list(hit) == [
        "passage_id", "document_id", "document_title", "file_name", "organisation",
        "page", "heading", "text", "score", "why",
    ]  # fmt: skip
    assert (hit["document_id"], hit["page"], hit["organisation"]) == (document.pk, 4, "Region Östergötland")


def test_search_sees_unshared_documents_of_every_organisation(make_document, region, other_region):
    make_document(region, [(1, "", TRAFFIC)])
    make_document(other_region, [(1, "", TRAFFIC)])
    assert len(json.loads(_search("pendla", "--json"))["hits"]) == 2


def test_search_filters_by_organisation(make_document, region, other_region):
    make_document(region, [(1, "", TRAFFIC)])
    other = make_document(other_region, [(1, "", TRAFFIC)])
    hits = json.loads(_search("pendla", "--organisation", "norrbotten", "--json"))["hits"]
    assert [h["document_id"] for h in hits] == [other.pk]


def test_search_names_an_unknown_organisation(db):
    with pytest.raises(CommandError, match="finns inte"):
        _search("pendla", "--organisation", "Atlantis")


def test_search_prints_readable_lines_without_json(make_document, region):
    make_document(region, [(3, "Resor", TRAFFIC)], title="Länsplan")
    assert "1. Länsplan (Region Östergötland), s. 3 – Resor" in _search("pendla")


def test_the_search_command_skips_the_system_checks_that_slow_every_call():
    from livsmiljo.search.management.commands.search import Command

    assert Command.requires_system_checks == []
