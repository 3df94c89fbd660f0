import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

LINES = [
    {"id": "a", "text": "Fler bussar och tåg ska korta restiden för pendlare mellan orterna i länet."},
    {
        "id": "b",
        "text": "Äldreomsorgen och vårdcentralerna behöver fler sjuksköterskor för de äldre invånarna.",
    },
]


def test_classify_reads_json_lines_and_writes_one_line_per_input(tmp_path):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in LINES) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("classify", str(source), "--json", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert rows[0]["themes"][0]["id"] == "transporter"
    assert "aldre" in rows[1]["groups"] and "halsa" in [t["id"] for t in rows[1]["themes"]]
    assert rows[0]["conflict"] == {"detected": False, "themes": []}
    assert "tillganglighet" in rows[0]["areas"]


def test_classify_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps(LINES[0]) + "\n"))
    out = io.StringIO()
    call_command("classify", "-", "--json", stdout=out)
    assert json.loads(out.getvalue())["id"] == "a"


def test_classify_explains_a_line_that_is_not_json(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text("inte json\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Rad 1"):
        call_command("classify", str(source), "--json")


def test_evaluate_classify_prints_per_theme_figures_and_f1(tmp_path):
    gold = [
        dict(x, themes=t, groups=g, conflict=False, conflict_themes=[])
        for x, t, g in zip(LINES, [["transporter"], ["halsa"]], [[], ["aldre"]], strict=False)
    ]
    source = tmp_path / "gold.jsonl"
    source.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in gold), encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate", "classify", "--passages", str(source), "--json", stdout=out)
    report = json.loads(out.getvalue())
    assert report["themes"]["transporter"]["recall"] == 1.0
    assert report["group"]["f1"] == 1.0 and "macro_f1" in report
    assert report["groups"]["aldre"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1}


def test_retag_tags_every_document_and_reports_the_count(region):
    from livsmiljo.analysis.models import PassageTag
    from livsmiljo.analysis.tests.factories import HEALTH, make_document

    document = make_document(region, HEALTH)
    out = io.StringIO()
    call_command("retag", stdout=out)
    assert "1 av 1 dokument" in out.getvalue()
    assert PassageTag.objects.filter(document=document).count() == 1
    with pytest.raises(CommandError, match="Inget dokument"):
        call_command("retag", "--document", "999999")
