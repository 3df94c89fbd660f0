import json
import os
import subprocess
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from livsmiljo.engine.matrix import ScoredMatrix, read_csv, write_xlsx

CONTRACT = (
    ",Bostäder,Pendling,Grönområden,Företag\n"
    "Bostäder,0,2,-2,1\nPendling,2,0,-1,2\nGrönområden,-1,0,0,1\nFöretag,1,2,-3,0\n"
)
LIVSMILJO = Path(__file__).resolve().parents[3] / ".venv" / "bin" / "livsmiljo"


def _run(*args: str) -> str:
    out = StringIO()
    call_command("matrix", *args, stdout=out)
    return out.getvalue()


def test_analyse_with_json_prints_the_figures_by_goal_name(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(CONTRACT, encoding="utf-8")
    result = json.loads(_run("analyse", str(path), "--json"))
    assert result["goals"] == ["Bostäder", "Pendling", "Grönområden", "Företag"]
    assert result["out"] == {"Bostäder": 1, "Pendling": 3, "Grönområden": 0, "Företag": 0}
    assert result["in"]["Grönområden"] == -6
    assert result["second_order"] == {"Bostäder": 6, "Pendling": 2, "Grönområden": -1, "Företag": 7}
    assert result["strong_conflicts"] == [["Företag", "Grönområden", -3], ["Bostäder", "Grönområden", -2]]
    assert result["clusters"] == [["Bostäder", "Pendling", "Företag"]]
    assert set(result) == {
        "goals",
        "out",
        "in",
        "out_pos",
        "out_neg",
        "second_order",
        "strong_conflicts",
        "clusters",
    }


def test_analyse_reads_an_xlsx_file_too(tmp_path):
    path = tmp_path / "m.xlsx"
    path.write_bytes(write_xlsx(read_csv(CONTRACT)))
    assert json.loads(_run("analyse", str(path), "--json"))["out"]["Pendling"] == 3


def test_analyse_without_json_says_in_swedish_what_drives_and_what_needs_a_decision(tmp_path):
    path = tmp_path / "m.csv"
    path.write_text(CONTRACT, encoding="utf-8")
    text = _run("analyse", str(path))
    assert "Driver systemet" in text and "Pendling: +3" in text
    assert "Hålls tillbaka" in text and "Grönområden: −6" in text
    assert "Företag → Grönområden: −3" in text
    assert "Bostäder, Pendling, Företag" in text


def test_a_bad_file_raises_a_message_that_names_row_and_column(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(";A;B;C\nA;;1;2\nB;1;;hög\nC;1;1;\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"Rad 3, kolumn 4 \(B → C\)"):
        _run("analyse", str(path))


def test_a_missing_file_gets_a_message():
    with pytest.raises(CommandError, match="finns inte"):
        _run("analyse", "/no/such/matrix.csv")


def test_a_bad_file_exits_non_zero_with_the_message_on_stderr_and_no_traceback(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(",A,B,C\nA,,1,2\nB,1,,1\nC,7,1,\n", encoding="utf-8")
    env = {**os.environ, "LIVSMILJO_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [str(LIVSMILJO), "matrix", "analyse", str(path), "--json"], capture_output=True, text=True, env=env
    )
    assert done.returncode != 0
    assert done.stdout == ""
    assert "Rad 4, kolumn 2 (C → A)" in done.stderr and "utanför skalan" in done.stderr
    assert "Traceback" not in done.stderr


def test_export_template_writes_an_empty_matrix_that_reads_back():
    text = _run("export-template", "Boende", "Trafik", "=Natur")
    assert text.splitlines()[0] == ",Boende,Trafik,'=Natur"
    assert read_csv(text) == ScoredMatrix(("Boende", "Trafik", "=Natur"), {})


def test_export_template_needs_three_different_goals():
    with pytest.raises(CommandError, match="minst 3"):
        _run("export-template", "Boende", "Trafik")
    with pytest.raises(CommandError, match="eget namn"):
        _run("export-template", "Boende", "Trafik", "boende")
