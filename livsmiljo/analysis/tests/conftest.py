import pytest

from livsmiljo.analysis.services import document_tag
from livsmiljo.analysis.tests.factories import CONFLICT, HEALTH, SAMI, TRANSPORT, make_document

SECRET = "Hemliga planer för en ny spårväg till hamnen diskuteras med kommunerna i länet."


@pytest.fixture
def private_document(region):
    """An unshared strategy of the owner's region, tagged."""
    document = make_document(region, TRANSPORT, CONFLICT, HEALTH, title="Östgötastrategin")
    document_tag(document=document)
    return document


@pytest.fixture
def other_private_document(other_region):
    """An unshared strategy of the outsider's region, tagged; the owner must never see it."""
    document = make_document(other_region, SECRET, SAMI, title="Norrbottens hemliga plan")
    document_tag(document=document)
    return document
