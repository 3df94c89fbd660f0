"""Learning projects, their meetings and everything that happens live in a meeting."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from livsmiljo.organisations.models import Organisation


class Project(models.Model):
    """A learning project (lärprojekt): organisations that learn together over several meetings."""

    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    participants = models.ManyToManyField(
        Organisation, verbose_name=_("deltagande organisationer"), blank=True, related_name="projects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lärprojekt")
        verbose_name_plural = _("lärprojekt")

    def __str__(self) -> str:
        return self.title


class Meeting(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        READY = "ready", _("Redo")
        LIVE = "live", _("Pågår")
        ENDED = "ended", _("Avslutad")

    project = models.ForeignKey(
        Project, verbose_name=_("lärprojekt"), on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("starttid"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    digital = models.BooleanField(_("digitalt möte"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    join_code = models.CharField(_("kod"), max_length=8, db_index=True)
    screen_token = models.CharField(max_length=64, unique=True)
    current_block = models.ForeignKey(
        "AgendaBlock", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_poll = models.ForeignKey(
        "Poll", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_step = models.ForeignKey(
        "DialogueStep", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    timer_started_at = models.DateTimeField(null=True, blank=True)
    timer_ends_at = models.DateTimeField(null=True, blank=True)
    timer_paused_remaining = models.DurationField(null=True, blank=True)
    ended_at = models.DateTimeField(_("avslutades"), null=True, blank=True)
    # The invitation (R4): a public page behind a random token, registration until a deadline.
    invitation_published = models.BooleanField(_("inbjudan publicerad"), default=False)
    public_token = models.CharField(max_length=64, blank=True, db_index=True)
    welcome_text = models.CharField(_("välkomsttext"), max_length=200, blank=True)
    practical_information = models.TextField(_("praktisk information"), blank=True)
    online_link = models.URLField(_("länk till det digitala mötet"), max_length=500, blank=True)
    registration_open = models.BooleanField(_("anmälan öppen"), default=False)
    registration_deadline = models.DateTimeField(_("sista dag för anmälan"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-starts_at", "-created_at"]
        verbose_name = _("möte")
        verbose_name_plural = _("möten")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open_for_joining(self) -> bool:
        return self.status != self.Status.ENDED


class AgendaBlock(models.Model):
    class Kind(models.TextChoices):
        CHECKIN = "incheckning", _("Incheckning")
        TALK = "foredrag", _("Föredrag")
        BREAK = "paus", _("Paus")
        GROUP_DIALOGUE = "gruppdialog", _("Gruppdialog")
        REFLECTION = "reflektion", _("Reflektion i helgrupp")
        VOTE = "omrostning", _("Omröstning")
        CHECKOUT = "utcheckning", _("Utcheckning")
        INFORMATION = "information", _("Information")
        MATRIX = "matris", _("Målkonfliktsmatris")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="blocks")
    order = models.PositiveIntegerField(_("ordning"), default=0)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.INFORMATION)
    title = models.CharField(_("rubrik"), max_length=200)
    description = models.TextField(_("beskrivning"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("längd (minuter)"), default=10)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "order", "id"]
        verbose_name = _("programpunkt")
        verbose_name_plural = _("programpunkter")

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class Participant(models.Model):
    """Someone on a phone, joined with the code; no account needed. The token is the secret."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    display_name = models.CharField(_("namn"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    token = models.CharField(max_length=64, unique=True)
    joined_at = models.DateTimeField(auto_now_add=True)
    # Set at join when the phone's session is signed in: lets the participant save answers to their page.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["joined_at", "id"]
        verbose_name = _("deltagare")
        verbose_name_plural = _("deltagare")

    def __str__(self) -> str:
        return self.display_name or f"#{self.pk}"


class Poll(models.Model):
    class Kind(models.TextChoices):
        WORDCLOUD = "ordmoln", _("Ordmoln")
        SCALE = "skala", _("Skala")
        MOOD = "humor", _("Humör")
        CHOICE = "flerval", _("Flerval")
        OPEN_TEXT = "fritext", _("Fritext")
        RANKING = "rangordning", _("Rangordning")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Inte öppnad")
        OPEN = "open", _("Öppen")
        CLOSED = "closed", _("Stängd")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="polls")
    block = models.ForeignKey(
        AgendaBlock, null=True, blank=True, on_delete=models.SET_NULL, related_name="polls"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    question = models.CharField(_("fråga"), max_length=300)
    options = models.JSONField(_("alternativ"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    results_visible = models.BooleanField(_("resultat visas för deltagarna"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")

    def __str__(self) -> str:
        return self.question

    @property
    def allows_many_answers(self) -> bool:
        return self.kind in (self.Kind.WORDCLOUD, self.Kind.OPEN_TEXT)


class Response(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="responses")
    value = models.JSONField()
    nonce = models.CharField(max_length=64, blank=True)
    hidden = models.BooleanField(_("dold"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        indexes = [models.Index(fields=["poll", "participant"])]
        constraints = [
            # A phone re-sends an unacknowledged answer with the same nonce, perhaps to another web process
            # while the first is still saving it: the database keeps one (services/batch.py ignores the rest).
            models.UniqueConstraint(
                fields=["poll", "participant", "nonce"],
                condition=~models.Q(nonce=""),
                name="one_response_per_nonce",
            )
        ]

    def __str__(self) -> str:
        return str(self.value)[:60]


class Group(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="groups")
    block = models.ForeignKey(AgendaBlock, on_delete=models.CASCADE, related_name="groups")
    number = models.PositiveIntegerField(_("nummer"))
    name = models.CharField(_("namn"), max_length=100, blank=True)

    class Meta:
        ordering = ["block", "number"]
        unique_together = [("block", "number")]
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")

    def __str__(self) -> str:
        return self.name or str(_("Grupp %(number)s") % {"number": self.number})


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="members")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="memberships")

    class Meta:
        unique_together = [("group", "participant")]

    def __str__(self) -> str:
        return f"{self.group}: {self.participant}"


class DialogueStep(models.Model):
    """One step of a group dialogue's script, with its own timer (the seed's four steps)."""

    block = models.ForeignKey(AgendaBlock, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(_("rubrik"), max_length=200)
    instruction = models.TextField(_("instruktion"), blank=True)
    duration_minutes = models.PositiveIntegerField(_("längd (minuter)"), default=2)
    per_person = models.BooleanField(_("minuter per person"), default=False)
    writes_board = models.BooleanField(_("skriver på tavlan"), default=False)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["block", "order", "id"]
        verbose_name = _("samtalssteg")
        verbose_name_plural = _("samtalssteg")

    def __str__(self) -> str:
        return self.title


class BoardNote(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notes")
    group = models.ForeignKey(Group, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes"
    )
    text = models.TextField(_("text"))
    hidden = models.BooleanField(_("dold"), default=False)
    votes = models.PositiveIntegerField(_("röster"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("lapp")
        verbose_name_plural = _("lappar")

    def __str__(self) -> str:
        return self.text[:60]


class NoteVote(models.Model):
    note = models.ForeignKey(BoardNote, on_delete=models.CASCADE, related_name="note_votes")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="note_votes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("note", "participant")]

    def __str__(self) -> str:
        return f"{self.participant} → {self.note}"


class ChatMessage(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="chat_messages")
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="chat_messages"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("meddelande"))
    hidden = models.BooleanField(_("dold"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("chattmeddelande")
        verbose_name_plural = _("chattmeddelanden")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def author(self) -> str:
        if self.user:
            return self.user.get_full_name() or self.user.get_username()
        return str(self.participant) if self.participant else ""


class Registration(models.Model):
    """A project member's registration for a meeting (one per person and meeting)."""

    class Attendance(models.TextChoices):
        IN_PERSON = "pa_plats", _("På plats")
        ONLINE = "digitalt", _("Digitalt")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("namn"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    dietary_needs = models.CharField(_("specialkost"), max_length=300, blank=True)
    attendance = models.CharField(
        _("deltar"), max_length=10, choices=Attendance.choices, default=Attendance.IN_PERSON
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation__name", "name", "id"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="one_registration_per_user_and_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.meeting})"
