"""Can a nonsense query be told from a real one? Best dense similarity and keyword evidence, measured.

A nonsense query ("xyzzyqwerty") matches no keyword, and dense retrieval always returns its nearest passages,
so the hybrid ranking shows hits for it. An English or other-language query has no Swedish keyword match
either, so "no keyword match" alone must not empty the page. This measures, on the shared evaluation set
(the same in-memory index as `livsmiljo evaluate search`), the best dense (cosine) similarity of

- the shared set's real queries (Swedish and English, with their keyword evidence),
- real questions in other languages on the same topics (German, French, Finnish, Spanish),
- nonsense: keyboard mashes, made-up words, random letters,

and prints the widest gap between the nonsense and the real queries without keyword evidence.

    .venv/bin/python bench/nonsense_bench.py [--passages ../shared/eval/passages.jsonl]
        [--queries ../shared/eval/queries.jsonl] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import string
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OTHER_LANGUAGES = [
    "öffentlicher Nahverkehr im ländlichen Raum",
    "Wohnungsbau und Verdichtung in der Stadt",
    "transports publics dans les zones rurales",
    "logement abordable pour les jeunes",
    "julkinen liikenne maaseudulla",
    "osaavan työvoiman saatavuus",
    "transporte público en zonas rurales",
    "cambio climático y adaptación",
]
NONSENSE = [
    "xyzzyqwerty",
    "asdfghjkl",
    "qwertyuiop",
    "blorft snärkel",
    "flumbergast kvidde",
    "zxcvbnm",
    "lorem ipsum dolor sit amet",
    "hjkl hjkl hjkl",
    "aaaaaaa",
    "plöff gnurk",
    "jfjfjfjf kdkdkd",
    "wubbalubba",
]


def _random_words(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    letters = string.ascii_lowercase + "åäö"
    return [
        " ".join(
            "".join(rng.choice(letters) for _ in range(rng.randint(5, 11))) for _ in range(rng.randint(1, 3))
        )
        for _ in range(count)
    ]


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def measure(backend: Any, text: str) -> dict[str, Any]:
    from livsmiljo.search.retrieval import rank

    results = rank(backend, text, document_ids=None, limit=10).results
    return {
        "query": text,
        "keyword": any(r.keyword_score > 0 for r in results),
        "best_dense": round(max((r.dense_score for r in results), default=0.0), 4),
        "hits": len(results),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", default=str(ROOT.parent / "shared" / "eval" / "passages.jsonl"))
    parser.add_argument("--queries", default=str(ROOT.parent / "shared" / "eval" / "queries.jsonl"))
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("LIVSMILJO_DATA_DIR", tempfile.mkdtemp(prefix="nonsense-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    import django

    django.setup()
    from livsmiljo.search.evaluation import build_backend

    backend = build_backend(_read_jsonl(Path(args.passages)))
    groups: dict[str, list[dict[str, Any]]] = {
        "shared set": [
            {**measure(backend, q["query"]), "lang": q.get("lang", "")}
            for q in _read_jsonl(Path(args.queries))
        ],
        "other languages": [measure(backend, q) for q in OTHER_LANGUAGES],
        "nonsense": [measure(backend, q) for q in NONSENSE + _random_words(7, 12)],
    }
    real_without_keywords = [
        r["best_dense"] for g in ("shared set", "other languages") for r in groups[g] if not r["keyword"]
    ]
    real_all = [r["best_dense"] for g in ("shared set", "other languages") for r in groups[g]]
    nonsense = [r["best_dense"] for r in groups["nonsense"] if not r["keyword"]]
    summary = {
        "nonsense_without_keywords": f"{len(nonsense)} of {len(groups['nonsense'])}",
        "nonsense_best_dense_max": max(nonsense, default=None),
        "real_without_keywords_min": min(real_without_keywords, default=None),
        "real_min": min(real_all),
        "gap": round(min(real_without_keywords, default=1.0) - max(nonsense, default=0.0), 4),
    }
    if args.json:
        print(json.dumps({"groups": groups, "summary": summary}, ensure_ascii=False, indent=2))
        return
    for name, rows in groups.items():
        print(f"\n{name}:")
        for r in sorted(rows, key=lambda r: r["best_dense"]):
            print(f"  {r['best_dense']:.4f}  keyword={'yes' if r['keyword'] else 'no '}  {r['query']}")
    print("\nsummary:", json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
