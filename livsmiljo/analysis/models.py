"""The framework as data, and the tags each passage carries (machine tags, overridden by corrections)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from livsmiljo.documents.models import Document, Passage, RunStatus
from livsmiljo.engine.classify_text import parse_signals


class FrameworkItem(models.Model):
    """Something of the framework a passage can be tagged with; its `key` is the stable id in exports."""

    key = models.SlugField(_("id"), max_length=60, unique=True, help_text=_("Kort id, t.ex. halsa."))
    name = models.CharField(_("namn"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    signals = models.TextField(
        _("signalord"),
        blank=True,
        help_text=_(
            "Ord och fraser som signalerar detta, ett per rad eller kommaseparerade. "
            "ord = ordet och dess böjningar, *ord = även inuti sammansättningar, ~ord = bara exakt ordet."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def signal_list(self) -> tuple[str, ...]:
        return parse_signals(self.signals)


class Theme(FrameworkItem):
    examples = models.TextField(
        _("exempel"),
        blank=True,
        help_text=_("Egna korta exempelmeningar, en per rad. Används vid taggningen."),
    )

    class Meta(FrameworkItem.Meta):
        verbose_name = _("tema")
        verbose_name_plural = _("teman")

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class Group(FrameworkItem):
    class Meta(FrameworkItem.Meta):
        verbose_name = _("grupp (ingen ska lämnas utanför)")
        verbose_name_plural = _("grupper (ingen ska lämnas utanför)")


class StrategicArea(FrameworkItem):
    themes = models.ManyToManyField(Theme, verbose_name=_("teman som bidrar"), blank=True)

    class Meta(FrameworkItem.Meta):
        verbose_name = _("strategiskt område")
        verbose_name_plural = _("strategiska områden")


class Role(FrameworkItem):
    themes = models.ManyToManyField(Theme, verbose_name=_("teman som hör till rollen"), blank=True)

    class Meta(FrameworkItem.Meta):
        verbose_name = _("regionens roll")
        verbose_name_plural = _("regionens roller")


class GoalConflict(FrameworkItem):
    theme_a = models.ForeignKey(Theme, verbose_name=_("tema A"), on_delete=models.PROTECT, related_name="+")
    theme_b = models.ForeignKey(Theme, verbose_name=_("tema B"), on_delete=models.PROTECT, related_name="+")
    examples = models.TextField(_("exempel"), blank=True, help_text=_("Egna exempelmeningar, en per rad."))

    class Meta(FrameworkItem.Meta):
        verbose_name = _("målkonflikt")
        verbose_name_plural = _("målkonflikter")

    @property
    def example_list(self) -> list[str]:
        return [line.strip() for line in self.examples.splitlines() if line.strip()]


class Principle(FrameworkItem):
    """The policy goal and the seed's principles (shown on profiles; not used for tagging)."""

    is_goal = models.BooleanField(_("är målet för politiken"), default=False)

    class Meta(FrameworkItem.Meta):
        verbose_name = _("mål eller princip")
        verbose_name_plural = _("mål och principer")


class CueList(FrameworkItem):
    """Words that signal a tension between aims ("konflikt": strong cues, "kontrast": weak cues)."""

    class Meta(FrameworkItem.Meta):
        verbose_name = _("signalord för målkonflikt")
        verbose_name_plural = _("signalord för målkonflikt")


class FrameworkEmbedding(models.Model):
    """Cached embedding of a framework text (description or example), keyed by a hash of the text."""

    text_hash = models.CharField(max_length=64, unique=True)
    vector = models.BinaryField()

    def __str__(self) -> str:
        return self.text_hash


class PassageTag(models.Model):
    """The tags of one passage: the machine's, unless a correction overrides them."""

    passage = models.OneToOneField(Passage, on_delete=models.CASCADE, related_name="tag")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="passage_tags")
    themes = models.JSONField(default=list, help_text="[{id, score}], best first")
    groups = models.JSONField(default=list)
    areas = models.JSONField(default=list)
    roles = models.JSONField(default=list)
    conflict = models.BooleanField(default=False)
    conflict_themes = models.JSONField(default=list)
    conflict_key = models.CharField(max_length=60, blank=True)
    evidence = models.JSONField(default=dict, help_text="the machine's full tagging with evidence")
    corrected = models.BooleanField(default=False)
    framework_version = models.CharField(max_length=64, blank=True)
    tagged_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [models.Index(fields=["document", "conflict"])]

    def __str__(self) -> str:
        return f"tags of passage {self.passage_id}"

    @property
    def theme_ids(self) -> list[str]:
        return [t["id"] for t in self.themes]


class TagCorrection(models.Model):
    """A person's confirmation or correction of a passage's tags; the latest one wins."""

    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="tag_corrections")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(auto_now_add=True)
    themes = models.JSONField(default=list)
    groups = models.JSONField(default=list)
    conflict = models.BooleanField(default=False)
    conflict_themes = models.JSONField(default=list)
    note = models.CharField(_("kommentar"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("rättelse")
        verbose_name_plural = _("rättelser")

    def __str__(self) -> str:
        return f"correction of passage {self.passage_id}"


class RetagRun(models.Model):
    """A job is a row: re-tagging every document after the framework changed."""

    Status = RunStatus

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    documents_done = models.PositiveIntegerField(default=0)
    documents_total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Refreshed while a process works on the run; a stale one means the process died (worker/recovery.py).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    resumes = models.PositiveSmallIntegerField(default=0, help_text="automatic resumes after an interruption")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"retag {self.pk} ({self.status})"
