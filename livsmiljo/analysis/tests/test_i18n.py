from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_every_analysis_message_has_an_english_translation():
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') or 'msgstr[0] ""' in e]
    assert not untranslated, untranslated[:3]
    assert not [e for e in entries if "fuzzy" in e]
    assert PO.with_suffix(".mo").stat().st_mtime >= PO.stat().st_mtime - 1
