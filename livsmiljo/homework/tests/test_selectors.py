import pytest

from livsmiljo.homework.selectors import Status, status_table, submission_status, submissions_visible_to
from livsmiljo.homework.services import submission_create

pytestmark = pytest.mark.django_db


def _cell(meeting, organisation, assignment):
    row = next(r for r in status_table(meeting).rows if r.organisation == organisation)
    return next(c for c in row.cells if c.assignment == assignment)


def test_a_file_still_being_read_counts_as_handed_in(plan_task, owner, region):
    [submission] = submission_create(assignment=plan_task, user=owner, files=[("plan.txt", b"Plan " * 80)])
    assert submission_status(submission) == Status.PROCESSING
    assert _cell(plan_task.meeting, region, plan_task).status == Status.HANDED_IN


def test_an_organisation_whose_only_file_failed_shows_as_failed(
    plan_task, owner, region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission_create(assignment=plan_task, user=owner, files=[("plan.pdf", b"%PDF-1.4 trasig")])
    assert _cell(plan_task.meeting, region, plan_task).status == Status.FAILED


def test_tasks_not_meant_for_an_organisation_are_marked_as_such(assignments, meeting, region):
    steering = assignments[2]
    assert _cell(meeting, region, steering).status == Status.NOT_EXPECTED
    assert _cell(meeting, region, assignments[0]).status == Status.MISSING


def test_a_row_counts_what_is_done_out_of_what_is_expected(note_task, owner, region):
    submission_create(assignment=note_task, user=owner, text="Punkter")
    row = next(r for r in status_table(note_task.meeting).rows if r.organisation == region)
    assert (row.done, row.expected) == (1, 3)


def test_members_see_their_own_and_shared_submissions_only(note_task, owner, outsider, member):
    [own] = submission_create(assignment=note_task, user=outsider, text="Egen", shared=False)
    [hidden] = submission_create(assignment=note_task, user=owner, text="Intern", shared=False)
    [shared] = submission_create(assignment=note_task, user=owner, text="Delad", shared=True)
    assert set(submissions_visible_to(outsider, note_task.meeting)) == {own, shared}
    assert set(submissions_visible_to(member, note_task.meeting)) == {hidden, shared}
