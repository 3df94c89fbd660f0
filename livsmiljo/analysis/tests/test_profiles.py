import pytest

from livsmiljo.analysis.profiles import profile_build
from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.factories import HEALTH, make_document

pytestmark = pytest.mark.django_db


def test_a_group_lists_each_page_once_and_in_order(region):
    document = make_document(region, HEALTH, HEALTH, HEALTH, HEALTH, HEALTH)
    for passage, page in zip(document.passages.order_by("ordinal"), [2, 1, 1, 2, 1], strict=True):
        passage.page = page
        passage.save(update_fields=["page"])
    document_tag(document=document)

    profile = profile_build(title=document.title, documents=[document])

    children = next(g for g in profile.groups_named if g.name == "Barn och unga")
    assert children.count == 5
    assert [p.page for p in children.passages] == [1, 2]
