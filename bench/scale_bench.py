"""Scale benchmarks for issue 14: search latency, web-process memory and ingestion throughput, per backend.

Libraries come from `bench/scale_data.py` (built once, reused): SQLite in `--sqlite-dir` (with `{n}` for the
size), PostgreSQL in `--postgres-url` (with `{n}` for the database name). Every measurement runs in its own
process so that backends and sizes do not share caches.

    .venv/bin/python bench/scale_bench.py search --sizes 1000 50000 250000 --backends sqlite postgres
    .venv/bin/python bench/scale_bench.py memory --sizes 250000 --backends sqlite postgres
    .venv/bin/python bench/scale_bench.py ingest --backends sqlite postgres --documents 12 --configs 1x1 2x1

search: `search_passages` (hybrid, the product's path: query embedding, keyword BM25, vectors, visibility,
snippets and explanations), 50 queries after 3 warm-up queries, for all documents (`user=None`) and for a
member of one organisation who may see its documents and the shared ones (about 30 % of the library: the
visibility filter). memory: a real `livsmiljo serve` process, 30 searches through the JSON API as that
member (warm-up), then its resident memory (RSS). ingest: `--documents` generated DOCX files of three pages
queued as one ingestion run each, then real `livsmiljo worker` processes, per `--configs` entry "WxT": W
workers with T embedding threads each (default 1x1 and 2x1); documents per minute from the first run started
to the last one done (embedding included), on a fresh empty library (and PostgreSQL database) each time. The
framework's vectors for tagging are computed before the clock starts, as any library past its first upload
has them (`--cold`: not). One watcher process reports when all runs are done; the CPU seconds of the workers
and the watcher and each run's start and end are reported too.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from load_bench import free_port, machine  # same folder: the scripts run as `python bench/…`

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = str(ROOT / ".venv" / "bin" / "python")
LIVSMILJO = str(ROOT / ".venv" / "bin" / "livsmiljo")

QUERIES = [
    "kollektivtrafik på landsbygden",
    "kompetensförsörjning inom vården",
    "bostadsbyggande och förtätning",
    "klimatanpassning och översvämningar",
    "digital service i glesbygden",
    "unga och psykisk ohälsa",
    "innovation och entreprenörskap",
    "trygghet i utsatta områden",
    "turism och besöksnäring",
    "biologisk mångfald i skogen",
    "integration och arbetsmarknad för utrikes födda",
    "samverkan mellan kommuner och region",
    "cirkulär ekonomi i industrin",
    "energiomställning och elnät",
    "tillgänglighet för personer med funktionsnedsättning",
    "jämställdhet i regionens arbete",
    "kultur och föreningsliv",
    "äldres hälsa och omsorg",
    "barns uppväxtvillkor",
    "hållbart resande och cykel",
    "grönområden och parker i tätorten",
    "bredband på landsbygden",
    "uppföljning av den regionala utvecklingsstrategin",
    "delaktighet och dialog med invånare",
    "målkonflikt mellan förtätning och grönytor",
    "kommunernas översiktsplaner",
    "vattenförsörjning och torka",
    "livsmedelsproduktion och jordbruk",
    "skolans roll för social hållbarhet",
    "arbetspendling över länsgränsen",
    "näringslivets omställning",
    "folkhälsa och levnadsvanor",
    "bostäder för unga",
    "klimatutsläpp från transporter",
    "civilsamhällets roll",
    "regionala tillväxtmedel",
    "kunskap om hållbara livsmiljöer",
    "segregation och boende",
    "beredskap och kris",
    "kulturmiljö och kulturarv",
    "yrkesutbildning och vuxenutbildning",
    "vården nära invånarna",
    "attraktiva livsmiljöer för att locka invånare",
    "samhällsplanering och trygghet",
    "lärprojekt och erfarenhetsutbyte",
    "Agenda 2030 och de globala målen",
    "social hållbarhet i planeringen",
    "public transport in rural areas",
    "housing for young people",
    "climate adaptation",
]


def environment(backend: str, size: int, args: argparse.Namespace) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "LIVSMILJO_DATA_DIR")}
    env["DJANGO_SETTINGS_MODULE"] = "livsmiljo.settings"
    env["LIVSMILJO_DATA_DIR"] = args.sqlite_dir.format(n=size)
    if backend == "postgres":
        env["DATABASE_URL"] = args.postgres_url.format(n=size)
        env["LIVSMILJO_DATA_DIR"] = args.sqlite_dir.format(n=size) + "-pgfiles"
    return env


def percentiles(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1),
        "max_ms": round(times[-1], 1),
    }


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# --- search, inside one process per backend and size ------------------------------------------------------


def search_here(queries: int) -> dict[str, Any]:
    import django

    django.setup()
    from django.db import connection

    from livsmiljo.documents.models import Document, Passage
    from livsmiljo.organisations.models import User
    from livsmiljo.search.services import search_passages

    member = User.objects.get(username="scale-member")
    visible = Document.objects.visible_to(member).count() / max(1, Document.objects.count())
    started = time.perf_counter()
    for query in QUERIES[:3]:
        search_passages(query=query, user=None)
    warm_up_s = time.perf_counter() - started
    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "passages": Passage.objects.count(),
        "documents": Document.objects.count(),
        "member_sees": round(visible, 3),
        "warm_up_s": round(warm_up_s, 1),
    }
    for name, user in (("all_documents", None), ("member_visibility_filter", member)):
        times = []
        for i in range(queries):
            query = QUERIES[i % len(QUERIES)]
            t0 = time.perf_counter()
            search_passages(query=query, user=user, limit=10)
            times.append((time.perf_counter() - t0) * 1000)
        result[name] = percentiles(times)
    result["parts_p50_ms"] = parts(min(queries, 25))
    result["rss_mb"] = rss_mb(os.getpid())
    result["load_average"] = round(os.getloadavg()[0], 1)
    return result


def parts(queries: int) -> dict[str, float]:
    """Median milliseconds of the three parts of a search over all documents."""
    from livsmiljo.engine.embeddings import embed_query
    from livsmiljo.engine.text import analyse_query
    from livsmiljo.search.backends import get_backend

    backend = get_backend()
    spent: dict[str, list[float]] = {"embed_query": [], "keyword_search": [], "vector_search": []}
    for query in QUERIES[:queries]:
        t0 = time.perf_counter()
        vector = embed_query(query)
        t1 = time.perf_counter()
        backend.keyword_search(analyse_query(query, backend.vocabulary()), document_ids=None, limit=30)
        t2 = time.perf_counter()
        backend.vector_search(vector, document_ids=None, limit=30)
        t3 = time.perf_counter()
        for name, seconds in zip(spent, (t1 - t0, t2 - t1, t3 - t2), strict=True):
            spent[name].append(seconds * 1000)
    return {name: round(statistics.median(values), 1) for name, values in spent.items()}


def run_search(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for size in args.sizes:
        for backend in args.backends:
            env = environment(backend, size, args)
            done = subprocess.run(
                [PYTHON, __file__, "_search", "--queries", str(args.queries)],
                env=env, cwd=ROOT, capture_output=True, text=True, timeout=3600,
            )  # fmt: skip
            if done.returncode:
                results[f"{backend} {size}"] = {"error": done.stderr[-1500:]}
            else:
                results[f"{backend} {size}"] = json.loads(done.stdout.strip().splitlines()[-1])
            print(f"{backend} {size}: {results[f'{backend} {size}']}", file=sys.stderr, flush=True)
    return results


# --- memory of a real web process -------------------------------------------------------------------------


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer in {seconds} s")


def login(base: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/konto/logga-in/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    data = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": "scale-member",
            "password": "scale-bench-password",
        }
    ).encode()
    request = urllib.request.Request(f"{base}/konto/logga-in/", data=data, headers={"Referer": base + "/"})
    opener.open(request, timeout=30).read()
    return opener


def run_memory(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for size in args.sizes:
        for backend in args.backends:
            env = environment(backend, size, args)
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            server = subprocess.Popen(
                [LIVSMILJO, "serve", "--host", "127.0.0.1", "--port", str(port), "--no-worker"],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            try:
                wait_for(f"{base}/konto/logga-in/", 180)
                started_rss = rss_mb(server.pid)
                opener = login(base)
                times = []
                for i in range(args.warm_up):
                    query = urllib.parse.quote(QUERIES[i % len(QUERIES)])
                    t0 = time.perf_counter()
                    body = opener.open(f"{base}/api/search/?q={query}&limit=10", timeout=120).read()
                    times.append((time.perf_counter() - t0) * 1000)
                    json.loads(body)
                results[f"{backend} {size}"] = {
                    "rss_after_start_mb": started_rss,
                    "rss_after_warm_up_mb": rss_mb(server.pid),
                    "searches": args.warm_up,
                    "http_search_after_first_5": percentiles(times[5:]) if len(times) > 5 else {},
                    "first_search_ms": round(times[0]) if times else None,
                }
            except Exception as error:  # report it and go on with the next
                results[f"{backend} {size}"] = {"error": repr(error)}
            finally:
                server.terminate()
                try:
                    _, err = server.communicate(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    _, err = server.communicate()
                if "error" in results[f"{backend} {size}"]:
                    results[f"{backend} {size}"]["stderr"] = (err or "")[-1500:]
            print(f"{backend} {size}: {results[f'{backend} {size}']}", file=sys.stderr, flush=True)
    return results


# --- ingestion throughput with one and two workers ------------------------------------------------------


def make_documents(folder: Path, count: int) -> list[Path]:
    """`count` DOCX files of three pages of generated Swedish prose (scale_data's generator)."""
    import docx  # python-docx
    import numpy as np
    from docx.enum.text import WD_BREAK

    from bench.scale_data import Generator, real_texts

    texts = real_texts()
    generator = Generator(texts, np.zeros((len(texts), 384), np.float32), seed=99)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        document = docx.Document()
        document.add_heading(f"Regional strategi {n}", level=1)
        for page in range(3):
            for section in range(2):
                document.add_heading(generator.headings[(n + page + section) % len(generator.headings)], 2)
                topic = (int(generator.rng.integers(len(texts))), int(generator.rng.integers(len(texts))))
                for _ in range(2):
                    document.add_paragraph(generator.passage_text(topic))
            if page < 2:
                document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        path = folder / f"strategi-{n:03d}.docx"
        document.save(str(path))
        paths.append(path)
    return paths


def queue_here(folder: str, warm: bool) -> dict[str, Any]:
    """Inside Django: one queued ingestion run per file, as uploads make them. With `warm`, first the
    framework's vectors that tagging needs (computed once in a library's life and kept in the database, as
    any library past its first upload has them), so that the timed part is the documents' own work."""
    import django

    django.setup()
    from livsmiljo.documents.services import ingestion_run_create
    from livsmiljo.organisations.models import Organisation

    if warm:
        from livsmiljo.analysis.tagging import classifier_get

        classifier_get()
    organisation, _ = Organisation.objects.get_or_create(name="Skalregion 00", slug="scale-00")
    paths = sorted(Path(folder).glob("*.docx"))
    for path in paths:
        ingestion_run_create(
            files=[(path.name, path)], organisation=organisation, user=None, kind="rus", year=2025,
            title="", shared=True, enqueue=True,
        )  # fmt: skip
    return {"queued": len(paths)}


def progress_here() -> dict[str, Any]:
    import django

    django.setup()
    from django.db.models import Max, Min

    from livsmiljo.documents.models import IngestionRun, Passage

    runs = IngestionRun.objects.all()
    times = runs.aggregate(first=Min("started_at"), last=Max("finished_at"))
    return {
        "runs": runs.count(),
        "done": runs.filter(status__in=["done", "failed"]).count(),
        "failed": runs.filter(status="failed").count(),
        "passages": Passage.objects.filter(embedding__isnull=False).count(),
        "first_started": times["first"].timestamp() if times["first"] else None,
        "last_finished": times["last"].timestamp() if times["last"] else None,
        "runs_started_finished": [
            [
                r.started_at.timestamp() if r.started_at else None,
                r.finished_at.timestamp() if r.finished_at else None,
            ]
            for r in runs.order_by("pk")
        ],
    }


def watch_here(timeout: float) -> dict[str, Any]:
    """Inside Django, one process for the whole run: wait until every run is done (or `timeout`), then
    the state. (Starting a Django process every 2 s to ask cost the measured workers about a core-second
    each time on this 2-core machine.)"""
    from django.db import close_old_connections

    state = progress_here()
    deadline = time.monotonic() + timeout
    while state["done"] < state["runs"] and time.monotonic() < deadline:
        time.sleep(1)
        close_old_connections()
        state = progress_here()
    return state


def helper(env: dict[str, str], *args: str, timeout: float = 600) -> dict[str, Any]:
    done = subprocess.run(
        [PYTHON, __file__, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode:
        raise SystemExit(f"{args} failed: {done.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def fresh_postgres_database(url: str) -> None:
    """Drop and create the database of `url`, so every configuration starts from an empty library."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def configuration(text: str) -> tuple[int, int]:
    """ "2x1": two worker processes with one embedding thread each."""
    workers, _, threads = text.partition("x")
    return int(workers), int(threads or 1)


def run_ingest(args: argparse.Namespace) -> dict[str, Any]:
    results: dict[str, Any] = {}
    files = Path(tempfile.mkdtemp(prefix="scale-docs-", dir="/tmp"))
    make_documents(files, args.documents)
    try:
        for backend in args.backends:
            for workers, threads in map(configuration, args.configs):
                key = f"{backend} {workers}x{threads}"
                data = Path(tempfile.mkdtemp(prefix="scale-ingest-", dir="/tmp"))
                env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
                env |= {"DJANGO_SETTINGS_MODULE": "livsmiljo.settings", "LIVSMILJO_DATA_DIR": str(data)}
                if backend == "postgres":
                    env["DATABASE_URL"] = args.postgres_url.format(n=f"ingest_{workers}x{threads}")
                    fresh_postgres_database(env["DATABASE_URL"])
                subprocess.run([LIVSMILJO, "migrate", "--noinput"], env=env, cwd=ROOT, check=True,
                               capture_output=True, timeout=600)  # fmt: skip
                helper(env, "_queue", str(files), *(["--cold"] if args.cold else []))
                load_before = round(os.getloadavg()[0], 1)
                started = time.time()
                cpu_before = os.times()
                command = [LIVSMILJO, "worker", "--interval", "0.2", "--no-startup-delay"]
                command += ["--threads", str(threads)]
                processes = [
                    subprocess.Popen(
                        [*command, "--worker-id", f"scale-{i}"],
                        env=env,
                        cwd=ROOT,
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                    for i in range(workers)
                ]
                try:
                    state = helper(env, "_watch", "--timeout", str(args.timeout), timeout=args.timeout + 120)
                finally:
                    for process in processes:
                        process.terminate()
                    for process in processes:
                        try:
                            process.wait(timeout=30)
                        except subprocess.TimeoutExpired:
                            process.kill()
                cpu = os.times()
                span = (state["last_finished"] or time.time()) - (state["first_started"] or started)
                results[key] = {
                    "workers": workers,
                    "threads": threads,
                    **{k: state[k] for k in ("runs", "done", "failed", "passages")},
                    "seconds": round(span, 1),
                    "documents_per_minute": round(state["done"] / span * 60, 2) if span > 0 else None,
                    # every process started and ended here: workers (start-up and model load included),
                    # the watcher
                    "cpu_seconds": round(
                        cpu.children_user + cpu.children_system
                        - cpu_before.children_user - cpu_before.children_system, 1
                    ),
                    # each run's start and end, seconds after the first start: do the workers overlap?
                    "runs_s": [
                        [round(t - (state["first_started"] or started), 1) if t else None for t in run]
                        for run in state["runs_started_finished"]
                    ],
                    "load_average_before": load_before,
                    "load_average_after": round(os.getloadavg()[0], 1),
                }  # fmt: skip
                print(f"{key}: {results[key]}", file=sys.stderr, flush=True)
                shutil.rmtree(data, ignore_errors=True)
            one = results.get(f"{backend} 1x1", {}).get("documents_per_minute")
            two = results.get(f"{backend} 2x1", {}).get("documents_per_minute")
            if one and two:
                results[f"{backend} speed-up 2x1 / 1x1"] = round(two / one, 2)
    finally:
        shutil.rmtree(files, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("what", choices=["search", "memory", "ingest", "_search", "_queue", "_watch"])
    parser.add_argument("folder", nargs="?")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 50000, 250000])
    parser.add_argument("--backends", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--queries", type=int, default=50)
    parser.add_argument("--warm-up", type=int, default=30)
    parser.add_argument("--documents", type=int, default=24)
    parser.add_argument("--timeout", type=float, default=3000)
    parser.add_argument(
        "--configs",
        nargs="+",
        default=["1x1", "2x1"],
        help="ingest: worker processes x embedding threads each, e.g. 1x1 2x1 1x2",
    )
    parser.add_argument(
        "--cold", action="store_true", help="ingest: leave the framework's vectors to the first document"
    )
    parser.add_argument("--sqlite-dir", default="/tmp/sbench/sqlite-{n}")
    parser.add_argument("--postgres-url", default="postgres://postgres@127.0.0.1:54333/scale_{n}")
    args = parser.parse_args()
    if args.what == "_search":
        print(json.dumps(search_here(args.queries)))
        return
    if args.what == "_queue":
        print(json.dumps(queue_here(args.folder, warm=not args.cold)))
        return
    if args.what == "_watch":
        import django

        django.setup()
        print(json.dumps(watch_here(args.timeout)))
        return
    report: dict[str, Any] = {"machine": machine(), "load_before": round(os.getloadavg()[0], 1)}
    report[args.what] = {"search": run_search, "memory": run_memory, "ingest": run_ingest}[args.what](args)
    print(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
