from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from livsmiljo.organisations.access import is_facilitator
from livsmiljo.organisations.models import Organisation, User


class DocumentKind(models.TextChoices):
    RUS = "rus", _("Regional utvecklingsstrategi (RUS)")
    PLAN = "plan", _("Strategi eller plan")
    STEERING = "styrdokument", _("Styrdokument")
    NOTE = "anteckning", _("Anteckning")
    MATERIAL = "material", _("Workshopmaterial")
    DRAFT = "utkast", _("Utkast till strategi eller plan")


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user: User) -> "DocumentQuerySet":
        """Facilitators see everything; others their organisation's documents and shared ones."""
        if not user.is_authenticated:
            return self.none()
        if is_facilitator(user):
            return self
        return self.filter(Q(organisation_id=user.organisation_id) | Q(shared=True))

    def adopted(self) -> "DocumentQuerySet":
        """Without drafts: what an organisation's profile, comparisons and peers are built from (a draft is
        reviewed against these, not counted among them)."""
        return self.exclude(kind=DocumentKind.DRAFT)


class Document(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("titel"), max_length=300)
    # False while the title is the file's own (metadata, first heading, name): re-extraction may renew it.
    title_given = models.BooleanField(default=False, editable=False)
    kind = models.CharField(_("typ"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.RUS)
    year = models.PositiveSmallIntegerField(_("år"), null=True, blank=True)
    file = models.FileField(_("fil"), upload_to="documents/%Y/")
    file_name = models.CharField(_("filnamn"), max_length=300)
    file_format = models.CharField(_("format"), max_length=10)
    file_size = models.PositiveBigIntegerField(default=0)
    content_hash = models.CharField(max_length=64, unique=True)
    page_count = models.PositiveIntegerField(_("sidor"), default=0)
    shared = models.BooleanField(
        _("delad med lärprojektet"), default=False, help_text=_("Alla i lärprojektet kan läsa dokumentet.")
    )
    uploaded_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dokument")
        verbose_name_plural = _("dokument")

    def __str__(self) -> str:
        return self.title

    @cached_property
    def ocr_summary(self) -> "OcrSummary | None":
        """Which pages' text came from OCR and how sure it was, and which read as noise; None when none."""
        pages = list(self.pages.filter(source=Page.Source.OCR).order_by("number"))
        if not pages:
            return None
        read = [p for p in pages if not p.ocr_flagged and p.ocr_confidence is not None]
        mean = round(sum(p.ocr_confidence or 0.0 for p in read) / len(read)) if read else None
        numbers = page_ranges([p.number for p in read])
        return OcrSummary(numbers, len(read), mean, [p for p in pages if p.ocr_flagged])


@dataclass(frozen=True)
class OcrSummary:
    """`pages` are the indexed OCR'd pages as ranges ("2–4, 7"), `count` how many, `confidence` their
    rounded mean (0–100); `flagged` the pages that read as noise and gave no passages."""

    pages: str
    count: int
    confidence: int | None
    flagged: list["Page"]


def page_ranges(numbers: list[int]) -> str:
    """Sorted page numbers as ranges: [2, 3, 4, 7] → "2–4, 7"."""
    ranges: list[list[int]] = []
    for number in sorted(numbers):
        if ranges and number == ranges[-1][-1] + 1:
            ranges[-1].append(number)
        else:
            ranges.append([number])
    return ", ".join(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in ranges)


class Page(models.Model):
    """A page's text. A scanned page's text comes from OCR; one that read as noise is flagged, keeps its
    text here and gives no passages."""

    class Source(models.TextChoices):
        TEXT = "text", _("textlager")
        OCR = "ocr", _("OCR")

    class FlagReason(models.TextChoices):
        LOW_CONFIDENCE = (
            "low_confidence",
            _("textigenkänningen var för osäker (medelsäkerhet under 50 procent)"),
        )
        NOT_WORDS = "not_words", _("mindre än hälften av det som lästes bildar ord")
        TIMEOUT = "timeout", _("sidan tog för lång tid att läsa")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.TEXT)
    ocr_confidence = models.FloatField(null=True, blank=True, help_text="Mean OCR word confidence, 0–100.")
    ocr_flagged = models.BooleanField(default=False)
    ocr_flag_reason = models.CharField(max_length=20, choices=FlagReason.choices, blank=True)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="page_unique_number")]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.number}"


class Passage(models.Model):
    """A heading-aware piece of text (about 60–250 words) that keeps its page and heading for citation."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passages")
    page = models.PositiveIntegerField()
    ordinal = models.PositiveIntegerField()
    heading = models.CharField(max_length=500, blank=True)
    text = models.TextField()
    word_count = models.PositiveIntegerField(default=0)
    # float32 vector of the multilingual embedding model, written by the search app.
    embedding = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["document", "ordinal"]
        constraints = [models.UniqueConstraint(fields=["document", "ordinal"], name="passage_unique_ordinal")]
        indexes = [
            models.Index(fields=["document", "page"]),
            # Small (only passages still being embedded): lets search find where new vectors start.
            models.Index(fields=["id"], name="passage_without_vector", condition=Q(embedding__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}:{self.ordinal} (s. {self.page})"


def visible_passages(user: User) -> QuerySet[Passage]:
    return Passage.objects.filter(document__in=Document.objects.visible_to(user))


class RunStatus(models.TextChoices):
    """The states of every background job row (ingestion, re-extraction, re-tagging)."""

    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Pågår")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


class IngestionRun(models.Model):
    """A job is a row: one upload of one or more files, with status and progress."""

    Status = RunStatus

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT)
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(max_length=20, choices=DocumentKind.choices, default=DocumentKind.RUS)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.CharField(max_length=300, blank=True)
    shared = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0–100")
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Refreshed while a process works on the run; a stale one means the process died (worker/recovery.py).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    resumes = models.PositiveSmallIntegerField(default=0, help_text="automatic resumes after an interruption")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"run {self.pk} ({self.status})"


class IngestionFile(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        EXTRACTING = "extracting", _("Läser text")
        SEARCHABLE = "searchable", _("Sökbar, beräknar betydelse")
        DONE = "done", _("Klar")
        DUPLICATE = "duplicate", _("Fanns redan")
        FAILED = "failed", _("Misslyckades")

    run = models.ForeignKey(IngestionRun, on_delete=models.CASCADE, related_name="files")
    file_name = models.CharField(max_length=300)
    upload = models.FileField(upload_to="incoming/", max_length=500)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=1000, blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        ordering = ["run", "pk"]

    def __str__(self) -> str:
        return self.file_name


class ReextractionRun(models.Model):
    """A job is a row: reading one stored document's file again after the extractor improved."""

    Status = RunStatus

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reextraction_runs")
    user = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="0–100")
    message = models.CharField(max_length=1000, blank=True)
    summary = models.JSONField(default=dict, blank=True, help_text="counts of the finished run")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Refreshed while a process works on the run; a stale one means the process died (worker/recovery.py).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    resumes = models.PositiveSmallIntegerField(default=0, help_text="automatic resumes after an interruption")

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"reextraction {self.pk} of document {self.document_id} ({self.status})"
