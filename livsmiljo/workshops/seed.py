"""The seed workshop as a meeting template: the agenda, polls and dialogue steps of Reglab's slides."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class PollSpec:
    kind: str
    question: str
    options: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class StepSpec:
    title: str
    instruction: str
    duration_minutes: int
    per_person: bool = False
    writes_board: bool = False


@dataclass(frozen=True)
class BlockSpec:
    kind: str
    title: str
    description: str
    duration_minutes: int
    polls: list[PollSpec] = field(default_factory=list)
    steps: list[StepSpec] = field(default_factory=list)


def mood_options() -> list[str]:
    return [_("Inspirerad"), _("Nyfiken"), _("Nöjd"), _("Fundersam"), _("Trött")]


def dialogue_steps() -> list[StepSpec]:
    """The seed's group-dialogue script: each step has its own timer."""
    return [
        StepSpec(_("Individuellt"), _("Fundera över vad du vill lära dig mer av."), 2),
        StepSpec(
            _("Laget runt"),
            _("Berätta för varandra vad du vill lära dig mera av – laget runt, 1 minut per person."),
            1,
            per_person=True,
        ),
        StepSpec(
            _("Samtal"),
            _("Samtala i gruppen och kom fram till högst tre områden ni anser är särskilt viktiga."),
            10,
        ),
        StepSpec(_("Skriv på tavlan"), _("Skriv ned era områden på tavlan."), 5, writes_board=True),
    ]


def seed_blocks() -> list[BlockSpec]:
    return [
        BlockSpec(
            "information",
            _("Reglabs samtal"),
            _(
                "Vi tar tillsammans ansvar för lärprocessen.\n"
                "Värdesätt olikhet – andras perspektiv.\n"
                "Var generös!\n"
                "Ha respekt för varandra och det du får höra i gruppen."
            ),
            5,
        ),
        BlockSpec(
            "incheckning",
            _("Incheckning"),
            _(
                "Presentera er för varandra! Uppdrag just nu och något du är särskilt nyfiken på "
                "kopplat till hållbara livsmiljöer."
            ),
            15,
            polls=[
                PollSpec("ordmoln", _("Vad är du särskilt nyfiken på kopplat till hållbara livsmiljöer?"))
            ],
        ),
        BlockSpec(
            "foredrag",
            _("När alla vill bidra till hållbara livsmiljöer – lärdomar"),
            _(
                "Albert Edman, senior projektledare, RISE, fokusområdesledare, Städer och samhällen i "
                "förändring och internationell strateg, Viable Cities"
            ),
            30,
        ),
        BlockSpec("paus", _("Paus"), "", 15),
        BlockSpec(
            "information",
            _("Exempel på målkonflikter för regionerna"),
            _(
                "Investera i människors hälsa, välbefinnande och utveckling, trots att det är osäkert om "
                "investeringarna lönar sig på kort sikt och att vinsten tillfaller den som investerar.\n"
                "Utveckla infrastruktur och kollektivtrafik, tillgängliggöra för utbildning, kultur, arbete "
                "och hälso- och sjukvård som möter alla människors behov, oavsett var de bor, särskilt "
                "för de grupper, och de delar av län/landet som har det allra svårast.\n"
                "Ta hänsyn till människorna, klimatet och naturen i samband med den omvandling och tillväxt "
                "som sker i vissa delar av landet – samtidigt med de förväntningar som hög inflyttning, "
                "etablering av företag och växande besöksnäring skapar."
            ),
            10,
        ),
        BlockSpec(
            "gruppdialog",
            _("Gruppdialog: Det här vill jag lära mig mera om"),
            _(
                "Utifrån lärprojektets utgångspunkter, ram och innehåll! Kom ihåg att ingen ska lämnas "
                "utanför och att ha ett helhetsperspektiv!"
            ),
            20,
            steps=dialogue_steps(),
        ),
        BlockSpec("reflektion", _("Reflektioner i helgrupp"), _("Vilka möjligheter ser jag?"), 15),
        BlockSpec(
            "information",
            _("Nästa träff och hemuppgift"),
            _(
                "Inför nästa workshop: ta med din RUS och fundera på hur den lyfter hållbara livsmiljöer, "
                "en underliggande strategi eller plan, ett styrdokument som särskilt berör hållbara "
                "livsmiljöer, och några punkter om hur du och din organisation arbetar med hållbara "
                "livsmiljöer i dag."
            ),
            5,
        ),
        BlockSpec(
            "utcheckning",
            _("Utcheckning"),
            _("Hur känns det just nu? Det här vill jag/vi bidra med!"),
            10,
            polls=[
                PollSpec("humor", _("Hur känns det just nu?"), mood_options()),
                PollSpec("fritext", _("Det här vill jag/vi bidra med!")),
            ],
        ),
    ]


TEMPLATES = {"seed": seed_blocks, "tom": list}
