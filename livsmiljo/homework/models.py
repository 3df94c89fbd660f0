"""Homework between meetings: assignments a meeting gives, and what each organisation hands in."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from livsmiljo.documents.models import Document, DocumentKind, IngestionFile, IngestionRun
from livsmiljo.organisations.models import Organisation
from livsmiljo.workshops.models import Meeting


class Audience(models.TextChoices):
    """Who an assignment is for among the project's organisations, unless some are picked by hand."""

    ALL = "alla", _("Alla organisationer i projektet")
    REGIONS = "regioner", _("Regionerna")
    NATIONAL = "nationella", _("Tillväxtverket och andra nationella aktörer")


class Assignment(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("möte"), on_delete=models.CASCADE, related_name="assignments"
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)
    title = models.CharField(_("uppgift"), max_length=300)
    instructions = models.TextField(_("instruktioner"), blank=True)
    kind = models.CharField(
        _("förväntad dokumenttyp"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.NOTE
    )
    audience = models.CharField(_("för vilka"), max_length=12, choices=Audience.choices, default=Audience.ALL)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("utvalda organisationer"),
        blank=True,
        related_name="+",
        help_text=_("Lämna tomt för att använda valet ovan."),
    )
    due_date = models.DateField(_("senast"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("hemuppgift")
        verbose_name_plural = _("hemuppgifter")

    def __str__(self) -> str:
        return self.title

    @property
    def expects_text(self) -> bool:
        return self.kind == DocumentKind.NOTE

    @property
    def audience_label(self) -> str:
        """Who the task is for, in words: the hand-picked organisations, else the audience's name."""
        picked = [org.name for org in self.organisations.all()]
        return ", ".join(picked) if picked else str(self.get_audience_display())


class Submission(models.Model):
    """One thing handed in: a file, or a short text. Both go into the library through an ingestion run."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("hemuppgift"), on_delete=models.PROTECT, related_name="submissions"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("text"), blank=True)
    file_name = models.CharField(_("filnamn"), max_length=300, blank=True)
    shared = models.BooleanField(_("delad med lärprojektet"), default=True)
    run = models.ForeignKey(IngestionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    document = models.ForeignKey(
        Document,
        verbose_name=_("dokument"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assignment", "-created_at", "-id"]
        verbose_name = _("inlämning")
        verbose_name_plural = _("inlämningar")

    def __str__(self) -> str:
        return self.file_name or self.text[:60]

    @property
    def is_text(self) -> bool:
        return bool(self.text)

    @property
    def ingestion_file(self) -> IngestionFile | None:
        """This submission's file in its run (prefetch run__files on lists)."""
        if self.run is None:
            return None
        return next((f for f in self.run.files.all() if f.file_name == self.file_name), None)

    @property
    def library_document(self) -> Document | None:
        if self.document_id:
            return self.document
        found = self.ingestion_file
        return found.document if found is not None else None

    @property
    def failed(self) -> bool:
        found = self.ingestion_file
        return found is not None and found.status == IngestionFile.Status.FAILED
