import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from livsmiljo.documents.models import Document, DocumentKind, IngestionFile
from livsmiljo.homework.models import Assignment, Audience, Submission
from livsmiljo.homework.selectors import assignment_organisations
from livsmiljo.homework.services import (
    assignment_create,
    assignment_delete,
    assignment_update,
    assignments_create_from_seed,
    submission_create,
)
from livsmiljo.homework.tests.conftest import PLAN_TEXT
from livsmiljo.organisations.models import AuditEntry, Organisation

pytestmark = pytest.mark.django_db


def test_the_seed_gives_four_tasks_with_the_right_document_kinds(assignments):
    assert [a.kind for a in assignments] == [
        DocumentKind.RUS,
        DocumentKind.PLAN,
        DocumentKind.STEERING,
        DocumentKind.NOTE,
    ]
    assert [a.audience for a in assignments] == [
        Audience.REGIONS,
        Audience.REGIONS,
        Audience.NATIONAL,
        Audience.ALL,
    ]
    assert "RUS" in assignments[0].title
    assert AuditEntry.objects.filter(action="assignment.create").count() == 4


def test_creating_the_seed_tasks_twice_adds_nothing(meeting, facilitator, assignments):
    assert assignments_create_from_seed(meeting=meeting, user=facilitator) == []
    assert meeting.assignments.count() == 4


def test_regional_tasks_are_for_the_regions_and_the_steering_document_for_national_actors(assignments):
    rus, _plan, steering, note = assignments
    regions = {o.slug for o in assignment_organisations(rus)}
    assert len(regions) == 16
    assert "tillvaxtverket" not in regions
    assert {o.slug for o in assignment_organisations(steering)} == {"tillvaxtverket"}
    assert len(assignment_organisations(note)) == 22  # a task for everyone includes the partners (issue 10)


def test_hand_picked_organisations_override_the_audience(meeting, facilitator, region):
    assignment = assignment_create(
        meeting=meeting, user=facilitator, title="Skicka er trafikplan", organisations=[region]
    )
    assert assignment_organisations(assignment) == [region]


def test_only_facilitators_create_assignments(meeting, owner):
    with pytest.raises(PermissionDenied):
        assignment_create(meeting=meeting, user=owner, title="Något")
    assert not Assignment.objects.exists()


def test_an_assignment_needs_a_title_and_a_known_kind(meeting, facilitator):
    with pytest.raises(ValidationError):
        assignment_create(meeting=meeting, user=facilitator, title="  ")
    with pytest.raises(ValidationError):
        assignment_create(meeting=meeting, user=facilitator, title="Något", kind="roman")


def test_a_facilitator_updates_an_assignment(plan_task, facilitator, region):
    assignment_update(
        assignment=plan_task,
        user=facilitator,
        title="Ny titel",
        instructions="Gör så här.",
        kind=DocumentKind.STEERING,
        audience=Audience.ALL,
        organisations=[region],
        due_date=None,
    )
    plan_task.refresh_from_db()
    assert (plan_task.title, plan_task.kind) == ("Ny titel", DocumentKind.STEERING)
    assert list(plan_task.organisations.all()) == [region]


def test_an_assignment_with_submissions_cannot_be_deleted(note_task, facilitator, owner):
    submission_create(assignment=note_task, user=owner, text="Vi arbetar med trygga miljöer.")
    with pytest.raises(ValidationError):
        assignment_delete(assignment=note_task, user=facilitator)
    assert Assignment.objects.filter(pk=note_task.pk).exists()


def test_an_assignment_without_submissions_can_be_deleted(note_task, facilitator):
    assignment_delete(assignment=note_task, user=facilitator)
    assert not Assignment.objects.filter(pk=note_task.pk).exists()


def test_a_file_handed_in_becomes_a_document_of_the_organisation_and_kind(
    plan_task, owner, region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [submission] = submission_create(
            assignment=plan_task,
            user=owner,
            files=[("trafikplan.txt", ContentFile(PLAN_TEXT.encode(), name="trafikplan.txt"))],
            year=2024,
        )
    submission.refresh_from_db()
    document = submission.library_document
    assert document is not None
    assert (document.organisation, document.kind, document.year) == (region, DocumentKind.PLAN, 2024)
    assert document.shared
    assert document.passages.exists()
    assert submission.file_name == "trafikplan.txt"
    assert not submission.failed


def test_a_short_text_is_kept_and_becomes_a_searchable_note(
    note_task, owner, region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [submission] = submission_create(
            assignment=note_task,
            user=owner,
            text="- Vi har ett råd för landsbygdsutveckling.\n- Vi mäter trygghet.",
        )
    submission.refresh_from_db()
    assert submission.text.startswith("- Vi har ett råd")
    document = submission.library_document
    assert document is not None
    assert (document.organisation, document.kind) == (region, DocumentKind.NOTE)
    assert "landsbygdsutveckling" in " ".join(p.text for p in document.passages.all())


def test_files_and_text_together_give_one_submission_each(plan_task, owner):
    submissions = submission_create(
        assignment=plan_task,
        user=owner,
        files=[("a.txt", b"Plan A " * 50), ("b.md", b"# Plan B\n\n" + b"text " * 50)],
        text="Kommentar till planerna.",
    )
    assert sorted(s.file_name for s in submissions if not s.text) == ["a.txt", "b.md"]
    assert Submission.objects.filter(assignment=plan_task).count() == 3


def test_a_broken_file_is_marked_failed_with_a_swedish_message(
    plan_task, owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        [submission] = submission_create(
            assignment=plan_task, user=owner, files=[("plan.pdf", b"%PDF-1.7\n" + b"\x00trasig" * 50)]
        )
    submission.refresh_from_db()
    assert submission.failed
    found = IngestionFile.objects.get(run=submission.run)
    assert found.error  # the documents app's Swedish explanation
    assert not Document.objects.exists()


def test_nothing_handed_in_is_refused(plan_task, owner):
    with pytest.raises(ValidationError, match="minst en fil"):
        submission_create(assignment=plan_task, user=owner, files=[], text="   ")
    assert not Submission.objects.exists()


def test_an_organisation_the_task_is_not_for_cannot_hand_in(assignments, owner):
    steering = assignments[2]  # for national actors; the owner is a region
    with pytest.raises(PermissionDenied):
        submission_create(assignment=steering, user=owner, text="Vårt styrdokument")
    assert not Submission.objects.exists()


def test_a_facilitator_hands_in_on_behalf_of_an_organisation(note_task, facilitator, other_region):
    [submission] = submission_create(
        assignment=note_task, user=facilitator, text="Inskickat per e-post.", organisation=other_region
    )
    assert submission.organisation == other_region


def test_a_member_cannot_hand_in_for_another_organisation(note_task, owner, other_region):
    [submission] = submission_create(
        assignment=note_task, user=owner, text="Våra punkter", organisation=other_region
    )
    assert submission.organisation == owner.organisation


def test_a_too_long_text_is_refused_with_advice(note_task, owner):
    with pytest.raises(ValidationError, match="fil i stället"):
        submission_create(assignment=note_task, user=owner, text="ord " * 6000)


def test_a_submission_is_audited(note_task, owner):
    submission_create(assignment=note_task, user=owner, text="Våra punkter")
    entry = AuditEntry.objects.get(action="submission.create")
    assert entry.data["organisation"] == owner.organisation.slug


def test_only_tillvaxtverket_is_a_national_actor_by_default():
    assert list(
        Organisation.objects.filter(kind=Organisation.Kind.AGENCY).values_list("slug", flat=True)
    ) == ["tillvaxtverket"]
