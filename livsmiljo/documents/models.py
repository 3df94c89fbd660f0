from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from livsmiljo.organisations.models import Organisation, User


class DocumentKind(models.TextChoices):
    RUS = "rus", _("Regional utvecklingsstrategi (RUS)")
    PLAN = "plan", _("Strategi eller plan")
    STEERING = "styrdokument", _("Styrdokument")
    NOTE = "anteckning", _("Anteckning")
    MATERIAL = "material", _("Workshopmaterial")


class DocumentQuerySet(models.QuerySet["Document"]):
    def visible_to(self, user: User) -> "DocumentQuerySet":
        """Facilitators see everything; others their organisation's documents and shared ones."""
        if not user.is_authenticated:
            return self.none()
        if user.is_staff:
            return self
        return self.filter(Q(organisation_id=user.organisation_id) | Q(shared=True))


class Document(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("titel"), max_length=300)
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


class Page(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    text = models.TextField(blank=True)

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


class IngestionRun(models.Model):
    """A job is a row: one upload of one or more files, with status and progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        RUNNING = "running", _("Pågår")
        DONE = "done", _("Klar")
        FAILED = "failed", _("Misslyckades")

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
