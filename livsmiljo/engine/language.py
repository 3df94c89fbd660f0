"""Which language a short text (a search query) is written in: Swedish or English.

py3langid (langid.py's model, bundled in the package: nothing is downloaded) restricted to the two
languages the library's users search in. The model is loaded once per process, on first use.

The bundled model is LZMA-compressed and covers 97 languages; decompressing it took 0.4–0.7 s in every
process, which made up most of a command-line search. The first process therefore saves the two-language
slice uncompressed (0.4 MB of scores, 40 MB of tokeniser tables) in a cache folder, and later processes
memory-map it in a few milliseconds. The cache is named after the bundled model's path, size and modification
time, written to a temporary folder and renamed into place, and replaced if it cannot be read.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from livsmiljo.engine.lazy import once

LANGUAGES = ("sv", "en")
_ARRAYS = ("ptc", "pc", "nextmove", "nextmove_row", "out_feat")


def cache_dir() -> Path:
    """`LIVSMILJO_CACHE_DIR`, else the user's cache folder (`XDG_CACHE_HOME` or ~/.cache) /livsmiljo."""
    if folder := os.environ.get("LIVSMILJO_CACHE_DIR"):
        return Path(folder)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "livsmiljo"


def _bundled_model() -> Path:
    from py3langid.langid import MODEL_DIR, MODEL_FILE

    return Path(MODEL_DIR) / MODEL_FILE


def _cache_path(model: Path) -> Path:
    stat = model.stat()
    key = hashlib.sha256(f"{model}|{stat.st_size}|{stat.st_mtime_ns}|{LANGUAGES}".encode()).hexdigest()[:16]
    return cache_dir() / f"langid-{'-'.join(LANGUAGES)}-{key}"


def _identifier(arrays: dict[str, Any]) -> Any:
    """py3langid's identifier over the two-language arrays. The tokeniser tables are handed over as
    memoryviews: indexing one gives a Python int, as py3langid's own `array` does, and over a memory-mapped
    file only the pages a query walks through are read."""
    from py3langid.langid import LanguageIdentifier

    return LanguageIdentifier(
        arrays["ptc"],
        arrays["pc"],
        list(LANGUAGES),
        memoryview(arrays["nextmove"]),
        memoryview(arrays["out_feat"]),
        norm_probs=True,
        tk_row=memoryview(arrays["nextmove_row"]),
    )


def _read_cache(folder: Path) -> dict[str, Any] | None:
    import numpy as np

    try:
        arrays = {
            name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS
        }
    except (OSError, ValueError):  # missing, truncated or foreign: fall back to the bundled model
        return None
    ptc, rows, out = arrays["ptc"], arrays["nextmove_row"], arrays["out_feat"]
    consistent = (
        ptc.ndim == 2
        and ptc.shape[1] == len(LANGUAGES)
        and arrays["pc"].shape == (len(LANGUAGES),)
        and arrays["nextmove"].size % 256 == 0
        and rows.shape == out.shape
        and (rows.size == 0 or int(rows.max()) * 256 < arrays["nextmove"].size)
        and (out.size == 0 or int(out.max()) < ptc.shape[0])
    )
    return arrays if consistent else None


def _load_bundled() -> dict[str, Any]:
    import numpy as np
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, out_feat = load_model(_bundled_model())
    indices = [classes.index(language) for language in LANGUAGES]
    return {
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, indices]),
        "pc": np.asarray(pc)[indices],
        "nextmove": np.frombuffer(nextmove, dtype=np.dtype(nextmove.typecode)),
        "nextmove_row": np.frombuffer(row, dtype=np.dtype(row.typecode)),
        "out_feat": np.array(out_feat, dtype=np.int32),
    }


def _write_cache(folder: Path, arrays: dict[str, Any]) -> None:
    """Written to a temporary folder and renamed into place, so a reader sees either no cache or a complete
    one. Another process winning the race, or a read-only cache folder, is no error."""
    import numpy as np

    with contextlib.suppress(OSError):
        folder.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}-"))
        try:
            for name, array in arrays.items():
                np.save(temporary / f"{name}.npy", array, allow_pickle=False)
            temporary.rename(folder)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)


def load_identifier() -> Any:
    """The Swedish/English identifier, from the cache when it is readable, else from the bundled model."""
    folder = _cache_path(_bundled_model())
    arrays = _read_cache(folder)
    if arrays is None:
        arrays = _load_bundled()
        shutil.rmtree(folder, ignore_errors=True)  # an unreadable cache is replaced
        _write_cache(folder, arrays)
    return _identifier(arrays)


_get_identifier = once(load_identifier)


def swedish_probability(text: str) -> float:
    """How likely `text` is Swedish rather than English, 0–1; 0.5 when there is nothing to go on."""
    if not any(ch.isalpha() for ch in text):
        return 0.5
    language, probability = _get_identifier().classify(text)
    return float(probability) if language == "sv" else 1.0 - float(probability)
