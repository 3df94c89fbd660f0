"""`livsmiljo report meeting|organisation`: every format to a file, and a clear Swedish error otherwise."""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from livsmiljo.reports.tests.test_downloads import tagged_document
from livsmiljo.workshops.services.meetings import meeting_create, project_create

pytestmark = pytest.mark.django_db

MAGIC = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK", "md": b"# ", "html": b"<!DOCTYPE html>"}


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "html", "csv", "xlsx"])
def test_it_writes_the_organisation_report_in_every_format(fmt, region, tmp_path):
    tagged_document(region)
    target = tmp_path / f"profil.{fmt}"
    out = io.StringIO()
    call_command("report", "organisation", "Östergötland", "--format", fmt, "-o", str(target), stdout=out)
    data = target.read_bytes()
    if fmt == "csv":  # several tables: a zip with one CSV each
        assert "teman.csv" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    else:
        assert data.startswith(MAGIC[fmt])
    assert str(target) in out.getvalue()


def test_it_writes_one_table_as_csv_by_name(region, tmp_path):
    tagged_document(region)
    target = tmp_path / "teman.csv"
    call_command(
        "report", "organisation", region.slug, "--format", "csv", "--table", "teman", "-o", str(target)
    )
    assert target.read_text(encoding="utf-8-sig").startswith("Tema,")


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "html"])
def test_it_writes_the_meeting_documentation(fmt, facilitator, region, tmp_path):
    project = project_create(title="Lärprojektet", user=facilitator, organisations=[region])
    meeting = meeting_create(project=project, title="Möte i Stockholm", user=facilitator, template="tom")
    target = tmp_path / f"mote.{fmt}"
    call_command("report", "meeting", str(meeting.pk), "--format", fmt, "-o", str(target))
    assert target.read_bytes().startswith(MAGIC[fmt])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meeting", "999999"], "Det finns inget möte med id 999999"),
        (["meeting", "sju"], "Det finns inget möte med id sju"),
        (["organisation", "Atlantis"], "Det finns ingen organisation som heter Atlantis"),
        (["organisation", "ostergotland", "--format", "odt"], "Okänt format odt"),
        (["organisation", "ostergotland", "--format", "csv", "--table", "saknas"], "ingen tabell"),
        (["organisation", "ostergotland", "--audience", "public"], "har inte valt att publicera"),
        (["protokoll", "1"], "Okänd rapport protokoll"),
    ],
)
def test_it_fails_with_a_swedish_message_on_bad_input(args, message, region, tmp_path):
    with pytest.raises(CommandError, match=message):
        call_command("report", *args, "-o", str(tmp_path / "x"))
    assert not (tmp_path / "x").exists()


def test_a_bad_format_exits_non_zero_without_a_traceback(tmp_path):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "livsmiljo.settings", "LIVSMILJO_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "livsmiljo.cli", "report", "meeting", "1", "--format", "odt"],
        capture_output=True, text=True, env=env, cwd=Path(__file__).parents[3], timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1
    assert "Okänt format odt. Välj ett av: pdf, docx, md, html, csv, xlsx." in result.stderr
    assert "Traceback" not in result.stderr
