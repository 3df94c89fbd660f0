"""Which language a short text (a search query) is written in: Swedish or English.

py3langid (langid.py's model, bundled in the package: nothing is downloaded) restricted to the two
languages the library's users search in. The model is loaded once per process, on first use.
"""

from __future__ import annotations

from typing import Any

from livsmiljo.engine.lazy import once


@once
def _get_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(["sv", "en"])
    return identifier


def swedish_probability(text: str) -> float:
    """How likely `text` is Swedish rather than English, 0–1; 0.5 when there is nothing to go on."""
    if not any(ch.isalpha() for ch in text):
        return 0.5
    language, probability = _get_identifier().classify(text)
    return float(probability) if language == "sv" else 1.0 - float(probability)
