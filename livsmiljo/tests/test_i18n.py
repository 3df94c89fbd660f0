"""The site is Swedish first; English is complete enough that an English reader never meets Swedish chrome."""

import gettext
from pathlib import Path

from django.conf import settings


def test_the_home_page_speaks_english_to_an_english_browser(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    content = response.content.decode()
    assert '<html lang="en">' in content
    assert "The regions step forward" in content
    assert "Knowledge bank" in content
    assert "Kunskapsbank" not in content


def test_choosing_english_with_the_language_button_sticks(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/konto/logga-in/")
    assert "Username" in response.content.decode()


def test_the_swedish_page_stays_swedish(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="sv")
    assert "Regionerna kliver fram" in response.content.decode()


# Words spelled the same in both languages: their translation rightly equals the Swedish.
SAME_IN_ENGLISH = {
    "English", "Region", "Status", "status", "Information", "OCR", "text", "organisation",
    "%(n)s min per person", "In",
    "%(n)d min",
    "Word (DOCX)",
    "Material", "%(n)s MB", "%(n)d kB", "%(n)s min",
    "Person",
}  # fmt: skip


def test_every_message_has_an_english_translation():
    po = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [e for e in entries if not e.startswith("#~") and ('msgstr ""' in e.splitlines()[-1:])]
    fuzzy = [e for e in entries if "#, fuzzy" in e or ", fuzzy" in e]
    assert not untranslated, untranslated[:3]
    assert not fuzzy, fuzzy[:3]
    with po.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in entries[:: max(1, len(entries) // 25)]:  # a sample: the .mo is compiled from this .po
        msgid = entry.split('msgid "', 1)[1].split('"\nmsgstr', 1)[0].split('"\nmsgid_plural', 1)[0]
        if "\n" not in msgid and '"' not in msgid and msgid:
            assert compiled.gettext(msgid) != msgid or msgid in SAME_IN_ENGLISH, msgid
