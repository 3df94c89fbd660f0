"""Writing the meeting documentation: generating it (when a meeting ends, or again on request) and the
facilitator's edits, which generating again keeps."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.organisations.models import User
from livsmiljo.organisations.services import audit_log
from livsmiljo.reports.meeting import CLOSING, INTRODUCTION, SUMMARY, introduction_text
from livsmiljo.reports.models import DocumentationEdit, MeetingDocumentation
from livsmiljo.reports.snapshot import build_snapshot
from livsmiljo.workshops.models import Meeting

MAX_EDIT_CHARS = 10_000


def documentation_generate(*, meeting: Meeting, user: User | None) -> MeetingDocumentation:
    """Compute what the documentation stores (clusters, summaries) and save it; edits stay as they are."""
    snapshot = build_snapshot(meeting)
    documentation, _created = MeetingDocumentation.objects.update_or_create(
        meeting=meeting, defaults={"generated_at": timezone.now(), "snapshot": snapshot}
    )
    audit_log(action="documentation.generate", user=user, obj=documentation)
    return documentation


def documentation_enqueue(*, meeting: Meeting) -> None:
    """Generate the documentation in the background once the current transaction has committed."""
    from livsmiljo.reports.tasks import documentation_generate_task

    meeting_id = meeting.pk
    transaction.on_commit(lambda: documentation_generate_task.enqueue(meeting_id))


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    text: str  # what the section says now: the edit, else the generated text
    edited: bool
    multiline: bool = True


def editable_sections(documentation: MeetingDocumentation) -> list[Section]:
    """The sections a facilitator may rewrite: introduction, summary, each theme's title, a closing note."""
    edits = {e.section: e.text for e in documentation.edits.all()}
    summary = (documentation.snapshot.get("summary") or {}).get("project") or {}
    generated = {
        INTRODUCTION: (_("Inledning"), introduction_text(documentation.meeting)),
        SUMMARY: (_("Sammanfattning"), " ".join(s["text"] for s in summary.get("sentences", []))),
    }
    sections = [Section(k, label, edits.get(k, text), k in edits) for k, (label, text) in generated.items()]
    for cluster in documentation.snapshot.get("clusters") or []:
        key = cluster["key"]
        label = _("Rubrik för temat ”%(label)s”") % {"label": cluster["label"]}
        sections.append(Section(key, label, edits.get(key, cluster["label"]), key in edits, multiline=False))
    sections.append(Section(CLOSING, _("Avslutande ord"), edits.get(CLOSING, ""), CLOSING in edits))
    return sections


def documentation_edit(
    *, documentation: MeetingDocumentation, section: str, text: str, user: User
) -> DocumentationEdit | None:
    """Save the facilitator's text for a section; an empty text removes the edit (the generated text is
    shown again). Returns the edit, or None when it was removed."""
    if section not in {s.key for s in editable_sections(documentation)}:
        raise ValidationError(_("Det avsnittet går inte att redigera."))
    text = text.strip()
    if len(text) > MAX_EDIT_CHARS:
        raise ValidationError(_("Texten får vara högst %(n)d tecken.") % {"n": MAX_EDIT_CHARS})
    if not text:
        DocumentationEdit.objects.filter(documentation=documentation, section=section).delete()
        audit_log(action="documentation.edit_remove", user=user, obj=documentation, section=section)
        return None
    edit, _created = DocumentationEdit.objects.update_or_create(
        documentation=documentation, section=section, defaults={"text": text, "edited_by": user}
    )
    audit_log(action="documentation.edit", user=user, obj=documentation, section=section)
    return edit
