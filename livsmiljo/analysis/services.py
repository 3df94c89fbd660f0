"""Analysis services: tag documents, correct tags, edit the framework, re-tag everything.

`document_tag` is called by ingestion once a document's passages are embedded.
"""

from collections.abc import Sequence

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.analysis.models import (
    FrameworkItem,
    GoalConflict,
    Group,
    PassageTag,
    RetagRun,
    TagCorrection,
    Theme,
)
from livsmiljo.analysis.tagging import classifier_get, framework_load, framework_version
from livsmiljo.documents.models import Document, Passage
from livsmiljo.engine.classify import Tagging, embed_texts
from livsmiljo.organisations.models import User
from livsmiljo.organisations.services import audit_log
from livsmiljo.worker.heartbeat import heartbeat
from livsmiljo.worker.locks import retry_when_locked

EMBEDDING_BYTES = 384 * 4


def _passage_vectors(passages: Sequence[Passage]) -> np.ndarray:
    """Stored embeddings; passages without one (ingestion still running) are embedded here."""
    vectors: list[np.ndarray | None] = [
        np.frombuffer(bytes(p.embedding), dtype=np.float32)
        if p.embedding and len(bytes(p.embedding)) == EMBEDDING_BYTES
        else None
        for p in passages
    ]
    missing = [i for i, v in enumerate(vectors) if v is None]
    if missing:
        for i, v in zip(missing, embed_texts([passages[i].text for i in missing]), strict=False):
            vectors[i] = v
    return np.stack([v for v in vectors if v is not None])


def _apply(tag: PassageTag, tagging: Tagging) -> None:
    tag.themes = [{"id": t.id, "score": round(t.score, 3)} for t in tagging.themes]
    tag.groups = [g.id for g in tagging.groups]
    tag.areas = list(tagging.areas)
    tag.roles = list(tagging.roles)
    tag.conflict = tagging.conflict.detected
    tag.conflict_themes = list(tagging.conflict.themes)
    tag.conflict_key = tagging.conflict.conflict_id
    tag.evidence = tagging.to_dict()
    tag.corrected = False


def _apply_correction(tag: PassageTag, correction: TagCorrection) -> None:
    tag.themes = [{"id": t, "score": 1.0} for t in correction.themes]
    tag.groups = list(correction.groups)
    tag.conflict = correction.conflict
    tag.conflict_themes = list(correction.conflict_themes) if correction.conflict else []
    pair = set(tag.conflict_themes)
    tag.conflict_key = (
        next(
            (
                c.key
                for c in GoalConflict.objects.select_related("theme_a", "theme_b")
                if {c.theme_a.key, c.theme_b.key} == pair
            ),
            "",
        )
        if correction.conflict
        else ""
    )
    areas_roles = tag.evidence.get("areas", []), tag.evidence.get("roles", [])
    tag.areas, tag.roles = list(areas_roles[0]), list(areas_roles[1])
    tag.corrected = True


def document_tags_current(*, document: Document) -> bool:
    """Every passage of the document has a tag made with the current framework and tagging method."""
    version = framework_version(framework_load())
    passages = Passage.objects.filter(document=document).count()
    tagged = PassageTag.objects.filter(document=document, framework_version=version).count()
    return passages > 0 and tagged == passages


def document_tag(*, document: Document) -> int:
    """Tag every passage of the document against the framework; corrections keep overriding. Returns count."""
    passages = list(Passage.objects.filter(document=document).order_by("ordinal"))
    if not passages:
        return 0
    classifier, version = classifier_get()
    taggings = classifier.tag([p.text for p in passages], _passage_vectors(passages))
    existing = {t.passage_id: t for t in PassageTag.objects.filter(document=document)}
    latest: dict[int, TagCorrection] = {}
    for c in TagCorrection.objects.filter(passage__document=document).order_by("-created_at", "-pk"):
        latest.setdefault(c.passage_id, c)
    rows = []
    for passage, tagging in zip(passages, taggings, strict=False):
        tag = existing.get(passage.pk) or PassageTag(passage=passage, document=document)
        _apply(tag, tagging)
        if passage.pk in latest:
            _apply_correction(tag, latest[passage.pk])
        tag.framework_version = version
        rows.append(tag)
    with transaction.atomic():
        # Two runs may finish the same interrupted document at once; the first one's tags stand.
        PassageTag.objects.bulk_create([t for t in rows if t.pk is None], ignore_conflicts=True)
        fields = [
            "themes",
            "groups",
            "areas",
            "roles",
            "conflict",
            "conflict_themes",
            "conflict_key",
            "evidence",
            "corrected",
            "framework_version",
            "tagged_at",
        ]
        now = timezone.now()
        for t in rows:
            t.tagged_at = now
        PassageTag.objects.bulk_update(
            [t for t in rows if t.pk is not None and t.passage_id in existing], fields
        )
    audit_log(action="analysis.document_tag", obj=document, passages=len(rows), version=version)
    return len(rows)


def tag_correct(
    *,
    passage: Passage,
    user: User,
    themes: Sequence[str],
    groups: Sequence[str] = (),
    conflict: bool = False,
    conflict_themes: Sequence[str] = (),
    note: str = "",
) -> TagCorrection:
    """Confirm or correct a passage's tags; the correction overrides the machine and becomes an example."""
    valid_themes = set(Theme.objects.values_list("key", flat=True))
    themes = list(dict.fromkeys(themes))
    if not 1 <= len(themes) <= 3 or not set(themes) <= valid_themes:
        raise ValidationError(_("Välj ett till tre teman för stycket."))
    if not set(groups) <= set(Group.objects.values_list("key", flat=True)):
        raise ValidationError(_("Okänd grupp. Välj bland grupperna i listan."))
    pair = list(dict.fromkeys(conflict_themes))
    if conflict and (len(pair) != 2 or not set(pair) <= valid_themes):
        raise ValidationError(
            _("Ange de två teman som står i konflikt med varandra, eller ta bort markeringen.")
        )
    correction = TagCorrection.objects.create(
        passage=passage,
        user=user,
        themes=themes,
        groups=list(dict.fromkeys(groups)),
        conflict=conflict,
        conflict_themes=pair if conflict else [],
        note=note.strip()[:500],
    )
    tag = PassageTag.objects.filter(passage=passage).first() or PassageTag(
        passage=passage, document=passage.document
    )
    _apply_correction(tag, correction)
    tag.save()
    audit_log(action="analysis.tag_correct", user=user, obj=passage, themes=themes, conflict=conflict)
    return correction


def framework_item_save(*, item: FrameworkItem, user: User, created: bool = False) -> FrameworkItem:
    """Save an edited (already validated) framework item; tags are out of date until re-tagged."""
    item.full_clean()
    item.save()
    action = "analysis.framework_create" if created else "analysis.framework_update"
    audit_log(action=action, user=user, obj=item, key=item.key)
    return item


def framework_item_delete(*, item: FrameworkItem, user: User) -> None:
    """Remove a framework item; a theme still used by a goal conflict must be freed first."""
    if isinstance(item, Theme) and GoalConflict.objects.filter(Q(theme_a=item) | Q(theme_b=item)).exists():
        raise ValidationError(
            _("Temat ingår i en målkonflikt i katalogen. Ändra eller ta bort målkonflikten först.")
        )
    audit_log(action="analysis.framework_delete", user=user, obj=item, key=item.key, name=item.name)
    item.delete()


def retag_start(*, user: User | None) -> RetagRun:
    """Queue re-tagging of every document (after the framework changed)."""
    from livsmiljo.analysis.tasks import retag_task

    run = RetagRun.objects.create(user=user, documents_total=Document.objects.count())
    audit_log(action="analysis.retag_start", user=user, obj=run)
    transaction.on_commit(lambda: retag_task.enqueue(run.pk))
    return run


def retag_execute(*, run: RetagRun) -> RetagRun:
    """Re-tag all documents, reporting progress on the run row; safe to re-run after a crash.

    A locked database is waited out; a run stopped by a signal is left for the worker to resume."""
    try:
        with heartbeat(RetagRun, run.pk):
            retry_when_locked(lambda: _retag_all(run), what=f"retag run {run.pk}")
    except Exception as error:  # the run row must tell the facilitator what happened
        run.status, run.message = RetagRun.Status.FAILED, str(error)[:500]
    except BaseException:
        message = _("Omtaggningen avbröts när programmet stoppades. Den återupptas automatiskt.")
        RetagRun.objects.filter(pk=run.pk).update(heartbeat_at=None, message=message)
        raise
    else:
        run.status, run.message = RetagRun.Status.DONE, ""
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    return run


def _retag_all(run: RetagRun) -> None:
    run.status, run.documents_done = RetagRun.Status.RUNNING, 0
    run.documents_total = Document.objects.count()
    run.heartbeat_at = timezone.now()
    run.save(update_fields=["status", "documents_done", "documents_total", "heartbeat_at"])
    for document in Document.objects.order_by("pk").iterator():
        document_tag(document=document)
        run.documents_done += 1
        run.heartbeat_at = timezone.now()
        run.save(update_fields=["documents_done", "heartbeat_at"])
