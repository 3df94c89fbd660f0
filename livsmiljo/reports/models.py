"""A meeting's documentation: what was generated when it ended, and the facilitator's edits to it.

The report itself is built from the meeting's data each time (reports/meeting.py); the row keeps what is
costly or may change between runs (the clusters of notes, the summary) and the edits, which are kept when
the documentation is generated again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from livsmiljo.workshops.models import Meeting


class MeetingDocumentation(models.Model):
    meeting = models.OneToOneField(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="documentation"
    )
    generated_at = models.DateTimeField(_("skapad"))
    # {"clusters": [{"key", "label", "notes", "representative", "passages"}], "summary": {audience: {...}}}
    snapshot = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("mötesdokumentation")
        verbose_name_plural = _("mötesdokumentationer")

    def __str__(self) -> str:
        return str(self.meeting)


class DocumentationEdit(models.Model):
    """The facilitator's text for one section ("sammanfattning", "inledning", "tema-12", "avslutning")."""

    documentation = models.ForeignKey(MeetingDocumentation, on_delete=models.CASCADE, related_name="edits")
    section = models.CharField(_("avsnitt"), max_length=40)
    text = models.TextField(_("text"))
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(_("redigerad"), auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["documentation", "section"], name="one_edit_per_section")
        ]
        verbose_name = _("redigering av dokumentationen")
        verbose_name_plural = _("redigeringar av dokumentationen")

    def __str__(self) -> str:
        return f"{self.documentation}: {self.section}"
