"""Writes for matrices: creating one with its goals, recording a score, agreeing a cell."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from livsmiljo.matrix.models import MAX_GOALS, MIN_GOALS, Agreement, Goal, GoalSource, Matrix, Score
from livsmiljo.workshops.models import Participant, Project

MAX_REASON = 2000


@dataclass(frozen=True)
class GoalSpec:
    name: str
    description: str = ""
    passage_id: int | None = None


def clean_goals(goals: Sequence[GoalSpec]) -> list[GoalSpec]:
    """Trimmed, non-empty goals; 3–40 of them with distinct names, else a Swedish ValidationError."""
    cleaned = [
        GoalSpec(g.name.strip()[:80], g.description.strip(), g.passage_id) for g in goals if g.name.strip()
    ]
    if len(cleaned) < MIN_GOALS or len(cleaned) > MAX_GOALS:
        raise ValidationError(
            _("En matris behöver %(min)d–%(max)d mål; nu finns %(n)d. Lägg till eller ta bort mål.")
            % {"min": MIN_GOALS, "max": MAX_GOALS, "n": len(cleaned)}
        )
    seen: set[str] = set()
    for goal in cleaned:
        key = goal.name.casefold()
        if key in seen:
            raise ValidationError(
                _("Målet ”%(name)s” finns två gånger. Ge varje mål ett eget kort namn.") % {"name": goal.name}
            )
        seen.add(key)
    return cleaned


@transaction.atomic
def create_matrix(
    *,
    project: Project,
    title: str,
    goals: Sequence[GoalSpec],
    user: Any = None,
    description: str = "",
    goal_source: str = GoalSource.HAND,
    source_document_id: int | None = None,
) -> Matrix:
    cleaned = clean_goals(goals)
    matrix = Matrix.objects.create(
        project=project,
        title=title.strip() or _("Målkonfliktsmatris"),
        description=description.strip(),
        goal_source=goal_source,
        source_document_id=source_document_id,
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    Goal.objects.bulk_create(
        Goal(matrix=matrix, order=i, name=g.name, description=g.description, passage_id=g.passage_id)
        for i, g in enumerate(cleaned)
    )
    return matrix


def _pair(matrix: Matrix, source_id: int, target_id: int) -> tuple[Goal, Goal]:
    if source_id == target_id:
        raise ValidationError(_("Ett mål bedöms inte mot sig självt. Välj två olika mål."))
    goals = {g.pk: g for g in matrix.goals.filter(pk__in=[source_id, target_id])}
    if len(goals) != 2:
        raise ValidationError(_("Målen finns inte i den här matrisen. Ladda om sidan och försök igen."))
    return goals[source_id], goals[target_id]


def _value(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 99
    if isinstance(value, bool) or number < -3 or number > 3 or str(number) != str(value).strip().lstrip("+"):
        raise ValidationError(_("Välj en bedömning på skalan från −3 till +3."))
    return number


def record_score(
    matrix: Matrix,
    source_id: int,
    target_id: int,
    value: Any,
    reason: str = "",
    *,
    user: Any = None,
    participant: Participant | None = None,
) -> tuple[Score, bool]:
    """Save one scorer's score of one pair; a resent score replaces the earlier one (never counted twice).

    Returns the score and whether it was new."""
    if (user is None) == (participant is None):
        raise ValueError("a score has exactly one author: a user or a participant")
    number = _value(value)
    source, target = _pair(matrix, source_id, target_id)
    author: dict[str, Any] = {"user": user} if user is not None else {"participant": participant}
    defaults = {"matrix": matrix, "value": number, "reason": (reason or "").strip()[:MAX_REASON]}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                return Score.objects.update_or_create(
                    source=source, target=target, **author, defaults=defaults
                )
        except IntegrityError:  # two sends of the same score at once: the second updates the first
            continue
    return Score.objects.update_or_create(source=source, target=target, **author, defaults=defaults)


def delete_score(matrix: Matrix, source_id: int, target_id: int, *, user: Any) -> bool:
    deleted, _details = Score.objects.filter(
        matrix=matrix, source_id=source_id, target_id=target_id, user=user
    ).delete()
    return bool(deleted)


def agree(
    matrix: Matrix, source_id: int, target_id: int, value: Any, note: str = "", *, user: Any = None
) -> Agreement | None:
    """Set the agreed value of a cell (what the analysis uses); an empty value clears it."""
    source, target = _pair(matrix, source_id, target_id)
    if value is None or str(value).strip() == "":
        Agreement.objects.filter(source=source, target=target).delete()
        return None
    agreement, _created = Agreement.objects.update_or_create(
        source=source,
        target=target,
        defaults={
            "matrix": matrix,
            "value": _value(value),
            "note": (note or "").strip()[:MAX_REASON],
            "agreed_by": user if getattr(user, "is_authenticated", False) else None,
        },
    )
    return agreement


@dataclass(frozen=True)
class GoalEdit:
    """One row of the goals page: an existing goal (goal_id) or a new one (None); `order` sorts the rows."""

    goal_id: int | None
    name: str
    description: str = ""
    order: int = 0
    remove: bool = False


def goals_removal_cost(matrix: Matrix, goal_ids: Sequence[int]) -> tuple[int, int]:
    """How many scores and agreed values go when these goals are removed."""
    scores = Score.objects.filter(matrix=matrix).filter(
        models.Q(source_id__in=goal_ids) | models.Q(target_id__in=goal_ids)
    )
    agreements = Agreement.objects.filter(matrix=matrix).filter(
        models.Q(source_id__in=goal_ids) | models.Q(target_id__in=goal_ids)
    )
    return scores.count(), agreements.count()


@transaction.atomic
def goals_update(*, matrix: Matrix, edits: Sequence[GoalEdit]) -> None:
    """Rename, describe, reorder, add and remove goals at once; the result must again be 3–40 distinct
    goals. Removing a goal removes its scores and agreed values (the caller asks the user first)."""
    existing = {g.pk: g for g in matrix.goals.all()}
    kept = sorted(
        (e for e in edits if not e.remove and (e.goal_id in existing or e.goal_id is None)),
        key=lambda e: e.order,
    )
    kept = [e for e in kept if e.name.strip() or e.goal_id is not None]
    specs = clean_goals([GoalSpec(e.name, e.description) for e in kept])
    if len(specs) != len(kept):
        raise ValidationError(_("Varje mål behöver ett kort namn. Skriv ett namn eller kryssa i ”Ta bort”."))
    gone = set(existing) - {e.goal_id for e in kept}
    matrix.goals.filter(pk__in=gone).delete()  # scores and agreed values go with them (cascade)
    # Free the names first, so two goals can swap names: a leading space, which no cleaned name has (a NUL
    # would do on SQLite, but PostgreSQL text cannot hold one).
    for goal_id in set(existing) - gone:
        Goal.objects.filter(pk=goal_id).update(name=f" {goal_id}")
    for order, (edit, spec) in enumerate(zip(kept, specs, strict=True)):
        if edit.goal_id is None:
            Goal.objects.create(matrix=matrix, order=order, name=spec.name, description=spec.description)
        else:
            Goal.objects.filter(pk=edit.goal_id).update(
                order=order, name=spec.name, description=spec.description
            )
    matrix.save(update_fields=["updated_at"])


def scores_save(*, matrix: Matrix, user: Any, entries: Sequence[tuple[int, int, str, str]]) -> int:
    """Save a whole grid at once (the form without JavaScript): (source, target, value, reason) per pair;
    an empty value removes the user's score. Returns how many pairs the user has scored afterwards."""
    with transaction.atomic():
        for source_id, target_id, value, reason in entries:
            if str(value).strip() == "":
                delete_score(matrix, source_id, target_id, user=user)
            else:
                record_score(matrix, source_id, target_id, value, reason, user=user)
    return Score.objects.filter(matrix=matrix, user=user).count()


@transaction.atomic
def matrix_import(*, project: Project, title: str, scored: Any, user: Any) -> Matrix:
    """A new matrix from a file worked out elsewhere: its goals, and its scores as agreed values set by
    the importing user (what the analysis uses). Nothing is saved if anything is wrong."""
    matrix = create_matrix(
        project=project, title=title, goals=[GoalSpec(name) for name in scored.goals], user=user
    )
    goals = list(matrix.goals.order_by("order"))
    agreed_by = user if getattr(user, "is_authenticated", False) else None
    Agreement.objects.bulk_create(
        Agreement(matrix=matrix, source=goals[i], target=goals[j], value=_value(v), agreed_by=agreed_by)
        for (i, j), v in sorted(scored.cells.items())
        if i != j
    )
    return matrix
