"""Demo people for the learning project's network (issue 15): made-up colleagues in the three demo regions,
each with a page in their own words, so that the people list, "Ni borde prata" and the network map have
something to show. The demo regions take part in the demo learning project (that is what lets them see each
other); the demo member's own page is filled in too."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from livsmiljo.network.matching import page_vectors_compute
from livsmiljo.network.services import person_page_update
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.workshops.models import Project


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    last_name: str
    organisation: str  # slug of a demo organisation
    role: str
    assignment: str
    curious_about: str
    wants_to_learn: str
    can_contribute: str


MEMBER_PAGE = DemoPerson(
    "norrskog",
    "Nora",
    "Skogsberg",
    "norrskog",
    "Regional utvecklingsstrateg",
    "Jag leder arbetet med att ta fram nästa regionala utvecklingsstrategi.",
    "Hur andra regioner följer upp sina mål för bostäder och service på landsbygden.",
    "Hur man mäter om en strategi gör skillnad för unga som vill bo kvar.",
    "Erfarenhet av dialoger med kommunerna om översiktsplanering.",
)

PEOPLE = (
    DemoPerson(
        "demo-sjoslatt-anna",
        "Anna",
        "Lindqvist",
        "sjoslatt",
        "Analytiker",
        "Jag ansvarar för regionens uppföljning och indikatorer för hållbar utveckling.",
        "Hur kommunerna arbetar med trygghet i offentliga miljöer.",
        "Mer om hur kulturlivet kan bidra till attraktiva orter.",
        "Ett färdigt ramverk för att följa upp mål med indikatorer, och hjälp att sätta mätbara mål.",
    ),
    DemoPerson(
        "demo-sjoslatt-erik",
        "Erik",
        "Holm",
        "sjoslatt",
        "Samhällsplanerare",
        "Jag samordnar den regionala fysiska planeringen och arbetar med förtätning i tätorterna.",
        "Hur andra väger förtätning mot gröna ytor och parker.",
        "Hur klimatanpassning kan bli en del av planeringen från början.",
        "Kunskap om regional fysisk planering och samråd med kommunerna om bostadsförsörjning.",
    ),
    DemoPerson(
        "demo-kustland-fatima",
        "Fatima",
        "Rahimi",
        "kustland",
        "Utvecklingsledare",
        "Jag driver regionens arbete med kompetensförsörjning och vuxenutbildning.",
        "Hur unga på landsbygden kan få tillgång till utbildning och arbete nära hemmet.",
        "Mer om hur man mäter effekter av satsningar på kompetens.",
        "Erfarenhet av samverkan mellan arbetsgivare, kommuner och lärosäten om utbildning.",
    ),
    DemoPerson(
        "demo-kustland-jonas",
        "Jonas",
        "Berg",
        "kustland",
        "Trafikstrateg",
        "Jag arbetar med kollektivtrafik och tillgänglighet i hela regionen.",
        "Hur andra regioner ordnar service och resor på landsbygden.",
        "Mer om hur trafikplaneringen kan bidra till att minska utsläppen.",
        "Kartor och analyser av restider med kollektivtrafik till service och arbete.",
    ),
    DemoPerson(
        "demo-norrskog-lars",
        "Lars",
        "Nyström",
        "norrskog",
        "Folkhälsostrateg",
        "Jag samordnar det regionala folkhälsoarbetet och arbetet mot ojämlik hälsa.",
        "Hur trygghet och goda livsmiljöer påverkar hälsan.",
        "Mer om hur man når grupper som sällan deltar i dialoger.",
        "Metoder för delaktighet och dialog med medborgare, särskilt med unga.",
    ),
)

UserFactory = Callable[..., User]


def demo_network(
    *,
    project: Project,
    organisations: dict[str, Organisation],
    member: User,
    make_user: UserFactory,
    password: str,
    say: Callable[[str], None],
) -> list[User]:
    """Let the demo regions see each other in the project, fill in the demo pages that are still empty and
    make their vectors (a second run leaves pages that have text alone)."""
    project.participants.add(*organisations.values())
    say(_("Fyller i nätverkets demosidor …"))
    people = [(member, MEMBER_PAGE)]
    for person in PEOPLE:
        user = make_user(
            username=person.username,
            password=password,
            organisation=organisations[person.organisation],
            facilitator=False,
            first_name=person.first_name,
            last_name=person.last_name,
        )
        people.append((user, person))
    for user, person in people:
        written = getattr(user, "person_page", None)
        if written is not None and any(getattr(written, f) for f in ("assignment", "curious_about", "role")):
            continue  # written already (or edited by whoever tries the demo): leave it
        page = person_page_update(
            user=user,
            data={
                "role": person.role,
                "assignment": person.assignment,
                "curious_about": person.curious_about,
                "wants_to_learn": person.wants_to_learn,
                "can_contribute": person.can_contribute,
            },
        )
        page_vectors_compute(page_id=page.pk)
    return [user for user, _person in people]
