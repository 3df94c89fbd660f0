"""Reading stored documents again when the extractor improves.

The new text is extracted, chunked and embedded first; only then does the document switch to its new
pages, passages, indexes and tags, in one transaction. If anything fails before or during the switch, the
document keeps everything it had. People's tag corrections follow their passage when its text survives
(compared after normalising whitespace and case); a correction whose text is gone is written to the audit
log with the text it was about and counted in the run's message.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from livsmiljo.documents.models import Document, Page, Passage, ReextractionRun
from livsmiljo.documents.reading import (
    DocumentText,
    document_text_read,
    page_rows,
    passage_rows,
    text_chunks,
)
from livsmiljo.documents.services import document_title
from livsmiljo.engine.chunking import Chunk
from livsmiljo.engine.extract import ExtractionError
from livsmiljo.organisations.access import is_facilitator
from livsmiljo.organisations.models import User
from livsmiljo.organisations.services import audit_log
from livsmiljo.worker.heartbeat import heartbeat, stale_before
from livsmiljo.worker.locks import retry_when_locked

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[int, str], None]
# Old passages step aside to these ordinals while the new ones take 0..n-1 (ordinals are unique).
ORDINAL_OFFSET = 1_000_000
EMBEDDING_BYTES = 384 * 4


@dataclass(frozen=True)
class ReextractionResult:
    """What re-reading one document did; `status` is done or failed (then the document is unchanged)."""

    document_id: int
    title: str
    status: str
    pages_before: int = 0
    pages: int = 0
    passages_before: int = 0
    passages: int = 0
    passages_kept: int = 0
    vectors_reused: int = 0
    corrections_kept: int = 0
    corrections_lost: int = 0
    error: str = ""
    lost_correction_ids: list[int] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def document_can_reextract(*, user: User) -> bool:
    """Re-reading touches every passage and tag of a document: facilitators only."""
    return is_facilitator(user)


def reextraction_run_create(
    *, document: Document, user: User | None, enqueue: bool = True
) -> ReextractionRun:
    """Queue re-reading of the document's stored file; a run already under way is returned instead.

    `user=None` is for trusted callers (the `reextract` command)."""
    if user is not None and not document_can_reextract(user=user):
        raise PermissionDenied(_("Bara processledare kan läsa om ett dokument."))
    stale = stale_before()
    busy = document.reextraction_runs.filter(
        Q(heartbeat_at__gte=stale) | Q(heartbeat_at__isnull=True, created_at__gte=stale),
        status__in=[ReextractionRun.Status.QUEUED, ReextractionRun.Status.RUNNING],
    )
    if enqueue and (existing := busy.order_by("-pk").first()) is not None:
        return existing
    run = ReextractionRun.objects.create(document=document, user=user, message=_("Väntar på att bearbetas."))
    audit_log(action="reextraction_run.create", user=user, obj=run, document=document.pk)
    if enqueue:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from livsmiljo.documents.tasks import reextraction_run_task

    reextraction_run_task.enqueue(run_id)


def reextraction_run_process(
    *, run_id: int, on_progress: ProgressCallback | None = None
) -> ReextractionResult:
    """Re-read the run's document, recording progress and the outcome on the run row."""
    run = ReextractionRun.objects.select_related("document", "user").get(pk=run_id)
    ReextractionRun.objects.filter(pk=run.pk).update(
        status=ReextractionRun.Status.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        progress=0,
        heartbeat_at=timezone.now(),
    )

    def report(percent: int, message: str) -> None:
        ReextractionRun.objects.filter(pk=run.pk).update(
            progress=min(percent, 99), message=message[:1000], heartbeat_at=timezone.now()
        )
        if on_progress:
            on_progress(percent, message)

    def reextract() -> ReextractionResult:
        return document_reextract(document=run.document, user=run.user, on_progress=report)

    try:
        with heartbeat(ReextractionRun, run.pk):
            result = retry_when_locked(reextract, what=f"re-extraction run {run.pk}")
    except ExtractionError as error:
        result = _failed(run.document, _unchanged(_translated(error)))
    except Exception:
        logger.exception("re-extraction of document %s (run %s) failed", run.document_id, run.pk)
        result = _failed(run.document, _unchanged(_unexpected()))
    except BaseException:
        # Stopped by a signal: the document is unchanged (one transaction); the worker resumes the run.
        message = _("Omläsningen avbröts när programmet stoppades. Den återupptas automatiskt.")
        ReextractionRun.objects.filter(pk=run.pk).update(heartbeat_at=None, message=message)
        raise
    _finish(run, result)
    if on_progress:
        on_progress(100, _run_message(result))
    return result


def _finish(run: ReextractionRun, result: ReextractionResult) -> None:
    failed = result.status == "failed"
    ReextractionRun.objects.filter(pk=run.pk).update(
        status=ReextractionRun.Status.FAILED if failed else ReextractionRun.Status.DONE,
        progress=100,
        message=_run_message(result)[:1000],
        summary=result.as_dict(),
        finished_at=timezone.now(),
    )


def _failed(document: Document, error: str) -> ReextractionResult:
    return ReextractionResult(document_id=document.pk, title=document.title, status="failed", error=error)


def _unchanged(reason: str) -> str:
    return _("Dokumentet är oförändrat. %(reason)s") % {"reason": reason}


def _translated(error: ExtractionError) -> str:
    return _(error.template) % error.params if error.params else _(error.template)


def _unexpected() -> str:
    return _(
        "Ett oväntat fel inträffade när filen lästes om. "
        "Försök igen; hör av dig till en administratör om det upprepas."
    )


def _run_message(result: ReextractionResult) -> str:
    if result.status == "failed":
        return result.error
    parts = [
        _("Klart: %(pages)d sidor och %(passages)d stycken, varav %(kept)d med oförändrad text.")
        % {"pages": result.pages, "passages": result.passages, "kept": result.passages_kept}
    ]
    if result.corrections_kept:
        n = result.corrections_kept
        parts.append(ngettext("%(n)d rättelse följde med.", "%(n)d rättelser följde med.", n) % {"n": n})
    if result.corrections_lost:
        n = result.corrections_lost
        parts.append(
            ngettext(
                "%(n)d rättelse gällde text som inte finns kvar och kunde inte föras över; "
                "den finns i granskningsloggen. Rätta de nya styckena vid behov.",
                "%(n)d rättelser gällde text som inte finns kvar och kunde inte föras över; "
                "de finns i granskningsloggen. Rätta de nya styckena vid behov.",
                n,
            )
            % {"n": n}
        )
    return " ".join(parts)


# --- re-reading one document -----------------------------------------------------------------------


def document_reextract(
    *, document: Document, user: User | None, on_progress: ProgressCallback | None = None
) -> ReextractionResult:
    """Extract the stored file again and switch the document to the new text in one transaction.

    Raises ExtractionError (the document is untouched) when the file cannot be read."""
    report = on_progress or (lambda _percent, _message: None)
    report(2, _("Läser %(name)s") % {"name": document.file_name})
    text, chunks = _read(document, report)
    old = list(
        document.passages.order_by("ordinal").only(
            "id", "document_id", "page", "heading", "text", "embedding"
        )
    )
    matches = _match(old, chunks)
    vectors, reused = _vectors(chunks, old, matches, report)
    report(90, _("Byter till den nya texten och analyserar den"))
    result = _switch(document, user, text, chunks, old, matches, vectors)
    return replace(result, vectors_reused=reused)


def _read(document: Document, report: ProgressCallback) -> tuple[DocumentText, list[Chunk]]:
    """The same reading as ingestion: extraction, OCR of scanned PDF pages, passages."""
    if not document.file.name or not document.file.storage.exists(document.file.name):
        raise ExtractionError(
            "missing", gettext_noop("Den sparade filen saknas på servern. Ladda upp dokumentet igen.")
        )
    with document.file.open("rb") as handle:
        data = handle.read()
    message = _("Läser inskannade sidor med OCR")

    def ocr_read(done: int, total: int) -> None:
        report(2 + int(8 * done / max(total, 1)), f"{message} ({done}/{total})")

    text = document_text_read(data=data, file_name=document.file_name, on_progress=ocr_read)
    return text, text_chunks(text)


def normalised(text: str) -> str:
    """Text as compared between old and new passages: Unicode-normalised, one space, any case."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


def _match(old: list[Passage], chunks: list[Chunk]) -> dict[int, Passage]:
    """New chunk index -> the old passage with the same text (each old passage used once, in order)."""
    by_text: dict[str, list[Passage]] = {}
    for passage in old:
        by_text.setdefault(normalised(passage.text), []).append(passage)
    matches: dict[int, Passage] = {}
    for index, piece in enumerate(chunks):
        candidates = by_text.get(normalised(piece.text))
        if candidates:
            matches[index] = candidates.pop(0)
    return matches


def _vectors(
    chunks: list[Chunk], old: list[Passage], matches: dict[int, Passage], report: ProgressCallback
) -> tuple[list[bytes], int]:
    """A vector per chunk: the old passage's when text and heading are unchanged, else computed now."""
    from livsmiljo.search.services import vectors_compute

    vectors: dict[int, bytes] = {}
    for index, passage in matches.items():
        vector = bytes(passage.embedding) if passage.embedding else b""
        same_heading = normalised(passage.heading) == normalised(chunks[index].heading)
        if same_heading and len(vector) == EMBEDDING_BYTES:
            vectors[index] = vector
    missing = [i for i in range(len(chunks)) if i not in vectors]
    message = _("Beräknar betydelse för nya stycken")

    def embedded(done: int, total: int) -> None:
        report(10 + int(78 * done / max(total, 1)), f"{message} ({done}/{total})")

    computed = vectors_compute(
        passages=[(chunks[i].text, chunks[i].heading) for i in missing], on_progress=embedded
    )
    vectors.update(zip(missing, computed, strict=True))
    return [vectors[i] for i in range(len(chunks))], len(chunks) - len(missing)


def _switch(
    document: Document,
    user: User | None,
    text: DocumentText,
    chunks: list[Chunk],
    old: list[Passage],
    matches: dict[int, Passage],
    vectors: list[bytes],
) -> ReextractionResult:
    from livsmiljo.analysis.services import document_tag
    from livsmiljo.search.services import document_unindex, keyword_index_refresh, passages_index

    pages_before = document.pages.count()
    with transaction.atomic():
        document_unindex(document=document)
        document.passages.update(ordinal=F("ordinal") + ORDINAL_OFFSET)
        new = _create_passages(document, chunks, vectors)
        kept, lost = _carry_corrections(old, matches, new, user)
        Passage.objects.filter(pk__in=[p.pk for p in old]).delete()
        document.pages.all().delete()
        Page.objects.bulk_create(page_rows(document=document, text=text))
        _update_document(document, text, chunks)
        passages_index(document=document)
        document_tag(document=document)
        audit_log(
            action="document.reextract",
            user=user,
            obj=document,
            passages_before=len(old),
            passages=len(new),
            passages_kept=len(matches),
            corrections_kept=kept,
            corrections_lost=len(lost),
        )
    keyword_index_refresh()
    return ReextractionResult(
        document_id=document.pk,
        title=document.title,
        status="done",
        pages_before=pages_before,
        pages=len(text.extracted.pages),
        passages_before=len(old),
        passages=len(new),
        passages_kept=len(matches),
        corrections_kept=kept,
        corrections_lost=len(lost),
        lost_correction_ids=lost,
    )


def _create_passages(document: Document, chunks: list[Chunk], vectors: list[bytes]) -> list[Passage]:
    rows = passage_rows(document=document, chunks=chunks, vectors=list(vectors))
    Passage.objects.bulk_create(rows)
    if any(p.pk is None for p in rows):  # a database that returns no ids from a bulk insert
        rows = list(document.passages.filter(ordinal__lt=ORDINAL_OFFSET).order_by("ordinal"))
    return rows


def _carry_corrections(
    old: list[Passage], matches: dict[int, Passage], new: list[Passage], user: User | None
) -> tuple[int, list[int]]:
    """Move corrections to the new passage with the same text; log the others, which go with their
    passage. Returns how many were kept and the ids of those lost."""
    from livsmiljo.analysis.models import TagCorrection

    target = {passage.pk: new[index].pk for index, passage in matches.items()}
    kept = 0
    for old_id, new_id in target.items():
        kept += TagCorrection.objects.filter(passage_id=old_id).update(passage_id=new_id)
    texts = {p.pk: p for p in old}
    lost = list(TagCorrection.objects.filter(passage_id__in=[p.pk for p in old if p.pk not in target]))
    for correction in lost:
        passage = texts[correction.passage_id]
        audit_log(
            action="tag_correction.lost",
            user=user,
            obj=correction,
            reason="reextract",
            document=passage.document_id,
            page=passage.page,
            heading=passage.heading,
            text=passage.text,
            corrected_by=correction.user_id,
            created_at=correction.created_at.isoformat(),
            themes=correction.themes,
            groups=correction.groups,
            conflict=correction.conflict,
            conflict_themes=correction.conflict_themes,
            note=correction.note,
        )
    return kept, [c.pk for c in lost]


def _update_document(document: Document, text: DocumentText, chunks: list[Chunk]) -> None:
    extracted = text.extracted
    document.page_count = len(extracted.pages)
    document.file_format = extracted.format
    fields = ["page_count", "file_format"]
    if not document.title_given:
        document.title = document_title(
            run_title="", extracted=extracted, chunks=chunks, file_name=document.file_name
        )
        fields.append("title")
    document.save(update_fields=fields)
