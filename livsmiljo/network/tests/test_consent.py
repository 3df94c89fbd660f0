"""Saving an answer from a meeting's phone to one's page: only with the tick, only one's own phone."""

import pytest
from django.test import Client
from django.urls import reverse

from livsmiljo.network.models import PersonPage, SavedAnswer
from livsmiljo.network.services import answer_field, saved_answer_remove
from livsmiljo.organisations.models import AuditEntry, User
from livsmiljo.workshops import services as workshops
from livsmiljo.workshops.models import AgendaBlock, Meeting, Participant, Poll

pytestmark = pytest.mark.django_db

F = SavedAnswer.Field
CHECKIN_QUESTION = "Vad är du särskilt nyfiken på kopplat till hållbara livsmiljöer?"


@pytest.fixture(autouse=True)
def _quick_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def meeting(facilitator, region) -> Meeting:
    """The seed meeting of alice's project, started and at its check-in (whose word cloud is open)."""
    project = workshops.project_create(title="Hållbara livsmiljöer", user=facilitator, organisations=[region])
    meeting = workshops.meeting_create(project=project, title="Workshop 1", user=facilitator, template="seed")
    checkin = meeting.blocks.get(kind=AgendaBlock.Kind.CHECKIN)
    return workshops.meeting_goto(meeting=meeting, user=facilitator, block=checkin)


def _as(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _phone(meeting: Meeting, user: User | None) -> Participant:
    return workshops.participant_join(code=meeting.join_code, display_name="Alice", user=user)


def _save(client: Client, participant: Participant, **data: str):
    return client.post(reverse("network:answer_save", args=[participant.token]), data)


def _checkin_poll(meeting: Meeting) -> Poll:
    return meeting.polls.get(block__kind=AgendaBlock.Kind.CHECKIN, kind=Poll.Kind.WORDCLOUD)


@pytest.mark.parametrize(
    ("question", "kind", "field"),
    [
        (CHECKIN_QUESTION, "incheckning", F.CURIOUS),
        ("Presentera dig: ditt uppdrag just nu", "incheckning", F.ASSIGNMENT),
        ("Gruppdialog: Det här vill jag lära mig mera om Individuellt", "gruppdialog", F.LEARN),
        ("Fundera över vad du vill lära dig mer av.", "gruppdialog", F.LEARN),
        ("Det här vill jag/vi bidra med!", "utcheckning", F.CONTRIBUTE),
        ("Samtal i gruppen om viktiga områden", "gruppdialog", F.CURIOUS),
    ],
)
def test_an_answer_goes_to_the_field_its_question_asks_about(question, kind, field):
    assert answer_field(question=question, block_kind=kind) == field


def test_nothing_is_saved_without_the_tick(meeting, owner):
    participant = _phone(meeting, owner)
    poll = _checkin_poll(meeting)
    workshops.response_submit(poll=poll, participant=participant, value="Grönstruktur")

    response = _save(_as(owner), participant, text="Grönstruktur", poll=str(poll.pk))

    assert response.status_code == 400 and "Kryssa i rutan" in response.json()["message"]
    assert not SavedAnswer.objects.exists()
    assert not PersonPage.objects.filter(user=owner).exists()


def test_a_ticked_check_in_answer_is_appended_to_the_page_and_recorded_with_its_meeting(meeting, owner):
    participant = _phone(meeting, owner)
    poll = _checkin_poll(meeting)
    client = _as(owner)

    first = _save(client, participant, consent="1", text="Grönstruktur", poll=str(poll.pk))
    second = _save(client, participant, consent="1", text=" Vattenfrågor ", poll=str(poll.pk))

    assert first.status_code == 200 and first.json()["ok"] is True and second.status_code == 200
    page = PersonPage.objects.get(user=owner)
    assert page.curious_about == "Grönstruktur\nVattenfrågor" and page.assignment == ""
    answers = list(page.saved_answers.order_by("id"))
    assert [a.text for a in answers] == ["Grönstruktur", "Vattenfrågor"]
    assert {(a.field, a.meeting_id, a.source) for a in answers} == {(F.CURIOUS, meeting.pk, CHECKIN_QUESTION)}
    assert AuditEntry.objects.filter(action="network.answer_save", user=owner).count() == 2


def test_a_dialogue_note_is_saved_to_what_the_person_wants_to_learn(meeting, owner, facilitator):
    dialogue = meeting.blocks.get(kind=AgendaBlock.Kind.GROUP_DIALOGUE)
    workshops.meeting_goto(meeting=meeting, user=facilitator, block=dialogue)
    workshops.dialogue_step(meeting=meeting, user=facilitator, direction=1)
    participant = _phone(meeting, owner)

    response = _save(_as(owner), participant, consent="1", text="Mäta social hållbarhet")

    assert response.status_code == 200
    answer = SavedAnswer.objects.get()
    assert answer.field == F.LEARN and answer.source.startswith(dialogue.title)
    assert PersonPage.objects.get(user=owner).wants_to_learn == "Mäta social hållbarhet"


def test_answers_that_are_not_a_check_in_text_or_a_dialogue_note_are_refused(meeting, owner, facilitator):
    participant = _phone(meeting, owner)
    client = _as(owner)
    scale = Poll.objects.create(
        meeting=meeting, block=_checkin_poll(meeting).block, kind="skala", question="Hur?"
    )
    talk = meeting.blocks.get(kind=AgendaBlock.Kind.TALK)
    in_a_talk = Poll.objects.create(meeting=meeting, block=talk, kind="fritext", question="Frågor?")
    other = workshops.meeting_create(
        project=meeting.project, title="Annat", user=facilitator, template="seed"
    )

    for poll in (scale, in_a_talk, _checkin_poll(other)):
        assert _save(client, participant, consent="1", text="3", poll=str(poll.pk)).status_code == 400
    assert _save(client, participant, consent="1", text="En lapp utanför dialogen").status_code == 400
    assert _save(client, participant, consent="1", text="x", poll="²").status_code == 400
    assert (
        _save(client, participant, consent="1", text="   ", poll=str(_checkin_poll(meeting).pk)).status_code
        == 400
    )
    assert not SavedAnswer.objects.exists()


def test_someone_elses_phone_saves_nothing_and_answers_404(meeting, owner, member, outsider):
    participant = _phone(meeting, owner)
    poll = _checkin_poll(meeting)

    for stranger in (member, outsider):
        response = _save(_as(stranger), participant, consent="1", text="Intrång", poll=str(poll.pk))
        assert response.status_code == 404
    assert not SavedAnswer.objects.exists()
    assert not PersonPage.objects.exists()


def test_an_anonymous_phone_is_sent_to_the_login_and_saves_nothing(meeting, client):
    participant = _phone(meeting, None)

    response = _save(client, participant, consent="1", text="Anonymt", poll=str(_checkin_poll(meeting).pk))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not SavedAnswer.objects.exists()


def test_joining_while_signed_in_links_the_phone_to_the_person(meeting, owner):
    client = _as(owner)
    response = client.post(reverse("workshops:join"), {"code": meeting.join_code, "display_name": "Alice"})
    anonymous = Client().post(reverse("workshops:join"), {"code": meeting.join_code, "display_name": "Anon"})

    assert response.status_code == 302 and anonymous.status_code == 302
    assert Participant.objects.get(display_name="Alice").user == owner
    assert Participant.objects.get(display_name="Anon").user is None


def test_a_phone_that_joined_before_signing_in_is_claimed_by_the_person_who_saves_from_it(meeting, owner):
    participant = _phone(meeting, None)

    response = _save(
        _as(owner), participant, consent="1", text="Cykelvägar", poll=str(_checkin_poll(meeting).pk)
    )

    assert response.status_code == 200
    participant.refresh_from_db()
    assert participant.user == owner and SavedAnswer.objects.get().page.user == owner


def test_the_phone_shows_the_tick_unticked_with_what_is_kept_and_who_sees_it(meeting, owner):
    participant = _phone(meeting, owner)

    body = _as(owner).get(reverse("workshops:participant", args=[participant.token])).content.decode()

    assert "Spara mitt svar på min sida i nätverket" in body
    assert 'type="checkbox" id="network-consent-poll"' in body and "checked" not in body
    assert "svarets text och mötets namn" in body and "deltagarna i lärprojektet" in body
    assert reverse("network:answer_save", args=[participant.token]) in body


def test_a_phone_not_signed_in_offers_a_login_that_returns_to_the_phone(meeting, client):
    participant = _phone(meeting, None)
    phone_url = reverse("workshops:participant", args=[participant.token])

    body = client.get(phone_url).content.decode()

    assert "Logga in för att spara svar på din sida" in body
    assert f"{reverse('login')}?next={phone_url}" in body
    assert "network-consent-poll" not in body


def test_removing_a_saved_answer_takes_only_that_line_from_the_page(meeting, owner):
    participant = _phone(meeting, owner)
    client = _as(owner)
    poll = str(_checkin_poll(meeting).pk)
    for text in ("Grönstruktur", "Vatten", "Skog"):
        _save(client, participant, consent="1", text=text, poll=poll)

    saved_answer_remove(answer=SavedAnswer.objects.get(text="Vatten"), user=owner)

    assert PersonPage.objects.get(user=owner).curious_about == "Grönstruktur\nSkog"
    assert list(SavedAnswer.objects.values_list("text", flat=True).order_by("id")) == ["Grönstruktur", "Skog"]


def test_min_sida_lists_the_saved_answers_with_meeting_and_date_each_with_a_remove_button(meeting, owner):
    participant = _phone(meeting, owner)
    client = _as(owner)
    _save(client, participant, consent="1", text="Grönstruktur", poll=str(_checkin_poll(meeting).pk))
    answer = SavedAnswer.objects.get()

    body = client.get(reverse("network:my_page")).content.decode()

    assert "Grönstruktur" in body and "Workshop 1" in body
    assert answer.created_at.date().isoformat() in body
    assert reverse("network:answer_remove", args=[answer.pk]) in body
