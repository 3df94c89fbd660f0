"""The demo's goal-conflict matrix: eight goals drawn from the three demo strategies, scored by the Norrskog
login and four participants of the demo meeting, with some disagreement and a few agreed cells, so the
analysis shows conflicts and a cluster on first start.

Idempotent: a matrix with the demo title in the demo project is left as it is.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from livsmiljo.matrix.models import Matrix
from livsmiljo.matrix.services import GoalSpec, agree, create_matrix, record_score
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.workshops.models import Meeting, Participant

MATRIX_TITLE = "Målen i våra strategier (demo)"

GOALS = (
    GoalSpec("Nära vård", "Hälsocentraler med mobila team och digitala vårdbesök nära invånarna."),
    GoalSpec("Förebyggande folkhälsa", "Långsiktigt arbete mot stillasittande, psykisk ohälsa och rökning."),
    GoalSpec("Kompetensförsörjning", "Lärcentra, yrkesutbildning för vuxna och validering av kunskaper."),
    GoalSpec(
        "Kollektivtrafik i hela regionen", "Pendling, kvällsturer och anropsstyrd trafik på landsbygden."
    ),
    GoalSpec("Förnybar energi", "Mer vindkraft och biogas: en region som producerar mer än den använder."),
    GoalSpec(
        "Natur och biologisk mångfald", "Naturskog, betesmarker, grönområden och havsmiljö som skyddas."
    ),
    GoalSpec("Förtätning och bostäder", "Fler bostäder nära stationer och centrum genom förtätning."),
    GoalSpec("Besöksnäring", "Turism som ger jobb året runt i skärgården och i fjällen."),
)

# The value the group lands on for each pair (row: the goal that goes forward); None: nobody scored it.
_n = None
CONSENSUS: tuple[tuple[int | None, ...], ...] = (
    (_n, 2, 1, 0, _n, 0, 0, 1),
    (2, _n, 1, 0, 0, 0, 0, 0),
    (2, 1, _n, 0, 2, 0, 1, 1),
    (1, 1, 2, _n, 1, 1, 2, 1),
    (_n, 0, 1, 0, _n, -2, 0, -1),
    (0, 2, 0, 0, -1, _n, -1, 2),
    (1, 0, 1, 2, 0, -2, _n, 0),
    (0, 0, 1, 1, 0, -2, -1, _n),
)

# Pairs the scorers saw differently (one list per pair, one score per scorer): discussed first.
DISAGREEMENTS = {
    (7, 5): (-3, -2, 0, -2, -3),
    (4, 2): (2, 2, -1, 1, 2),
    (3, 4): (1, -2, 1, 1, 2),
}
OFFSETS = (0, 0, 0, 1, -1)  # scorer k's score differs from the consensus by OFFSETS[(i + j + k) % 5]

REASONS = {
    (0, 1): "Hälsocentralerna kan arbeta förebyggande när de finns nära invånarna.",
    (1, 0): "Färre sjukdomar som går att förebygga minskar trycket på vården.",
    (2, 0): "Utan läkare och sjuksköterskor går det inte att bygga ut den nära vården.",
    (2, 4): "Vindkraft och batteritillverkning behöver tekniker och montörer.",
    (3, 2): "Arbetspendling gör arbetsmarknaden större och lättare att matcha.",
    (3, 6): "Tät trafik nära stationerna gör det lättare att bygga tätt där.",
    (6, 3): "Fler boende nära stationen ger underlag för tätare turer.",
    (4, 5): "Vindkraftsparker planeras i renskötselns betesmarker och flyttleder.",
    (6, 5): "Förtätning tar ofta parker, gröna gårdar och ängsmark i anspråk.",
    (7, 5): "Fler besökare sliter på stränder och känsliga miljöer.",
    (5, 7): "Orörd natur är det som lockar besökarna.",
    (5, 1): "Grönområden nära bostaden ger rörelse, lek och återhämtning.",
    (5, 4): "Skyddad natur begränsar var vindkraften kan byggas.",
    (4, 7): "Vindkraft längs kusten påverkar utsikten som besökarna kommer för.",
    (7, 6): "Fritidshus driver upp priserna för dem som vill bo året runt.",
}
GENERIC = {
    3: "Målen hänger ihop så att det ena inte går utan det andra.",
    2: "Framsteg här hjälper det andra målet tydligt.",
    1: "Det underlättar något, men effekten är indirekt.",
    0: "Vi ser inget tydligt samband.",
    -1: "Målen konkurrerar om samma pengar, mark eller personal.",
    -2: "Framsteg här gör det andra målet klart svårare.",
    -3: "Det ena utesluter i praktiken det andra.",
}
AGREED = {(0, 1): 2, (1, 0): 2, (3, 6): 2, (4, 5): -2, (6, 5): -2}
PARTICIPANTS = (
    ("Deltagare från Sjöslätt", "sjoslatt"),
    ("", "kustland"),
    ("Kustland", "kustland"),
    ("", None),
)

Report = Callable[[str], None]


def demo_matrix(*, meeting: Meeting, facilitator: User, member: User, say: Report) -> Matrix:
    existing = Matrix.objects.filter(project=meeting.project, title=MATRIX_TITLE).first()
    if existing is not None:
        return existing
    say(_("Skapar demomatrisen …"))
    matrix = create_matrix(
        project=meeting.project,
        title=MATRIX_TITLE,
        goals=GOALS,
        user=facilitator,
        description="Åtta mål ur demostrategierna från Norrskog, Sjöslätt och Kustland.",
    )
    ids = list(matrix.goals.values_list("pk", flat=True))
    scorers: list[dict[str, Any]] = [{"user": member}, *({"participant": p} for p in _participants(meeting))]
    for (i, j), values in _scores().items():
        reason = REASONS.get((i, j)) or GENERIC[CONSENSUS[i][j] or 0]
        for k, value in enumerate(values):
            record_score(matrix, ids[i], ids[j], value, reason if k < 3 else "", **scorers[k])
    for (i, j), value in AGREED.items():
        agree(matrix, ids[i], ids[j], value, REASONS.get((i, j), ""), user=facilitator)
    return matrix


def _scores() -> dict[tuple[int, int], tuple[int, ...]]:
    scores = {}
    for i, row in enumerate(CONSENSUS):
        for j, value in enumerate(row):
            if value is None:
                continue
            scores[(i, j)] = DISAGREEMENTS.get(
                (i, j), tuple(max(-3, min(3, value + OFFSETS[(i + j + k) % 5])) for k in range(5))
            )
    return scores


def _participants(meeting: Meeting) -> list[Participant]:
    organisations = {o.slug: o for o in Organisation.objects.filter(slug__in=["sjoslatt", "kustland"])}
    return [
        Participant.objects.create(
            meeting=meeting,
            display_name=name,
            organisation=organisations.get(slug) if slug else None,
            token=secrets.token_urlsafe(24),
        )
        for name, slug in PARTICIPANTS
    ]
