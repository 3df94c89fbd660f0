"""Scoring a matrix live in a meeting: which pairs a phone is offered, and what the screens are sent.

A matrix is live while its agenda block (`Matrix.block`) is the meeting's current block. Each phone is
offered one ordered pair at a time. When the matrix shares its pairs out and the meeting has groups, each
group gets every k-th pair (round robin over the pairs in goal order, so each group meets every goal);
a participant outside the groups gets all pairs, the least-scored first. Within a share the pair with the
fewest scores comes first, ties broken by a rotation that differs per participant, so that people in the
same group start at different pairs. The projector and console get the heatmap: per cell the median and
the number of scores, and whether the scores disagree — never anyone's reason.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from livsmiljo.matrix import services
from livsmiljo.matrix.models import Goal, Matrix, Score, ScoreValue
from livsmiljo.matrix.selectors import matrix_cells
from livsmiljo.workshops import inbound
from livsmiljo.workshops.models import AgendaBlock, Group, Meeting, Participant

Pair = tuple[int, int]
MAX_LIVE_REASON = 1000

# One line per step of the scale, shown under its button on the phone.
SCALE_HELP = {  # the same words as the matrix pages' explanation (templates/matrix/_scale.html)
    3: gettext_lazy("B går inte att nå utan A: målen hänger ihop helt."),
    2: gettext_lazy("A gör det tydligt lättare att nå B."),
    1: gettext_lazy("A skapar förutsättningar för B."),
    0: gettext_lazy("A påverkar inte B nämnvärt."),
    -1: gettext_lazy("A gör det något svårare att nå B."),
    -2: gettext_lazy("A krockar med B: en tydlig målkonflikt."),
    -3: gettext_lazy("A gör det omöjligt att nå B."),
}


def scale() -> list[dict[str, Any]]:
    """The seven steps, +3 first, with their Swedish labels and explanations."""
    return [
        {"value": v.value, "label": str(v.label), "help": str(SCALE_HELP[v.value])}
        for v in sorted(ScoreValue, key=lambda v: -v.value)
    ]


# Pure: sharing and ordering ---------------------------------------------------------------------


def ordered_pairs(goal_ids: Sequence[int]) -> list[Pair]:
    return [(s, t) for s in goal_ids for t in goal_ids if s != t]


def share_pairs(pairs: Sequence[Pair], group_ids: Sequence[int]) -> dict[int, list[Pair]]:
    """Every pair to exactly one group: round robin in pair order, groups in the order given."""
    if not group_ids:
        return {}
    shares: dict[int, list[Pair]] = {g: [] for g in group_ids}
    for index, pair in enumerate(pairs):
        shares[group_ids[index % len(group_ids)]].append(pair)
    return shares


def next_pair(
    share: Sequence[Pair],
    counts: Counter[Pair] | dict[Pair, int],
    done: Iterable[Pair],
    skipped: Iterable[Pair] = (),
    offset: int = 0,
) -> Pair | None:
    """The pair to offer next: not yet scored by this person nor skipped, fewest scores first, ties
    broken by the position in the share rotated by `offset` (so people start at different pairs).
    When only skipped pairs remain, they are offered again; None when everything is scored."""
    done_set, skipped_set = set(done), set(skipped)
    left = [p for p in share if p not in done_set]
    candidates = [p for p in left if p not in skipped_set] or left
    if not candidates:
        return None
    size = max(1, len(share))
    position = {p: i for i, p in enumerate(share)}
    return min(candidates, key=lambda p: (counts.get(p, 0), (position[p] - offset) % size))


# Reading the database --------------------------------------------------------------------------


def block_matrix(block: AgendaBlock | None) -> Matrix | None:
    if block is None or block.kind != AgendaBlock.Kind.MATRIX:
        return None
    return Matrix.objects.filter(block=block).first()


def live_matrix(meeting: Meeting) -> Matrix | None:
    """The matrix being scored now: the one linked to the meeting's current block, while the meeting runs."""
    if meeting.status == Meeting.Status.ENDED:
        return None
    return block_matrix(meeting.current_block)


def meeting_groups(meeting: Meeting, block: AgendaBlock | None) -> list[Group]:
    """The groups that share the pairs: the block's own, else those of the latest block that has groups."""
    groups = list(Group.objects.filter(block=block)) if block is not None else []
    if groups:
        return groups
    latest = (
        Group.objects.filter(meeting=meeting)
        .order_by("-block__order", "-block_id")
        .values_list("block_id", flat=True)
        .first()
    )
    return list(Group.objects.filter(block_id=latest)) if latest is not None else []


def participant_share(
    matrix: Matrix, participant: Participant, goal_ids: Sequence[int]
) -> tuple[list[Pair], Group | None]:
    """The pairs this participant is offered, and the group whose share they are (None: all pairs)."""
    pairs = ordered_pairs(goal_ids)
    if not matrix.share_pairs:
        return pairs, None
    groups = sorted(meeting_groups(participant.meeting, matrix.block), key=lambda g: (g.number, g.pk))
    shares = share_pairs(pairs, [g.pk for g in groups])
    mine = next((g for g in groups if g.members.filter(participant=participant).exists()), None)
    return (shares[mine.pk], mine) if mine is not None else (pairs, None)


def _goal(goal: Goal) -> dict[str, Any]:
    return {"id": goal.pk, "name": goal.name, "description": goal.description}


def pair_payload(matrix: Matrix, participant: Participant, skipped: Iterable[Pair] = ()) -> dict[str, Any]:
    """What a phone shows next: `{"type": "matrix.pair", ..., "source", "target"}` (null when done)."""
    goals = {g.pk: g for g in matrix.goals.all()}
    share, group = participant_share(matrix, participant, list(goals))
    scores = Score.objects.filter(matrix=matrix).values_list("source_id", "target_id", "participant_id")
    counts: Counter[Pair] = Counter()
    mine: set[Pair] = set()
    for source, target, author in scores:
        counts[(source, target)] += 1
        if author == participant.pk:
            mine.add((source, target))
    pair = next_pair(share, counts, mine, skipped, offset=participant.pk * 7)
    return {
        "type": "matrix.pair",
        "matrix": matrix.pk,
        "title": matrix.title,
        "group": str(group) if group is not None else None,
        "done": sum(1 for p in share if p in mine),
        "total": len(share),
        "source": _goal(goals[pair[0]]) if pair else None,
        "target": _goal(goals[pair[1]]) if pair else None,
    }


def matrix_url(matrix: Matrix) -> str:
    try:
        return reverse("matrix:detail", args=[matrix.pk])
    except NoReverseMatch:  # the matrix pages are not there (yet): the console shows no link
        return ""


def heatmap_payload(matrix: Matrix) -> dict[str, Any]:
    """The projector's and console's view: per cell the median and count; no reasons, no names."""
    data = matrix_cells(matrix)
    cells = [
        {
            "source": s,
            "target": t,
            "count": len(cell.scores),
            "median": cell.median,
            "disagreement": cell.disagreement,
        }
        for (s, t), cell in data.cells.items()
    ]
    return {
        "type": "matrix.heatmap",
        "matrix": matrix.pk,
        "title": matrix.title,
        "url": matrix_url(matrix),
        "goals": [{"id": g.pk, "name": g.name} for g in data.goals],
        "cells": cells,
        "scored": data.scored_count,
        "total": data.pair_count,
        "disagreements": sum(1 for c in cells if c["disagreement"]),
    }


def heatmap_sends(matrix_id: int, _items: list[Any] | None = None) -> list[tuple[str, dict[str, Any]]]:
    from livsmiljo.workshops.live import screen_group

    matrix = Matrix.objects.select_related("block").get(pk=matrix_id)
    if matrix.block is None:
        return []
    return [(screen_group(matrix.block.meeting_id), heatmap_payload(matrix))]


# Receiving a score ------------------------------------------------------------------------------


def _live_matrix_for(participant: Participant) -> Matrix:
    meeting = Meeting.objects.select_related("current_block").get(pk=participant.meeting_id)
    matrix = live_matrix(meeting)
    if matrix is None:
        raise ValidationError(
            _("Matrisen tar inte emot bedömningar just nu. Processledaren har gått vidare.")
        )
    return matrix


def _reason(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(_("Motiveringen ska vara en text."))
    if len(value) > MAX_LIVE_REASON:
        raise ValidationError(
            _("Motiveringen är för lång. Skriv högst %(n)d tecken.") % {"n": MAX_LIVE_REASON}
        )
    return value


def _pair_ids(content: dict[str, Any]) -> Pair:
    source, target = inbound.object_id(content.get("source")), inbound.object_id(content.get("target"))
    if source is None or target is None:
        raise ValidationError(_("Målen finns inte i den här matrisen. Ladda om sidan och försök igen."))
    return source, target


def score_receive(participant: Participant, content: dict[str, Any]) -> tuple[Matrix, Pair]:
    """Validate and save a phone's `matrix.score`; a resent score replaces the earlier one."""
    matrix = _live_matrix_for(participant)
    source, target = _pair_ids(content)
    reason = _reason(content.get("reason"))
    services.record_score(matrix, source, target, content.get("value"), reason, participant=participant)
    return matrix, (source, target)


def skip_receive(participant: Participant, content: dict[str, Any]) -> tuple[Matrix, Pair]:
    return _live_matrix_for(participant), _pair_ids(content)
