"""One wording across the site: what a reader meets in every form and template."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Form labels say "(frivilligt)" everywhere; plain Swedish instead of a mathematician's term.
AVOIDED = ("(frivillig)", "(valfritt)", "Cosinuslikhet")


def _user_facing_sources() -> list[Path]:
    templates = [p for p in ROOT.rglob("templates/**/*.html")]
    forms = [p for p in ROOT.rglob("forms.py")]
    return sorted(p for p in templates + forms if ".venv" not in p.parts)


@pytest.mark.parametrize("word", AVOIDED)
def test_no_template_or_form_uses_the_avoided_wording(word):
    found = [
        str(p.relative_to(ROOT)) for p in _user_facing_sources() if word in p.read_text(encoding="utf-8")
    ]
    assert found == []


def test_the_sources_scanned_include_the_matrix_forms_and_the_comparison_page():
    names = {str(p.relative_to(ROOT)) for p in _user_facing_sources()}
    assert "matrix/forms.py" in names
    assert "analysis/templates/analysis/compare.html" in names
