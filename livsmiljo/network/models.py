"""The learning project's network: a page per person, and answers saved to it from meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonPage(models.Model):
    """One per user; created on first edit or save. Only the learning project's members see it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_page"
    )
    role = models.CharField(_("roll"), max_length=200, blank=True)
    assignment = models.TextField(_("nuvarande uppdrag"), blank=True)
    curious_about = models.TextField(_("nyfiken på"), blank=True)
    wants_to_learn = models.TextField(_("vill lära mig mer om"), blank=True)
    can_contribute = models.TextField(_("det här vill jag/vi bidra med"), blank=True)
    hidden = models.BooleanField(_("dölj min sida"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Filled by matching: embeddings of the text fields, the hash of the texts they were made from,
    # and the lens's theme slugs found in the page's text.
    vectors = models.BinaryField(null=True, editable=False)
    vectors_key = models.CharField(max_length=64, blank=True, editable=False)
    themes = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["user__first_name", "user__last_name", "user__username"]
        verbose_name = _("personsida")
        verbose_name_plural = _("personsidor")

    def __str__(self) -> str:
        return str(self.user)


class SavedAnswer(models.Model):
    """An answer saved from a meeting, with the participant's consent (the tick on the phone)."""

    class Field(models.TextChoices):
        ASSIGNMENT = "uppdrag", _("Nuvarande uppdrag")
        CURIOUS = "nyfiken", _("Nyfiken på")
        LEARN = "lara", _("Vill lära mig mer om")
        CONTRIBUTE = "bidra", _("Vill bidra med")

    page = models.ForeignKey(PersonPage, on_delete=models.CASCADE, related_name="saved_answers")
    field = models.CharField(max_length=10, choices=Field.choices)
    text = models.TextField()
    meeting = models.ForeignKey(
        "workshops.Meeting", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sparat svar")
        verbose_name_plural = _("sparade svar")

    def __str__(self) -> str:
        return self.text[:60]
