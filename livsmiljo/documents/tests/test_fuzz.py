"""Fuzzing (issue 9): malformed files give a specific Swedish message and leave nothing half-made behind.

A thousand seeded malformed files (see `fuzzing.py`) go straight through extraction, chunking and keyword
analysis; a few hundred more go through the real ingestion service in batches with good files mixed in.
The larger run, with memory per file type, is `bench/fuzz_bench.py`.
"""

import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from livsmiljo.documents.models import Document, IngestionFile, IngestionRun, Page, Passage
from livsmiljo.documents.services import Upload, ingestion_run_create, ingestion_run_process
from livsmiljo.documents.tests.fuzzing import KNOWN_CODES, MUTATIONS, cases, good_file
from livsmiljo.engine.chunking import MAX_CHARS, chunk
from livsmiljo.engine.extract import ExtractionError, extract
from livsmiljo.engine.ocr import OcrPage
from livsmiljo.engine.text import analyse

ENGINE_CASES = 1_000
INGESTED_CASES = 240
BATCH = 60
GOOD_PER_BATCH = 4
MAX_BYTES = 50 * 1024 * 1024


def _read(data: bytes, file_name: str) -> str:
    """ "ok", or the error's code; anything but an `ExtractionError` propagates (a crash)."""
    try:
        extracted = extract(data, file_name, max_bytes=MAX_BYTES)
    except ExtractionError as error:
        assert error.code in KNOWN_CODES, (file_name, error.code)
        assert error.message and "oväntat" not in error.message, (file_name, error.message)
        return error.code
    memo: dict[str, list[str]] = {}
    for passage in chunk(extracted.pages):
        assert len(passage.text) <= MAX_CHARS, file_name
        analyse(passage.text, (), memo)
    return "ok"


def test_a_thousand_malformed_files_are_read_or_refused_with_a_specific_message():
    outcomes: Counter[tuple[str, str]] = Counter()
    crashes = []
    for case in cases(ENGINE_CASES, seed=9):
        try:
            outcomes[case.mutation, _read(case.data, case.file_name)] += 1
        except Exception as error:  # every crash is collected and reported at once
            crashes.append(f"{case.file_name}: {error!r}")
    assert crashes == []
    assert {mutation for mutation, _outcome in outcomes} == set(MUTATIONS)
    refused = sum(n for (_mutation, outcome), n in outcomes.items() if outcome != "ok")
    assert refused > ENGINE_CASES / 2
    assert {"too_deep", "docx_structure", "broken_pdf_page", "not_text", "too_many_pages"} <= {
        outcome for _mutation, outcome in outcomes
    }


@pytest.fixture
def _no_tesseract(monkeypatch):
    """OCR is not what is fuzzed here: a page without a text layer reads as noise at once."""

    def noise(data: bytes, numbers: list[int], **kwargs: object) -> list[OcrPage]:
        return [OcrPage(n, "", None, flagged=True, reason="not_words") for n in numbers]

    monkeypatch.setattr("livsmiljo.documents.reading.ocr_pdf_pages", noise)


def _stand_in_vectors(texts: Sequence[str]) -> np.ndarray:
    rows = [np.random.default_rng(zlib.crc32(t.encode())).standard_normal(384) for t in texts]
    matrix = np.array(rows, dtype=np.float32).reshape(len(texts), 384)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True).clip(1e-6)


@pytest.fixture
def _stand_in_embeddings(monkeypatch):
    """The model is not what is fuzzed (its bounded input has its own test): fast stand-in vectors, and a
    classifier built from them that is not left in the process's cache for other tests."""

    class Model:
        def passage(self, texts: list[str]) -> np.ndarray:
            return _stand_in_vectors(texts)

        def query(self, text: str) -> np.ndarray:
            return _stand_in_vectors([text])[0]

    monkeypatch.setattr("livsmiljo.engine.embeddings._get_model", lambda: Model())
    monkeypatch.setattr("livsmiljo.analysis.tagging.embed_cached", _stand_in_vectors)
    monkeypatch.setattr("livsmiljo.analysis.tagging._cache", {})
    monkeypatch.setattr("livsmiljo.analysis.services.embed_texts", _stand_in_vectors)


def _stored_files(root: Path) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.mark.usefixtures("_no_tesseract", "_stand_in_embeddings")
def test_malformed_files_in_a_batch_fail_cleanly_and_the_good_ones_finish(region, owner, settings, caplog):
    bad = list(cases(INGESTED_CASES, seed=10))
    good_names = set()
    for start in range(0, len(bad), BATCH):
        files: list[tuple[str, Upload]] = [(case.file_name, case.data) for case in bad[start : start + BATCH]]
        for n in range(GOOD_PER_BATCH):
            name, data = good_file(start + n)
            files.insert(n * BATCH // GOOD_PER_BATCH, (name, data))
            good_names.add(name)
        run = ingestion_run_create(files=files, organisation=region, user=owner, kind="plan", enqueue=False)
        results = ingestion_run_process(run_id=run.pk)

        assert len(results) == len(files)
        for result in results:
            if result.file_name in good_names:
                assert result.status == "done", result
            elif result.status == "failed":
                assert result.error and "oväntat" not in result.error, result
        run.refresh_from_db()
        assert run.status == IngestionRun.Status.DONE

    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    unfinished = IngestionFile.objects.exclude(status__in=["done", "duplicate", "failed"])
    assert not unfinished.exists()
    # No partial rows: every document has passages; no page or passage belongs to a failed file.
    assert not Document.objects.filter(passages__isnull=True).exists()
    made = set(
        IngestionFile.objects.filter(status__in=["done", "duplicate"]).values_list("document", flat=True)
    )
    assert set(Document.objects.values_list("pk", flat=True)) == made
    assert not IngestionFile.objects.filter(status="failed", document__isnull=False).exists()
    assert not Page.objects.exclude(document__in=made).exists()
    assert not Passage.objects.exclude(document__in=made).exists()
    # No orphan files: what is stored is a document's file or the upload of a failed file, kept for retry.
    kept = {d.file.name for d in Document.objects.all()} | {
        f.upload.name for f in IngestionFile.objects.filter(status="failed") if f.upload
    }
    assert _stored_files(Path(settings.MEDIA_ROOT)) == kept
    assert good_names <= set(Document.objects.values_list("file_name", flat=True))
