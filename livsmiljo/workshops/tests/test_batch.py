import pytest

from livsmiljo.workshops import services
from livsmiljo.workshops.models import BoardNote, Response
from livsmiljo.workshops.services.batch import NoteItem, VoteItem, notes_create_many, responses_submit_many
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.django_db


def test_a_batch_saves_every_valid_answer_and_reports_each_error(facilitator):
    meeting = seed_meeting(facilitator)
    scale = open_poll(meeting, "skala", ["1", "2", "3"])
    cloud = open_poll(meeting, "ordmoln")
    anna, bo = join(meeting), join(meeting)
    results = responses_submit_many(
        items=[
            VoteItem(anna, scale.pk, 1, "a1"),
            VoteItem(anna, scale.pk, 3, "a2"),  # replaces anna's first answer
            VoteItem(bo, scale.pk, 7, "b1"),
            VoteItem(bo, cloud.pk, "samverkan", "b2"),
            VoteItem(bo, cloud.pk, "samverkan", "b2"),  # the same nonce twice counts once
            VoteItem(bo, "x", "?", "b3"),
        ]
    )
    assert results[:2] == [scale.pk, scale.pk]
    assert results[2] == "Välj ett av svarsalternativen."
    assert results[5] == "Frågan finns inte. Ladda om sidan."
    assert list(Response.objects.filter(poll=scale).values_list("value", flat=True)) == ["3"]
    assert Response.objects.filter(poll=cloud).count() == 1


def test_a_later_batch_replaces_a_single_answer_and_keeps_earlier_word_cloud_answers(facilitator):
    meeting = seed_meeting(facilitator)
    scale, cloud = open_poll(meeting, "skala", ["1", "2"]), open_poll(meeting, "ordmoln")
    anna = join(meeting)
    responses_submit_many(
        items=[VoteItem(anna, scale.pk, 1, "a"), VoteItem(anna, cloud.pk, "trygghet", "c1")]
    )
    responses_submit_many(items=[VoteItem(anna, scale.pk, 2, "b"), VoteItem(anna, cloud.pk, "skola", "c2")])
    assert list(Response.objects.filter(poll=scale).values_list("value", flat=True)) == ["2"]
    assert Response.objects.filter(poll=cloud).count() == 2


def test_batched_notes_go_to_each_participants_group(facilitator, region, other_region):
    meeting = seed_meeting(facilitator)
    anna, bo = join(meeting, "Anna", region), join(meeting, "Bo", other_region)
    dialogue = meeting.blocks.get(kind="gruppdialog")
    services.meeting_goto(meeting=meeting, user=facilitator, block=dialogue)
    groups = services.groups_form(block=dialogue, user=facilitator, size=2)
    results = notes_create_many(meeting_id=meeting.pk, items=[NoteItem(anna, "Lärande"), NoteItem(bo, "  ")])
    assert results[1] == "Skriv något innan du skickar."
    assert BoardNote.objects.get(pk=results[0]).group == groups[0]
