"""Writes to the library: ingestion runs (upload → extract → passages → indexes), edits and deletions."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from livsmiljo.documents.models import Document, DocumentKind, IngestionFile, IngestionRun, Page, Passage
from livsmiljo.documents.reading import (
    DocumentText,
    document_text_read,
    page_rows,
    passage_rows,
    text_chunks,
)
from livsmiljo.engine.chunking import Chunk
from livsmiljo.engine.extract import Extracted, ExtractionError, clean_title
from livsmiljo.organisations.access import is_facilitator, is_member_of
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import audit_log
from livsmiljo.worker import leases
from livsmiljo.worker.heartbeat import heartbeat, stale_before
from livsmiljo.worker.locks import database_locked, retry_when_locked

logger = logging.getLogger(__name__)

Upload = bytes | Path | IO[bytes] | File
ProgressCallback = Callable[[int, str], None]
FINISHED = {IngestionFile.Status.DONE, IngestionFile.Status.DUPLICATE, IngestionFile.Status.FAILED}


@dataclass(frozen=True)
class FileResult:
    """What happened to one file of a run; `status` is done, duplicate or failed."""

    file_name: str
    status: str
    document_id: int | None = None
    title: str = ""
    pages: int = 0
    passages: int = 0
    error: str = ""

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def document_can_edit(*, user: User, document: Document) -> bool:
    """Facilitators and members of the owning organisation may edit, share and delete."""
    if not user.is_authenticated:
        return False
    return is_facilitator(user) or is_member_of(user, document.organisation_id)


def run_visible_to(*, user: User, run: IngestionRun) -> bool:
    if not user.is_authenticated:
        return False
    return is_facilitator(user) or run.user_id == user.pk or is_member_of(user, run.organisation_id)


# --- creating a run --------------------------------------------------------------------------------


def ingestion_run_create(
    *,
    files: list[tuple[str, Upload]],
    organisation: Organisation,
    user: User | None,
    kind: str,
    year: int | None = None,
    title: str = "",
    shared: bool = False,
    enqueue: bool = True,
) -> IngestionRun:
    """Store the uploads as a run and queue its processing once the transaction commits.

    `enqueue=False` leaves the run for the caller to process in-process (the `ingest` command).
    """
    if not files:
        raise ValidationError(_("Välj minst en fil att ladda upp."))
    _validate_fields(kind=kind, year=year, title=title)
    if user is not None and user.pk and not is_facilitator(user) and not is_member_of(user, organisation.pk):
        raise PermissionDenied(_("Du kan bara ladda upp dokument för din egen organisation."))
    limit = settings.LIVSMILJO_MAX_UPLOAD_MB * 1024 * 1024
    with transaction.atomic():
        run = IngestionRun.objects.create(
            organisation=organisation,
            user=user if user is not None and user.pk else None,
            kind=kind,
            year=year,
            title=title.strip(),
            shared=shared,
            message=_("Väntar på att bearbetas."),
        )
        for name, content in files:
            _store_upload(run, Path(name).name, content, limit)
        audit_log(action="ingestion_run.create", user=user, obj=run, files=[Path(n).name for n, _c in files])
        if enqueue:
            transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _validate_fields(*, kind: str, year: int | None, title: str) -> None:
    if kind not in DocumentKind.values:
        raise ValidationError(
            _("Okänd dokumenttyp. Välj en av: %(kinds)s.") % {"kinds": ", ".join(DocumentKind.values)}
        )
    if year is not None and not 1900 <= year <= 2100:
        raise ValidationError(_("Året måste vara ett årtal mellan 1900 och 2100, till exempel 2024."))
    if len(title) > 300:
        raise ValidationError(_("Titeln får vara högst 300 tecken."))


def _store_upload(run: IngestionRun, name: str, content: Upload, limit: int) -> IngestionFile:
    size = _size_of(content)
    if size is not None and size > limit:
        # Refused before it is stored; the message says what to do, the other files go on.
        return IngestionFile.objects.create(
            run=run, file_name=name, status=IngestionFile.Status.FAILED, error=_too_large(size, limit)
        )
    item = IngestionFile(run=run, file_name=name)
    item.upload.save(name, _as_file(content), save=False)
    item.save()
    return item


def _size_of(content: Upload) -> int | None:
    if isinstance(content, bytes):
        return len(content)
    if isinstance(content, Path):
        return content.stat().st_size
    return getattr(content, "size", None)


def _as_file(content: Upload) -> File:
    if isinstance(content, bytes):
        return ContentFile(content)
    if isinstance(content, Path):
        return ContentFile(content.read_bytes())
    return content if isinstance(content, File) else File(content)


def _too_large(size: int, limit: int) -> str:
    return _(
        "Filen är %(size).1f MB men gränsen är %(limit)d MB. "
        "Dela upp dokumentet eller spara det utan inbäddade bilder och försök igen."
    ) % {"size": size / 1048576, "limit": limit // 1048576}


def run_can_retry(*, run: IngestionRun) -> bool:
    """A run that failed, or whose process went away (no heartbeat for LIVSMILJO_RUN_STALE_SECONDS), with
    files still unfinished. The worker resumes the latter by itself too (worker/recovery.py)."""
    return _stopped(run) and run.files.exclude(status__in=FINISHED).exists()


def _stopped(run: IngestionRun) -> bool:
    if run.status == IngestionRun.Status.FAILED:
        return True
    if run.status == IngestionRun.Status.RUNNING and run.heartbeat_at is None:
        return True  # interrupted on purpose, or from before heartbeats
    waiting = run.status in (IngestionRun.Status.QUEUED, IngestionRun.Status.RUNNING)
    return waiting and (run.heartbeat_at or run.created_at) < stale_before()


def ingestion_run_retry(*, run: IngestionRun, user: User) -> IngestionRun:
    """Queue a stopped run again; files already finished are not processed twice."""
    if not run_visible_to(user=user, run=run):
        raise PermissionDenied(_("Du får inte starta om den här uppladdningen."))
    if not run_can_retry(run=run):
        raise ValidationError(_("Uppladdningen pågår eller är redan klar; den behöver inte startas om."))
    IngestionRun.objects.filter(pk=run.pk).update(
        status=IngestionRun.Status.QUEUED,
        message=_("Väntar på att bearbetas igen."),
        heartbeat_at=timezone.now(),
        resumes=0,
    )
    audit_log(action="ingestion_run.retry", user=user, obj=run)
    transaction.on_commit(lambda: _enqueue(run.pk))
    run.refresh_from_db()
    return run


def _enqueue(run_id: int) -> None:
    from livsmiljo.documents.tasks import ingestion_run_task

    ingestion_run_task.enqueue(run_id)


# --- processing a run ------------------------------------------------------------------------------


def ingestion_run_process(*, run_id: int, on_progress: ProgressCallback | None = None) -> list[FileResult]:
    """Process every file of a run not yet finished; safe to call again after a crash.

    First every file is made keyword-searchable, then each is embedded and tagged, so a large upload
    becomes findable by its words quickly. A file that another run made searchable but did not finish
    (that run was killed) is finished here. A locked database is waited out; a run stopped by a signal
    is left for the worker to resume; any other error fails the run with a reason.
    """
    try:
        with heartbeat(IngestionRun, run_id):
            return retry_when_locked(lambda: _process(run_id, on_progress), what=f"ingestion run {run_id}")
    except Exception as error:
        reason = _locked() if database_locked(error) else _interrupted_by_error()
        _mark(run_id, status=IngestionRun.Status.FAILED, finished_at=timezone.now(), message=reason)
        raise
    except BaseException:
        message = _("Bearbetningen avbröts när programmet stoppades. Den återupptas automatiskt.")
        _mark(run_id, status=IngestionRun.Status.RUNNING, heartbeat_at=None, message=message)
        raise


def _process(run_id: int, on_progress: ProgressCallback | None) -> list[FileResult]:
    run = IngestionRun.objects.select_related("organisation", "user").get(pk=run_id)
    items = list(run.files.select_related("document"))
    IngestionRun.objects.filter(pk=run.pk).update(
        status=IngestionRun.Status.RUNNING,
        started_at=run.started_at or timezone.now(),
        finished_at=None,
        heartbeat_at=timezone.now(),
    )
    reporter = _Reporter(run, len(items), on_progress)
    for index, item in enumerate(items):
        reporter.at(1, index, _("Läser %(name)s") % {"name": item.file_name})
        if item.status not in FINISHED and item.status != IngestionFile.Status.SEARCHABLE:
            _make_searchable(run, item, reporter)
    for index, item in enumerate(items):
        if item.status == IngestionFile.Status.SEARCHABLE or _unfinished_duplicate(item):
            reporter.at(2, index, _("Beräknar betydelse för %(name)s") % {"name": item.file_name})
            _embed_and_tag(item, reporter)
    results = [_result(item) for item in items]
    _discard_finished_uploads(items)
    _finish(run, results, reporter)
    return results


def _mark(run_id: int, **fields: object) -> None:
    """Record how a run stopped; best effort, as the database may be what stopped it (a run left
    `running` without a fresh heartbeat is resumed by the worker)."""
    try:
        retry_when_locked(
            lambda: IngestionRun.objects.filter(pk=run_id).update(**fields),
            what=f"ingestion run {run_id}",
            budget=60,
        )
    except DatabaseError:
        logger.exception("could not record how ingestion run %s stopped", run_id)


def _locked() -> str:
    return _(
        "Databasen var upptagen för länge, så bearbetningen avbröts. "
        "Försök igen om en stund; filer som redan är klara bearbetas inte om."
    )


def _interrupted_by_error() -> str:
    return _("Bearbetningen avbröts. Försök igen; filer som redan är klara bearbetas inte om.")


def _unfinished_duplicate(item: IngestionFile) -> bool:
    """A duplicate of a document whose passages lack vectors or tags: the run that made it was killed."""
    document = item.document
    if item.status != IngestionFile.Status.DUPLICATE or document is None:
        return False
    passages = document.passages.all()
    return passages.filter(embedding__isnull=True).exists() or passages.filter(tag__isnull=True).exists()


def _close_runs_finished_elsewhere(item: IngestionFile) -> None:
    """Other runs that made this document searchable and were interrupted: their file is done now, and a
    run with nothing else left is finished, saying which run completed it."""
    others = IngestionFile.objects.filter(
        document=item.document, status=IngestionFile.Status.SEARCHABLE
    ).exclude(run_id=item.run_id)
    run_ids = set(others.values_list("run_id", flat=True))
    others.update(status=IngestionFile.Status.DONE, progress=100)
    for run in IngestionRun.objects.filter(pk__in=run_ids).exclude(status=IngestionRun.Status.DONE):
        files = list(run.files.select_related("document"))
        if all(f.status in FINISHED for f in files):
            _discard_finished_uploads(files)
            note = _("Slutfördes av uppladdning %(run)d.") % {"run": item.run_id}
            _finish(run, [_result(f) for f in files], None, note=note)


def _discard_finished_uploads(items: list[IngestionFile]) -> None:
    """A stored document keeps its own copy; a failed file keeps its upload so nothing is lost."""
    for item in items:
        if item.upload and item.status in (IngestionFile.Status.DONE, IngestionFile.Status.DUPLICATE):
            item.upload.delete(save=True)


class _Reporter:
    """Turns progress into the run's 0–100 figure and message, and the caller's callback.

    Phase 1 (reading and keyword indexing) takes the first 30 %, phase 2 (embedding, tagging) the rest.
    """

    SHARE = {1: (0.0, 30.0), 2: (30.0, 70.0)}

    def __init__(self, run: IngestionRun, total: int, callback: ProgressCallback | None) -> None:
        self.run, self.total, self.callback = run, max(total, 1), callback
        self.phase, self.index = 1, 0

    def at(self, phase: int, index: int, message: str) -> None:
        self.phase, self.index = phase, index
        self.step(0.0, message)

    def step(self, fraction: float, message: str) -> None:
        start, width = self.SHARE[self.phase]
        percent = min(99, int(start + width * (self.index + fraction) / self.total))
        IngestionRun.objects.filter(pk=self.run.pk).update(
            progress=percent, message=message[:500], heartbeat_at=timezone.now()
        )
        if self.callback:
            self.callback(percent, message)


def _make_searchable(run: IngestionRun, item: IngestionFile, reporter: _Reporter) -> bool:
    """Extract, chunk and index one file in one transaction; False when the file ends here."""
    _set_status(item, IngestionFile.Status.EXTRACTING)
    try:
        data = _read_upload(item)
        content_hash = hashlib.sha256(data).hexdigest()
        existing = Document.objects.filter(content_hash=content_hash).first()
        if existing is not None:
            _set_status(item, IngestionFile.Status.DUPLICATE, document=existing, progress=100)
            return False
        text = document_text_read(
            data=data,
            file_name=item.file_name,
            max_bytes=settings.LIVSMILJO_MAX_UPLOAD_MB * 1024 * 1024,
            on_progress=_ocr_progress(reporter, item),
        )
        chunks = text_chunks(text)
        document = _save_document(run, item, data, content_hash, text, chunks)
    except ExtractionError as error:
        _set_status(item, IngestionFile.Status.FAILED, error=_translated(error), progress=100)
        return False
    except IntegrityError:
        # The same content arrived through another run at the same moment: it is one document.
        existing = Document.objects.filter(content_hash=content_hash).first()
        _set_status(item, IngestionFile.Status.DUPLICATE, document=existing, progress=100)
        return False
    except (NotImplementedError, KeyboardInterrupt):
        raise
    except Exception as error:
        if database_locked(error):
            raise  # not the file's fault: the run waits and tries again
        logger.exception("ingestion of %s (run %s) failed", item.file_name, run.pk)
        _set_status(item, IngestionFile.Status.FAILED, error=_unexpected(), progress=100)
        return False
    _set_status(item, IngestionFile.Status.SEARCHABLE, document=document, progress=40)
    audit_log(action="document.create", user=run.user, obj=document, file_name=item.file_name)
    return True


def _ocr_progress(reporter: _Reporter, item: IngestionFile) -> Callable[[int, int], None]:
    def report(done: int, total: int) -> None:
        page = {"name": item.file_name, "page": min(done + 1, total), "total": total}
        message = _("%(name)s: läser inskannad sida %(page)d av %(total)d med OCR") % page
        reporter.step(0.9 * done / max(total, 1), message)

    return report


def _translated(error: ExtractionError) -> str:
    return _(error.template) % error.params if error.params else _(error.template)


def _read_upload(item: IngestionFile) -> bytes:
    if not item.upload:
        raise ExtractionError("missing", _("Filen saknas på servern. Ladda upp den igen."))
    with item.upload.open("rb") as handle:
        return handle.read()


def _save_document(
    run: IngestionRun,
    item: IngestionFile,
    data: bytes,
    content_hash: str,
    text: DocumentText,
    chunks: list[Chunk],
) -> Document:
    from livsmiljo.search.backends import get_backend
    from livsmiljo.search.services import keyword_index_refresh, passages_index

    extracted = text.extracted
    document = Document(
        organisation=run.organisation,
        title=document_title(
            run_title=run.title, extracted=extracted, chunks=chunks, file_name=item.file_name
        ),
        title_given=bool(run.title.strip()),
        kind=run.kind,
        year=run.year,
        file_name=item.file_name,
        file_format=extracted.format,
        file_size=len(data),
        content_hash=content_hash,
        page_count=len(extracted.pages),
        shared=run.shared,
        uploaded_by=run.user,
    )
    document.file.name = _store_file(content_hash, item.file_name, data)
    # The vocabulary indexing splits compounds with, before the write transaction: the first time in a
    # process it is loaded or built from the whole index (5 s at 50,000 passages), and SQLite has one
    # writer, so a transaction held meanwhile would stop every other worker's writes.
    get_backend().vocabulary(current=False)
    try:
        with transaction.atomic():
            document.save()
            Page.objects.bulk_create(page_rows(document=document, text=text))
            Passage.objects.bulk_create(passage_rows(document=document, chunks=chunks))
            passages_index(document=document)
    except BaseException:
        _discard_unused_file(document.file.name)  # nothing half-saved: no orphan file either
        raise
    # After each file, not once per run: the next file's compounds are split with this one's words too (saving
    # once per run lowered check-contract's nDCG@10 from 0.819 to 0.804: the shared set is one run).
    keyword_index_refresh()
    return document


def _discard_unused_file(name: str) -> None:
    """Remove a stored file unless a document uses it: the same content committed by another run at the
    same moment (the IntegrityError case) has the same name."""
    try:
        used = Document.objects.filter(file=name).exists()
    except DatabaseError:
        used = False
    if not used:
        default_storage.delete(name)


def _store_file(content_hash: str, file_name: str, data: bytes) -> str:
    """Store the file under a name given by its content, before its rows are saved.

    A process killed before the rows commit (an OOM kill runs no cleanup) leaves the file without a
    document; the retry of that file finds it under the same name and replaces it, so no orphan stays
    (issue 9). The caller has checked that no document has this content."""
    suffix = "".join(c for c in Path(file_name).suffix.lower() if c.isalnum() or c == ".")[:10]
    name = f"documents/{content_hash[:2]}/{content_hash}{suffix}"
    if default_storage.exists(name) and not Document.objects.filter(file=name).exists():
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(data))


def document_title(*, run_title: str, extracted: Extracted, chunks: list[Chunk], file_name: str) -> str:
    """The title the user gave, else the file's own metadata title (unless it is a leftover such as
    "about:blank"), else the first heading of page 1, else the file name without its extension."""
    first_page = extracted.pages[0] if extracted.pages else None
    first_heading = next(iter(first_page.headings), "") if first_page else ""
    if not first_heading:
        first_heading = next((c.heading for c in chunks if c.heading and c.page == 1), "")
    for candidate in (run_title, extracted.title, clean_title(first_heading)):
        if candidate.strip():
            return candidate.strip()[:300]
    return Path(file_name).stem.replace("_", " ").strip()[:300] or file_name[:300]


def _embed_and_tag(item: IngestionFile, reporter: _Reporter) -> None:
    from livsmiljo.analysis.services import document_tag, document_tags_current
    from livsmiljo.search.services import document_embed

    document = item.document
    if document is None:  # deleted while the run was interrupted
        _set_status(item, IngestionFile.Status.FAILED, error=_unexpected(), progress=100)
        return
    message = _("Beräknar betydelse för %(name)s") % {"name": item.file_name}

    def embedded(done: int, total: int) -> None:
        reporter.step(0.9 * done / max(total, 1), f"{message} ({done}/{total})")

    # Two runs that got the same file meet here with one document: the lease lets one embed and tag it,
    # and the other, once it gets the lease, finds nothing left to do.
    try:
        with leases.held(f"document-work:{document.pk}"):
            document_embed(document=document, on_progress=embedded)
            reporter.step(0.9, _("Analyserar %(name)s") % {"name": item.file_name})
            if not document_tags_current(document=document):
                document_tag(document=document)
    except leases.Busy:  # still being worked by the other run, which marks this file done when it ends
        logger.info("document %s: embedding and tagging left to the run that holds it", document.pk)
        return
    finished = IngestionFile.Status.DONE if item.status == IngestionFile.Status.SEARCHABLE else item.status
    _set_status(item, finished, progress=100)
    _close_runs_finished_elsewhere(item)


def _set_status(
    item: IngestionFile,
    status: str,
    *,
    document: Document | None = None,
    error: str = "",
    progress: int | None = None,
) -> None:
    item.status = status
    item.error = error[:1000]
    if document is not None:
        item.document = document
    if progress is not None:
        item.progress = progress
    item.save(update_fields=["status", "error", "document", "progress"])


def _unexpected() -> str:
    return _(
        "Ett oväntat fel inträffade när filen lästes. "
        "Försök igen; hör av dig till en administratör om det upprepas."
    )


def _result(item: IngestionFile) -> FileResult:
    document = item.document
    status = item.status if item.status in FINISHED else IngestionFile.Status.FAILED
    error = item.error or ("" if item.status in FINISHED else _unexpected())
    return FileResult(
        file_name=item.file_name,
        status=str(status),
        document_id=document.pk if document else None,
        title=document.title if document else "",
        pages=document.page_count if document else 0,
        passages=document.passages.count() if document else 0,
        error=error,
    )


def _finish(
    run: IngestionRun, results: list[FileResult], reporter: _Reporter | None, *, note: str = ""
) -> None:
    done = sum(r.status == IngestionFile.Status.DONE for r in results)
    duplicates = sum(r.status == IngestionFile.Status.DUPLICATE for r in results)
    failed = sum(r.status == IngestionFile.Status.FAILED for r in results)
    parts = [ngettext("%(n)d fil klar", "%(n)d filer klara", done) % {"n": done}]
    if duplicates:
        parts.append(ngettext("%(n)d fanns redan", "%(n)d fanns redan", duplicates) % {"n": duplicates})
    if failed:
        parts.append(ngettext("%(n)d misslyckades", "%(n)d misslyckades", failed) % {"n": failed})
    all_failed = failed == len(results) and results
    message = " ".join([", ".join(parts) + ".", note]).strip()
    IngestionRun.objects.filter(pk=run.pk).update(
        status=IngestionRun.Status.FAILED if all_failed else IngestionRun.Status.DONE,
        progress=100,
        message=message[:500],
        finished_at=timezone.now(),
    )
    if reporter and reporter.callback:
        reporter.callback(100, message)


# --- editing and deleting --------------------------------------------------------------------------


def document_update(
    *, document: Document, user: User, title: str, kind: str, year: int | None, shared: bool
) -> Document:
    if not document_can_edit(user=user, document=document):
        raise PermissionDenied(_("Du får inte ändra det här dokumentet."))
    title = title.strip()
    if not title:
        raise ValidationError(_("Ange en titel."))
    _validate_fields(kind=kind, year=year, title=title)
    before = {
        "title": document.title,
        "kind": document.kind,
        "year": document.year,
        "shared": document.shared,
    }
    document.title_given = document.title_given or title != document.title
    document.title, document.kind, document.year, document.shared = title, kind, year, shared
    document.save(update_fields=["title", "title_given", "kind", "year", "shared"])
    audit_log(action="document.update", user=user, obj=document, before=before)
    return document


def document_delete(*, document: Document, user: User) -> None:
    """Remove a document, its pages, passages, indexes and stored file."""
    from livsmiljo.search.services import document_unindex

    if not document_can_edit(user=user, document=document):
        raise PermissionDenied(_("Du får inte ta bort det här dokumentet."))
    file_name = document.file.name
    audit_log(action="document.delete", user=user, obj=document, title=document.title)
    with transaction.atomic():
        document_unindex(document=document)
        document.delete()
    if file_name:
        transaction.on_commit(lambda: default_storage.delete(file_name))
