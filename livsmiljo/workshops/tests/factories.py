"""Small builders for workshop tests: a seed meeting, participants, a started meeting with an open poll."""

from livsmiljo.organisations.models import Organisation, User
from livsmiljo.workshops import services
from livsmiljo.workshops.models import Meeting, Participant, Poll


def seed_meeting(
    user: User | None = None, title: str = "Workshop 1", organisations: list | None = None
) -> Meeting:
    project = services.project_create(title="Hållbara livsmiljöer", user=user, organisations=organisations)
    return services.meeting_create(project=project, title=title, user=user, template="seed")


def join(meeting: Meeting, name: str = "", organisation: Organisation | None = None) -> Participant:
    return services.participant_join(code=meeting.join_code, display_name=name, organisation=organisation)


def open_poll(
    meeting: Meeting, kind: str, options: list[str] | None = None, user: User | None = None
) -> Poll:
    poll = Poll.objects.create(meeting=meeting, kind=kind, question="Fråga?", options=options or [])
    return services.poll_open(poll=poll, user=user)
