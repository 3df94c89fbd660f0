"""Background work: generating a meeting's documentation takes the meeting's id and calls the service."""

from django_tasks import task


@task()
def documentation_generate_task(meeting_id: int) -> None:
    from livsmiljo.reports.services import documentation_generate
    from livsmiljo.workshops.models import Meeting

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is not None:  # deleted since it ended: nothing to document
        documentation_generate(meeting=meeting, user=None)
