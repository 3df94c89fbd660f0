import contextlib
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from livsmiljo.documents.models import Document, IngestionRun
from livsmiljo.documents.tests.factories import broken_pdf_bytes, page_lines, paragraph, pdf_bytes


def _ingest(*args: str) -> list[dict[str, Any]]:
    out = StringIO()
    with contextlib.suppress(CommandError):
        call_command("ingest", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_ingest_prints_one_json_object_per_file_with_the_original_file_name(tmp_path, db):
    (tmp_path / "p001.txt").write_text(paragraph(70), encoding="utf-8")
    (tmp_path / "p002.txt").write_text(paragraph(90, "Bredband på landsbygden. "), encoding="utf-8")
    pdf = tmp_path / "strategi.pdf"
    pdf.write_bytes(pdf_bytes([page_lines("Inledning", paragraph(80)), page_lines("Mål", paragraph(80))]))
    lines = _ingest(
        *(str(tmp_path / n) for n in ("p001.txt", "p002.txt", "strategi.pdf")),
        "--organisation",
        "Tillväxtverket",
        "--kind",
        "material",
        "--year",
        "2024",
        "--json",
    )
    assert [line["file_name"] for line in lines] == ["p001.txt", "p002.txt", "strategi.pdf"]
    assert set(lines[0]) == {"document_id", "title", "file_name", "pages", "passages", "status", "error"}
    assert [line["status"] for line in lines] == ["done", "done", "done"]
    assert lines[2]["pages"] == 2 and lines[2]["passages"] == 2
    document = Document.objects.get(pk=lines[0]["document_id"])
    assert (document.organisation.slug, document.kind, document.year) == ("tillvaxtverket", "material", 2024)
    assert IngestionRun.objects.get().status == IngestionRun.Status.DONE


def test_ingest_reports_duplicates_and_failures_and_exits_non_zero_on_failure(tmp_path, db):
    good = tmp_path / "plan.txt"
    good.write_text(paragraph(70), encoding="utf-8")
    _ingest(str(good), "--organisation", "skane", "--json")
    broken = tmp_path / "trasig.pdf"
    broken.write_bytes(broken_pdf_bytes())
    with pytest.raises(CommandError) as caught:
        call_command(
            "ingest",
            str(good),
            str(broken),
            "--organisation",
            "skane",
            "--json",
            stdout=StringIO(),
        )
    assert caught.value.returncode == 1
    lines = _ingest(str(good), str(broken), "--organisation", "skane", "--json")
    assert [line["status"] for line in lines] == ["duplicate", "failed"]
    assert "trasig" in str(lines[1]["error"])
    assert Document.objects.count() == 1


def test_ingest_explains_an_unknown_organisation_and_lists_the_valid_ones(tmp_path, db):
    path = tmp_path / "a.txt"
    path.write_text("Text.", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("ingest", str(path), "--organisation", "Atlantis")
    assert caught.value.returncode == 2
    assert "Okänd organisation" in str(caught.value) and "ostergotland" in str(caught.value)


def test_ingest_reads_every_supported_file_in_a_folder(tmp_path, db):
    (tmp_path / "a.md").write_text(f"# Kultur\n\n{paragraph(70)}", encoding="utf-8")
    (tmp_path / "bild.png").write_bytes(b"\x89PNG")
    lines = _ingest(str(tmp_path), "--organisation", "gotland", "--json")
    assert [(line["file_name"], line["title"]) for line in lines] == [("a.md", "Kultur")]
