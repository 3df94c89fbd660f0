"""The demo's two meetings for documentation and the website (issue 12): a finished start meeting, run from
check-in to check-out with answers, groups, notes, the matrix, reflections and chat, and documented; and the
upcoming workshop with its invitation published and a few registrations.

Idempotent: the finished meeting is made once (its title in the demo project); the invitation is published
and registrations added only when missing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.matrix.models import Matrix
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import organisation_profile_publish
from livsmiljo.reports.services import documentation_generate
from livsmiljo.workshops import services
from livsmiljo.workshops.models import AgendaBlock, Meeting, Participant, Poll, Registration
from livsmiljo.workshops.services.registration import meeting_invitation_update, registration_save

FINISHED_TITLE = "Startmöte: Vad gör en plats hållbar att leva på? (demo)"
PUBLISHED_PROFILE = "norrskog"
PROJECT_DESCRIPTION = (
    "I lärprojektet arbetar regionerna tillsammans med frågan hur de kan kliva fram för hållbara "
    "livsmiljöer: var människor kan bo, arbeta, må bra och ta sig fram i hela landet. Här finns programmet "
    "för kommande träffar, dokumentationen från de träffar som varit och material som regionerna delar."
)

# (name shown on the phone, organisation slug); the names are made up.
PEOPLE = (
    ("Maja Lindqvist", "norrskog"),
    ("Erik Holm", "norrskog"),
    ("Sara Nyberg", "sjoslatt"),
    ("Jonas Ek", "sjoslatt"),
    ("Lina Berg", "kustland"),
    ("Omar Haddad", "kustland"),
    ("Karin Sund", "norrskog"),
    ("Pekka Niemi", "sjoslatt"),
)
CHECKIN_WORDS = (
    "kollektivtrafik",
    "bostäder",
    "trygghet",
    "kollektivtrafik",
    "kompetens",
    "natur",
    "bostäder",
    "landsbygd",
    "kollektivtrafik",
    "vård nära",
    "trygghet",
    "kultur",
)
REFLECTION_QUESTION = "Vilka möjligheter ser du för din region efter i dag?"
REFLECTIONS = (
    "Att samordna pendlingen över länsgränsen i stället för att planera var för sig.",
    "Vi kan använda de andra regionernas indikatorer för trygghet i vår uppföljning.",
    "Lärcentra finns i alla tre regionerna, vi borde jämföra hur de når dem som saknar utbildning.",
    "Målkonflikten mellan vindkraft och renskötsel behöver tas upp tidigt, inte i tillståndet.",
    "Förtätning nära stationer går att kombinera med gröna gårdar om vi planerar dem samtidigt.",
    "Kulturen saknas ofta i planeringen, men den gör att människor vill stanna kvar.",
    "Vi kan bjuda in kommunerna till nästa workshop så att de regionala målen landar lokalt.",
    "Barn och unga borde få säga sitt innan vi bestämmer var nya bostäder byggs.",
)
CHECKOUT_TEXTS = (
    "Vi bidrar med våra erfarenheter av anropsstyrd trafik.",
    "Jag tar med frågan om trygghet till vår regionala utvecklingsgrupp.",
    "Vi kan dela vår kartläggning av grönområden.",
    "Exempel på hur vi har involverat unga i strategiarbetet.",
    "Vår uppföljning av restider till vårdcentralen.",
    "Nyfikenhet och frågor om hur ni andra arbetar med besöksnäringen.",
    "Vi kan visa hur vi samarbetar med civilsamhället i glesbygden.",
    "Jag bidrar med våra lärdomar från förtätningen kring stationen.",
)
NOTES = (
    "Pendling och kollektivtrafik över länsgränserna",
    "Kvällsturer så att unga kan ta sig till fritidsaktiviteter",
    "Bostäder för dem som flyttar hit för nya jobb",
    "Förtätning utan att förlora grönområden",
    "Lärcentra som når dem som inte har gymnasieexamen",
    "Trygghet i centrum och vid stationerna",
    "Vård nära invånarna med mobila team",
    "Natur och friluftsliv som del av folkhälsan",
    "Kollektivtrafik på landsbygden med anropsstyrd trafik",
)
CHAT = (
    ("Maja Lindqvist", "Var hittar vi presentationen från i förmiddags?"),
    ("Sara Nyberg", "Tack för en bra dag, vi ses i nästa workshop!"),
)

Say = Callable[[str], None]


def demo_meetings(
    *, project_meeting: Meeting, facilitator: User, member: User, matrix: Matrix, say: Say
) -> Meeting:
    """The finished meeting (made once) and the upcoming one's invitation and registrations."""
    finished = Meeting.objects.filter(project=project_meeting.project, title=FINISHED_TITLE).first()
    if finished is None:
        say(_("Skapar ett avslutat demomöte med dokumentation …"))
        finished = _finished_meeting(project_meeting, facilitator, matrix)
        project = project_meeting.project
        if not project.description:
            project.description = PROJECT_DESCRIPTION
            project.save(update_fields=["description"])
        organisation_profile_publish(
            organisation=Organisation.objects.get(slug=PUBLISHED_PROFILE), user=facilitator, publish=True
        )
    _invitation(project_meeting, facilitator, member)
    return finished


@transaction.atomic
def _finished_meeting(upcoming: Meeting, facilitator: User, matrix: Matrix) -> Meeting:
    meeting = services.meeting_create(
        project=upcoming.project,
        title=FINISHED_TITLE,
        user=facilitator,
        template="seed",
        starts_at=_weeks_ago(3),
        place="Stockholm, Reglab",
    )
    matrix_block = _matrix_block(meeting, facilitator)
    reflection = meeting.blocks.filter(kind=AgendaBlock.Kind.REFLECTION).first()
    services.poll_create(
        meeting=meeting,
        user=facilitator,
        kind=Poll.Kind.OPEN_TEXT,
        question=REFLECTION_QUESTION,
        block=reflection,
    )
    people = [_join(meeting, name, slug) for name, slug in PEOPLE]
    services.meeting_start(meeting=meeting, user=facilitator)
    _answer(meeting, facilitator, people)
    _board(meeting, facilitator, people)
    for name, text in CHAT:
        services.chat_post(
            meeting=meeting, participant=next(p for p in people if p.display_name == name), text=text
        )
    matrix.block = matrix.block or matrix_block
    matrix.public = True  # so the website shows a matrix on first start
    matrix.save(update_fields=["block", "public"])
    services.meeting_end(meeting=meeting, user=facilitator)
    _as_planned(meeting)
    documentation_generate(meeting=meeting, user=facilitator)
    return meeting


def _matrix_block(meeting: Meeting, facilitator: User) -> AgendaBlock:
    """A matrix block right after the group dialogue, where the seed talks about goal conflicts."""
    block = services.block_add(
        meeting=meeting,
        user=facilitator,
        kind=AgendaBlock.Kind.MATRIX,
        title="Målkonflikter i våra strategier",
        duration_minutes=20,
    )
    dialogue = meeting.blocks.filter(kind=AgendaBlock.Kind.GROUP_DIALOGUE).first()
    if dialogue is not None:
        later = meeting.blocks.filter(order__gt=dialogue.order).exclude(pk=block.pk)
        for other in later.order_by("-order"):
            AgendaBlock.objects.filter(pk=other.pk).update(order=other.order + 1)
        block.order = dialogue.order + 1
        block.save(update_fields=["order"])
    return block


def _join(meeting: Meeting, name: str, slug: str) -> Participant:
    organisation = Organisation.objects.filter(slug=slug).first()
    return services.participant_join(code=meeting.join_code, display_name=name, organisation=organisation)


def _answer(meeting: Meeting, facilitator: User, people: list[Participant]) -> None:
    """Every poll of the meeting answered: words at check-in, mood and texts at check-out, reflections."""
    for poll in meeting.polls.all():
        services.poll_open(poll=poll, user=facilitator)
        for i, person in enumerate(people):
            services.response_submit(poll=poll, participant=person, value=_value(poll, i))
            if poll.kind == Poll.Kind.WORDCLOUD:
                services.response_submit(poll=poll, participant=person, value=CHECKIN_WORDS[(i + 5) % 12])
        services.poll_close(poll=poll, user=facilitator)


def _value(poll: Poll, i: int) -> str:
    if poll.kind == Poll.Kind.WORDCLOUD:
        return CHECKIN_WORDS[i % len(CHECKIN_WORDS)]
    if poll.options:
        return poll.options[(i * 3) % len(poll.options) if i % 3 else 0]
    texts = REFLECTIONS if poll.question == REFLECTION_QUESTION else CHECKOUT_TEXTS
    return texts[i % len(texts)]


def _board(meeting: Meeting, facilitator: User, people: list[Participant]) -> None:
    dialogue = meeting.blocks.filter(kind=AgendaBlock.Kind.GROUP_DIALOGUE).first()
    if dialogue is None:
        return
    services.groups_form(block=dialogue, user=facilitator, size=3)
    services.meeting_goto(meeting=meeting, user=facilitator, block=dialogue)
    notes = [
        services.note_create(participant=people[i % len(people)], text=text, meeting=meeting)
        for i, text in enumerate(NOTES)
    ]
    for i, person in enumerate(people):
        services.note_vote(note=notes[i % 3], participant=person)
    hidden = services.note_create(participant=people[0], text="Testlapp, skrev fel", meeting=meeting)
    services.note_hide(note=hidden, user=facilitator)


def _as_planned(meeting: Meeting) -> None:
    """The demo ran in a second; give its blocks the times of a day three weeks ago, a little late as
    real meetings are."""
    assert meeting.starts_at is not None
    start = meeting.starts_at
    for block in meeting.blocks.order_by("order"):
        late = timedelta(minutes=2 if block.kind == AgendaBlock.Kind.GROUP_DIALOGUE else 0)
        block.started_at, block.ended_at = start, start + block.duration + late
        block.save(update_fields=["started_at", "ended_at"])
        start = block.ended_at
    Meeting.objects.filter(pk=meeting.pk).update(ended_at=start)


def _weeks_ago(weeks: int) -> datetime:
    day = timezone.localdate() - timedelta(weeks=weeks)
    return timezone.make_aware(datetime.combine(day, time(9, 30)))


# -- the upcoming meeting's invitation ------------------------------------------------------------------

WELCOME = "Välkommen till workshop 1! Vi fortsätter med regionernas strategier och målkonflikterna."
PRACTICAL = (
    "Mötet hålls digitalt. Länken kommer i inbjudan till lärprojektets medlemmar.\n\n"
    "Ta med er regionala utvecklingsstrategi och en plan som berör hållbara livsmiljöer."
)
REGISTRANTS = (("norrskog", "Nora Skogsberg", ""), ("sjoslatt", "Sara Nyberg", "vegetarisk"))


def _invitation(meeting: Meeting, facilitator: User, member: User) -> None:
    if not meeting.invitation_published:
        starts = meeting.starts_at or timezone.now() + timedelta(days=7)
        meeting_invitation_update(
            meeting=meeting,
            user=facilitator,
            invitation_published=True,
            registration_open=True,
            registration_deadline=starts - timedelta(days=2),
            welcome_text=WELCOME,
            practical_information=PRACTICAL,
            online_link="https://mote.example.org/livsmiljo-demo",
        )
    if meeting.registrations.exists():
        return
    for slug, name, diet in REGISTRANTS:
        user = member if member.organisation and member.organisation.slug == slug else _registrant(slug)
        registration_save(
            meeting=meeting,
            user=user,
            name=name,
            attendance=Registration.Attendance.ONLINE,
            dietary_needs=diet,
        )


def _registrant(slug: str) -> User:
    """A login-less demo user of the organisation, so the registration list has more than one name."""
    organisation = Organisation.objects.get(slug=slug)
    user, created = User.objects.get_or_create(
        username=f"demo-{slug}", defaults={"organisation": organisation, "first_name": "Demo"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
