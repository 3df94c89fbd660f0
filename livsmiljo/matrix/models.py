"""Goal-conflict matrices: goals, everyone's scores for each ordered pair, and the agreed value per cell.

The method is the cross-impact matrix of SEI's "SDG Synergies": for each ordered pair (A, B), "if progress
is made on A, how does this influence B?", scored from +3 (indivisible) to −3 (cancelling). A matrix belongs
to a learning project; it can be scored live as an agenda block of a meeting (by participants who joined
with the code) or alone in the browser (by logged-in members). The analysis itself is `engine/matrix.py`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from livsmiljo.documents.models import Document, Passage
from livsmiljo.workshops.models import AgendaBlock, Participant, Project

MIN_GOALS = 3
MAX_GOALS = 40
SCORE_VALIDATORS = [MinValueValidator(-3), MaxValueValidator(3)]


class ScoreValue(models.IntegerChoices):
    """The seven-point scale (Nilsson et al. 2016) with its Swedish names."""

    INDIVISIBLE = 3, _("+3 Odelbart")
    REINFORCING = 2, _("+2 Förstärkande")
    ENABLING = 1, _("+1 Möjliggörande")
    CONSISTENT = 0, _("0 Neutralt")
    CONSTRAINING = -1, _("−1 Begränsande")
    COUNTERACTING = -2, _("−2 Motverkande")
    CANCELLING = -3, _("−3 Omöjliggörande")


class GoalSource(models.TextChoices):
    HAND = "hand", _("Skrivna för hand")
    DOCUMENT = "dokument", _("Ur en strategi i biblioteket")
    NATIONAL = "nationell", _("Den nationella strategins fyra områden")
    THEMES = "teman", _("Ramverkets teman")
    AGENDA2030 = "agenda2030", _("Agenda 2030:s 17 mål")


class Matrix(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("lärprojekt"), on_delete=models.CASCADE, related_name="matrices"
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    goal_source = models.CharField(
        _("målen kommer från"), max_length=20, choices=GoalSource.choices, default=GoalSource.HAND
    )
    source_document = models.ForeignKey(
        Document,
        verbose_name=_("strategi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matrices",
    )
    block = models.OneToOneField(
        AgendaBlock,
        verbose_name=_("programpunkt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matrix",
    )
    share_pairs = models.BooleanField(
        _("dela ut paren mellan grupperna"),
        default=True,
        help_text=_("Varje grupp bedömer sin del av paren, så att hela matrisen hinns med."),
    )
    # Issue 12: a matrix marked public goes on the learning project's website (reports/site.py).
    public = models.BooleanField(
        _("visas på projektets webbplats"),
        default=False,
        help_text=_("Matrisen, analysen och diagrammen, utan motiveringar och namn."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("målkonfliktsmatris")
        verbose_name_plural = _("målkonfliktsmatriser")

    def __str__(self) -> str:
        return self.title


class Goal(models.Model):
    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="goals")
    order = models.PositiveIntegerField(_("ordning"), default=0)
    name = models.CharField(_("kort namn"), max_length=80)
    description = models.TextField(_("beskrivning"), blank=True)
    passage = models.ForeignKey(
        Passage,
        verbose_name=_("stycke"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["matrix", "order", "id"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [models.UniqueConstraint(fields=["matrix", "name"], name="matrix_goal_unique_name")]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    """One person's score of one ordered pair: saved once per scorer and pair, a resent score replaces."""

    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="scores")
    source = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="scores_from")
    target = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="scores_to")
    value = models.SmallIntegerField(_("bedömning"), choices=ScoreValue.choices, validators=SCORE_VALIDATORS)
    reason = models.TextField(_("motivering"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.CASCADE, related_name="matrix_scores"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["matrix", "source", "target", "created_at"]
        verbose_name = _("bedömning")
        verbose_name_plural = _("bedömningar")
        constraints = [
            models.CheckConstraint(condition=Q(value__gte=-3, value__lte=3), name="matrix_score_in_scale"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="matrix_score_not_diagonal"),
            models.CheckConstraint(
                condition=Q(user__isnull=True, participant__isnull=False)
                | Q(user__isnull=False, participant__isnull=True),
                name="matrix_score_one_author",
            ),
            models.UniqueConstraint(
                fields=["source", "target", "user"],
                condition=Q(user__isnull=False),
                name="matrix_score_once_per_user",
            ),
            models.UniqueConstraint(
                fields=["source", "target", "participant"],
                condition=Q(participant__isnull=False),
                name="matrix_score_once_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}: {self.value:+d}"


class Agreement(models.Model):
    """The value a group agreed for a cell, set by the facilitator: what the analysis uses."""

    matrix = models.ForeignKey(Matrix, on_delete=models.CASCADE, related_name="agreements")
    source = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+")
    target = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(
        _("överenskommen bedömning"), choices=ScoreValue.choices, validators=SCORE_VALIDATORS
    )
    note = models.TextField(_("kommentar"), blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("överenskommen bedömning")
        verbose_name_plural = _("överenskomna bedömningar")
        constraints = [
            models.CheckConstraint(
                condition=Q(value__gte=-3, value__lte=3), name="matrix_agreement_in_scale"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="matrix_agreement_not_diagonal"
            ),
            models.UniqueConstraint(fields=["source", "target"], name="matrix_agreement_once_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}: {self.value:+d}"
