"""Search latency benchmark: p50/p95 of `search_passages` at 1,000 and 50,000 passages.

Runs in a throw-away data folder (migrated first). Passages are synthetic Swedish text built from a word
list, indexed for keywords through the real `passages_index` (tokens in SQLite FTS5, scored by the in-memory
BM25 index). Their vectors are random unit vectors (embedding 50,000 passages would take an hour here);
queries are embedded with the real model, so query embedding is part of the measured latency.

    .venv/bin/python bench/search_bench.py [--sizes 1000 50000] [--queries 60] [--json]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _words(text: str) -> list[str]:
    return text.split()


WORDS = _words(
    """
    region kommun länet invånare kollektivtrafik pendling tåg buss järnväg vägar godstransporter
    hamnar bostäder bostadsbyggande förtätning grönområden parker landsbygd glesbygd tätort
    stadskärna service hälsa vård vårdcentral folkhälsa äldreomsorg psykisk ohälsa barn unga skola
    utbildning yrkeshögskola kompetensförsörjning arbetsmarknad arbetslöshet matchning företag
    näringsliv innovation entreprenörskap turism besöksnäring export industri omställning klimat
    utsläpp energi vindkraft solenergi elnät klimatanpassning översvämning skog jordbruk livsmedel
    vatten biologisk mångfald cirkulär ekonomi kultur bibliotek idrott föreningsliv civilsamhälle
    demokrati delaktighet dialog jämställdhet integration segregation trygghet brottsförebyggande
    beredskap totalförsvar kris digitalisering bredband e-tjänster samverkan flernivåstyrning
    strategi handlingsplan uppföljning indikatorer mål insatser finansiering
    """
)
GLUE = _words(
    """
    och att som för med på i av till ska kan behöver genom inom mellan bland de det en ett
    """
)
QUERIES = [
    "kollektivtrafik på landsbygden",
    "kompetensförsörjning inom vården",
    "bostadsbyggande och förtätning",
    "klimatanpassning översvämning",
    "digitalisering av service i glesbygd",
    "unga och psykisk ohälsa",
    "innovation och entreprenörskap",
    "public transport in rural areas",
    "skills supply",
    "energi och elnät",
    "trygghet och brottsförebyggande arbete",
    "turism och besöksnäring",
    "biologisk mångfald i skogen",
    "integration och arbetsmarknad",
    "samverkan mellan kommuner och region",
    "cirkulär ekonomi i industrin",
]


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        mem = Path("/proc/meminfo").read_text().splitlines()[0].split()[1]
        info["memory_gb"] = round(int(mem) / 1024 / 1024, 1)
    except OSError:
        pass
    return info


def setup_django(data_dir: Path) -> None:
    os.environ["LIVSMILJO_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


# Content words follow Zipf's law over the base words and compounds of two of them, as in real prose:
# a few words are everywhere, most are rare. (Drawing 150 words uniformly would put every query term
# in a third of all passages, which no library does.)
VOCABULARY = WORDS + [a + b for a in WORDS for b in WORDS if a != b and len(a) + len(b) < 22]
_CUMULATIVE = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(VOCABULARY))))


def sentence(rng: random.Random) -> str:
    words = [
        rng.choices(VOCABULARY, cum_weights=_CUMULATIVE)[0] if rng.random() < 0.6 else rng.choice(GLUE)
        for _ in range(rng.randint(8, 16))
    ]
    return " ".join(words).capitalize() + "."


def build(total: int, rng: random.Random) -> float:
    """Create documents of 100 passages each until `total` passages exist; return seconds spent indexing."""
    import numpy as np

    from livsmiljo.documents.models import Document, Passage
    from livsmiljo.organisations.models import Organisation
    from livsmiljo.search.services import _bump, passages_index

    organisations = list(Organisation.objects.all())
    have = Passage.objects.count()
    indexing = 0.0
    n = Document.objects.count()
    while have < total:
        n += 1
        document = Document.objects.create(
            organisation=organisations[n % len(organisations)], title=f"Strategi {n}", kind="rus",
            year=2020 + n % 6, file=f"documents/bench-{n}.pdf", file_name=f"strategi-{n}.pdf",
            file_format="pdf", content_hash=f"bench-{n}", page_count=50, shared=n % 3 == 0,
        )  # fmt: skip
        count = min(100, total - have)
        vectors = rng_vectors(count, rng)
        Passage.objects.bulk_create(
            Passage(
                document=document, page=1 + i // 2, ordinal=i, heading=f"Avsnitt {1 + i // 10}",
                text=" ".join(sentence(rng) for _ in range(rng.randint(5, 9))), word_count=100,
                embedding=np.asarray(vectors[i], np.float32).tobytes(),
            )
            for i in range(count)
        )  # fmt: skip
        started = time.perf_counter()
        passages_index(document=document)
        indexing += time.perf_counter() - started
        have += count
    _bump("vectors")
    return indexing


def rng_vectors(count: int, rng: random.Random) -> Any:
    import numpy as np

    matrix = np.random.default_rng(rng.randint(0, 2**31)).standard_normal((count, 384)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def measure(queries: int, user: Any) -> dict[str, float]:
    from livsmiljo.search.services import search_passages

    search_passages(query="uppvärmning", user=user)  # loads the model and the vector matrix
    times = []
    for i in range(queries):
        query = QUERIES[i % len(QUERIES)] + ("" if i < len(QUERIES) else f" {WORDS[i % len(WORDS)]}")
        started = time.perf_counter()
        search_passages(query=query, user=user, limit=10)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "max_ms": round(times[-1], 1),
    }


def breakdown(queries: int) -> dict[str, float]:
    """Median milliseconds of the parts of one search over all documents."""
    from livsmiljo.engine.embeddings import embed_query
    from livsmiljo.engine.text import analyse_query
    from livsmiljo.search.backends import get_backend
    from livsmiljo.search.backends.sqlite import forget_cache
    from livsmiljo.search.models import IndexSnapshot

    backend = get_backend()
    IndexSnapshot.objects.all().delete()
    forget_cache()
    started = time.perf_counter()
    backend.vocabulary()  # builds the in-memory BM25 index and saves its snapshot
    build_ms = (time.perf_counter() - started) * 1000
    forget_cache()
    started = time.perf_counter()
    backend.vocabulary()  # as another process does: loads the snapshot
    load_ms = (time.perf_counter() - started) * 1000
    parts: dict[str, list[float]] = {"embed_query": [], "keyword_search": [], "vector_search": []}
    for i in range(queries):
        query = f"{QUERIES[i % len(QUERIES)]} {WORDS[(3 * i) % len(WORDS)]}"
        started = time.perf_counter()
        vector = embed_query(query)
        parts["embed_query"].append(time.perf_counter() - started)
        analysed = analyse_query(query, backend.vocabulary())
        started = time.perf_counter()
        backend.keyword_search(analysed, document_ids=None, limit=30)
        parts["keyword_search"].append(time.perf_counter() - started)
        started = time.perf_counter()
        backend.vector_search(vector, document_ids=None, limit=30)
        parts["vector_search"].append(time.perf_counter() - started)
    medians = {f"{name}_p50_ms": round(statistics.median(v) * 1000, 1) for name, v in parts.items()}
    return {"keyword_index_build_ms": round(build_ms), "keyword_index_load_ms": round(load_ms), **medians}


def update(rng: random.Random) -> dict[str, float]:
    """Milliseconds to bring the keyword index up to date after one more document of 100 passages, as
    ingestion does after the document's transaction commits (merge, then save the snapshot)."""
    from livsmiljo.documents.models import Passage
    from livsmiljo.search.backends.vectors import DatabaseVectors, forget_cache
    from livsmiljo.search.services import keyword_index_refresh

    DatabaseVectors().current()
    build(Passage.objects.count() + 100, rng)  # bumps the vectors token, as each embedded batch does
    started = time.perf_counter()
    keyword_index_refresh()
    keyword_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    DatabaseVectors().current()  # takes in the new vectors (the token changed)
    vectors_ms = (time.perf_counter() - started) * 1000
    batches = []
    for _ in range(3):  # as while a document is being embedded: 16 more vectors, token bumped
        build(Passage.objects.count() + 16, rng)
        started = time.perf_counter()
        DatabaseVectors().current()
        batches.append((time.perf_counter() - started) * 1000)
    forget_cache()
    started = time.perf_counter()
    DatabaseVectors().current()  # the same from a cold cache
    load_ms = (time.perf_counter() - started) * 1000
    return {
        "keyword_index_update_ms": round(keyword_ms),
        "vector_matrix_reload_ms": round(vectors_ms),
        "vector_matrix_load_ms": round(load_ms),
        "vector_matrix_batch_of_16_ms": [round(b, 1) for b in batches],
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 50000])
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--data-dir", help="keep the built library here (reused when run again)")
    args = parser.parse_args()
    rng = random.Random(7)
    results: dict[str, Any] = {"machine": machine(), "sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(args.data_dir or tmp))
        from livsmiljo.organisations.models import Organisation, User
        from livsmiljo.organisations.services import user_create

        member = User.objects.filter(username="bench").first() or user_create(
            username="bench", password="x" * 12, organisation=Organisation.objects.first()
        )
        for size in sorted(args.sizes):
            indexing = build(size, rng)
            row = {
                "keyword_index_seconds_total": round(indexing, 1),
                "all_documents": measure(args.queries, None),
                "member_visibility_filter": measure(args.queries, member),
                "parts": {**breakdown(args.queries), **update(rng)},
            }
            row["load_average"] = round(os.getloadavg()[0], 1)
            results["sizes"][str(size)] = row
            if not args.json:
                figures = row["member_visibility_filter"]
                print(f"{size:>6} passages: all {row['all_documents']}, member {figures}")
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
