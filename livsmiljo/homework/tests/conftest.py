import pytest

from livsmiljo.homework.models import Assignment
from livsmiljo.homework.services import assignments_create_from_seed
from livsmiljo.workshops.models import Meeting
from livsmiljo.workshops.services.meetings import meeting_create, project_create

PLAN_TEXT = (
    "Regional plan för hållbara livsmiljöer\n\n"
    + "Regionen satsar på kollektivtrafik, bostäder och bredband så att hela länet kan växa. " * 12
)


@pytest.fixture
def meeting(facilitator) -> Meeting:
    project = project_create(title="Hållbara livsmiljöer", user=facilitator)
    return meeting_create(project=project, title="Workshop 2", user=facilitator, template="tom")


@pytest.fixture
def assignments(meeting, facilitator) -> list[Assignment]:
    return assignments_create_from_seed(meeting=meeting, user=facilitator)


@pytest.fixture
def plan_task(assignments) -> Assignment:
    return assignments[1]


@pytest.fixture
def note_task(assignments) -> Assignment:
    return assignments[3]
