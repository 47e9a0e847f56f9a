"""``make bench``: build a desk of N claims, measure it side by side with baselines, write docs/benchmarks.json.

    python -m tests.benchmarks.run                    # N = 100,000 claims, 1,000 (+500) articles ingested
    python -m tests.benchmarks.run --scale 1000000    # a million claims

Every figure that depends on the machine is taken next to a baseline measured in the same run (extraction
alone, a trivial "ok" view on the same gunicorn, the same rows by raw SQL + json.dumps), or is a count.
See README "Benchmarks" for what each line means and the targets.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

from . import env as bench_env
from .rawfloor import API_FILTER, floor_difference, raw_claim_page

REPO = Path(__file__).resolve().parents[2]
INGEST_SEED = 11
INGEST_OFFSET = 5_000_000  # article numbers far from the loaded ones: new texts, new content hashes
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def log(message: str) -> None:
    print(message, flush=True)


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (0..100), nearest rank, in the values' unit."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, int(round(q / 100 * len(ordered) + 0.5)) - 1))
    return ordered[rank]


def timed(func, repeat: int) -> list[float]:
    """Milliseconds per call over ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        out.append((time.perf_counter() - started) * 1000)
    return out


# --- 1. extraction and ingestion -------------------------------------------------------------------------


def ingest_corpus(count: int, start: int = 0) -> list[tuple[str, str]]:
    from tests.corpus import article

    return [article(INGEST_OFFSET + i, seed=INGEST_SEED) for i in range(start, start + count)]


def measure_extraction(texts: list[str]) -> dict:
    from factcheck.extraction import extract
    from factcheck.extraction.speed import measure_sentences_per_second

    sps = measure_sentences_per_second(texts, repeat=1)
    sentences = sum(len(extract(text).sentences) for text in texts)
    per_article = sentences / len(texts)
    out = {
        "extraction_sentences_per_s": sps,
        "extraction_articles_per_s": sps / per_article,
        "sentences_per_article": per_article,
    }
    try:  # the check-worthiness scorer alone (factcheck.extraction.speed), where this version has it
        from factcheck.extraction.speed import article_sentences, measure_throughput
    except ImportError:
        return out
    # Distinct sentences only: the generated articles repeat many sentences word for word, and the scorer runs a
    # text repeated within one call once, which would count the repeats as free.
    distinct = list(dict.fromkeys(article_sentences(texts[:100])))
    out["scoring_sentences_per_s"] = measure_throughput(distinct, repeat=2)
    return out


def measure_matching(n_claims: int) -> dict:
    """Matching one new claim against ``n_claims`` stored ones, p95 (``factcheck.extraction.matchbench``: the
    worker's own index over generated claims, encoding included)."""
    from factcheck.extraction.matchbench import measure_match_latency

    return {"match_p95_ms": measure_match_latency(n_claims), "match_claims": n_claims}


def _ingest(items: list[tuple[str, str]]) -> list[int]:
    from factcheck.articles.models import Article
    from factcheck.articles.services import article_ingest
    from factcheck.inputs import ArticleInput

    return [
        article_ingest(ArticleInput(text=text, title=title), source=Article.Source.API).article.pk
        for title, text in items
    ]


def _finished(ids: list[int]) -> tuple[int, int]:
    from factcheck.articles.models import Article

    rows = Article.objects.filter(pk__in=ids, status__in=["done", "failed"]).values_list("status", flat=True)
    statuses = list(rows)
    return len(statuses), statuses.count("failed")


def _wait(ids: list[int], timeout: float, on_progress=None) -> tuple[float, int]:
    deadline = time.monotonic() + timeout
    while True:
        done, failed = _finished(ids)
        if on_progress:
            on_progress(done)
        if done >= len(ids):
            return time.perf_counter(), failed
        if time.monotonic() > deadline:
            raise RuntimeError(f"ingest stalled: {done}/{len(ids)} articles finished after {timeout}s")
        time.sleep(0.1)


def measure_ingest(
    benv: bench_env.BenchEnv, n_articles: int, n_extra: int, workdir: Path, first_article: int = 0
) -> dict:
    """End to end: the ingest service stores each article and enqueues it; 2 worker processes extract, store,
    link. Also the workers' peak RSS after n/2, n and n + extra articles. ``first_article`` moves the corpus on:
    an article ingested before is recognised as a duplicate and never reaches a worker."""
    from django.db import connection

    from factcheck.celery import app
    from tests.procs import Worker, cpu_seconds, pids_named, proc_status

    corpus_main = ingest_corpus(n_articles, start=first_article)
    corpus_extra = ingest_corpus(n_extra, start=first_article + n_articles)
    warm = ingest_corpus(20, start=first_article + n_articles + n_extra)
    out: dict = {"ingest_mode": "2 celery worker processes" if benv.workers else "in-process (no broker)"}
    if not benv.workers:
        # Tasks run eagerly inside this process: time the same work, and watch this process's memory.
        _ingest(warm)
        half = n_articles // 2
        rss = {}
        started = time.perf_counter()
        ids = _ingest(corpus_main[:half])
        rss[half] = proc_status(os.getpid()).get("VmRSS", 0) / 1024
        ids += _ingest(corpus_main[half:])
        elapsed = time.perf_counter() - started
        rss[n_articles] = proc_status(os.getpid()).get("VmRSS", 0) / 1024
        peak = proc_status(os.getpid()).get("VmHWM", 0) / 1024
        if n_extra:
            _ingest(corpus_extra)
            rss[n_articles + n_extra] = proc_status(os.getpid()).get("VmRSS", 0) / 1024
        _, failed = _finished(ids)
        labels = sorted(rss)
        out.update(
            ingest_articles_per_s=len(ids) / elapsed,
            ingest_failed=failed,
            worker_peak_rss_mb=peak,
            worker_rss_growth_mb=rss[labels[-1]] - rss[labels[0]],
            worker_rss_mb_by_articles={str(k): round(v, 1) for k, v in rss.items()},
            worker_rss_note="the harness process itself (tasks in-process): includes the loader's data",
        )
        return out

    app.conf.task_default_queue = benv.queue
    workers = [Worker(benv.environ(), benv.queue, workdir / f"worker{i}.log", concurrency=1) for i in range(2)]
    try:
        for worker in workers:
            worker.start()
        build_started = time.perf_counter()
        _wait(_ingest(warm), timeout=600)
        out["worker_warmup_s"] = time.perf_counter() - build_started
        pids = [pid for worker in workers for pid in worker.pool_pids()]
        samples: dict[int, dict] = {}

        def sample(label: int) -> None:
            samples[label] = {pid: proc_status(pid) for pid in pids}

        def progress(done: int, base: int = 0) -> None:
            if base + done >= n_articles // 2 and n_articles // 2 not in samples:
                sample(n_articles // 2)

        groups = {
            "workers": [p for w in workers for p in [w.proc.pid, *w.pool_pids()]],
            "postgresql": pids_named("postgres"),
            "redis": pids_named("redis-server"),
            "harness (ingest service)": [os.getpid()],
        }
        # Per process: PostgreSQL backends come and go during the run, and a total over a changing set of
        # processes could even come out negative. A process that ends before the sample loses its share.
        cpu_before = {pid: cpu_seconds([pid]) for pids in groups.values() for pid in pids}
        started = time.perf_counter()
        ids = _ingest(corpus_main)
        enqueued = time.perf_counter()
        finished, failed = _wait(ids, timeout=1800, on_progress=progress)
        sample(n_articles)
        groups["postgresql"] = sorted(set(groups["postgresql"]) | set(pids_named("postgres")))
        out["ingest_cpu_ms_per_article"] = {
            name: round(
                sum(max(0.0, cpu_seconds([pid]) - cpu_before.get(pid, 0.0)) for pid in pids) * 1000 / len(ids), 1
            )
            for name, pids in groups.items()
        }
        elapsed = finished - started
        out.update(
            ingest_articles_per_s=len(ids) / elapsed,
            ingest_seconds=elapsed,
            ingest_failed=failed,
            ingest_enqueue_s=enqueued - started,
        )
        if n_extra:
            extra = _ingest(corpus_extra)
            _, failed_extra = _wait(extra, timeout=1800)
            out["ingest_failed"] += failed_extra
            sample(n_articles + n_extra)
        rss = {label: max(s.get("VmRSS", 0) for s in by_pid.values()) / 1024 for label, by_pid in samples.items()}
        hwm = {label: max(s.get("VmHWM", 0) for s in by_pid.values()) / 1024 for label, by_pid in samples.items()}
        out["worker_rss_mb_by_articles"] = {str(k): round(v, 1) for k, v in sorted(rss.items())}
        out["worker_peak_rss_mb"] = hwm[n_articles]
        labels = sorted(rss)
        out["worker_rss_growth_mb"] = rss[labels[-1]] - rss[labels[0]] if len(labels) > 1 else 0.0
        out["worker_parent_rss_mb"] = max(proc_status(w.proc.pid).get("VmRSS", 0) for w in workers) / 1024
    finally:
        for worker in workers:
            worker.stop()
        connection.close()
    return out


# --- 2. public page under gunicorn ------------------------------------------------------------------------


def measure_page(
    benv: bench_env.BenchEnv,
    slugs: list[str],
    workdir: Path,
    seconds: float,
    rounds: int,
    extra_env: dict | None = None,
) -> dict:
    from tests.benchmarks import loadgen
    from tests.procs import Gunicorn

    server = Gunicorn({**benv.environ(), **(extra_env or {})}, workdir / "gunicorn.log", workers=2).start()
    try:
        pages = [f"/fact-checks/{slug}/" for slug in slugs[:20]]
        for path in pages * 2:  # the first visit renders and caches; readers in a burst get the cached page
            status, body = loadgen.fetch(server.port, path)
            if status != 200 or b"ClaimReview" not in body:
                raise RuntimeError(f"{path} answered {status}")
        loadgen.run(server.port, ["/bench/ok/"], duration=min(1.0, seconds), processes=2, threads=2)
        trivial, page = loadgen.LoadResult(), loadgen.LoadResult()
        for _ in range(rounds):  # interleaved, so drift on a noisy machine hits both alike
            t = loadgen.run(server.port, ["/bench/ok/"], duration=seconds)
            p = loadgen.run(server.port, pages, duration=seconds)
            trivial.requests += t.requests
            trivial.seconds += t.seconds
            trivial.latencies += t.latencies
            trivial.errors += t.errors
            page.requests += p.requests
            page.seconds += p.seconds
            page.latencies += p.latencies
            page.errors += p.errors
    finally:
        server.stop()
    return {
        "trivial_rps": trivial.rps,
        "page_rps": page.rps,
        "page_rps_ratio_to_trivial": page.rps / trivial.rps,
        "page_p50_ms": pct(page.latencies, 50) * 1000,
        "page_p99_ms": pct(page.latencies, 99) * 1000,
        "trivial_p50_ms": pct(trivial.latencies, 50) * 1000,
        "trivial_p99_ms": pct(trivial.latencies, 99) * 1000,
        "page_errors": page.errors + trivial.errors,
        "page_concurrency": 4,
    }


def local_page_cache(result: dict) -> dict:
    """The same page measure with the opt-in per-process page cache, under keys of their own."""
    return {f"{k}_local_cache_1s": v for k, v in result.items() if k.startswith(("page_rps", "page_p", "trivial_rps"))}


# As ``make serve`` runs it: the application imported once in the master before the workers fork (each worker
# starts ready instead of importing Django and the project itself while the first users wait), and the
# workers' heartbeat file in memory rather than on disk.
DESK_GUNICORN_ARGS = ("--backlog", "512", "--preload", "--worker-tmp-dir", "/dev/shm")


def measure_desk(benv: bench_env.BenchEnv, workdir: Path, users: int, seconds: float) -> dict:
    """``users`` desk users at once against gunicorn with 4 workers (``deskload``): p95 of every answer,
    errors, and drafts whose last acknowledged save is not what the database holds."""
    from tests.benchmarks import deskload
    from tests.procs import Gunicorn

    prepared = deskload.prepare_users(users, log=log)
    server = Gunicorn(benv.environ(), workdir / "gunicorn-desk.log", workers=4, extra_args=DESK_GUNICORN_ARGS).start()
    try:
        deskload.warm_up(server.port, prepared, rounds=8)  # each worker's first pages: templates, plans
        assert server.proc is not None
        web = deskload.WebCpu(server.proc.pid)  # from here: the CPU the web processes spend on the users
        result = deskload.run(server.port, prepared, seconds)
        web_cpu_s = web.spent()
    finally:
        server.stop()
    every = [v for values in result.latencies.values() for v in values]
    lost = deskload.lost_writes(result)
    for error in result.errors[:5]:
        log(f"  desk error: {error}")
    return {
        "desk_concurrent_users": len(prepared),
        "desk_concurrent_seconds": seconds,
        "desk_concurrent_requests": len(every) + len(result.errors),
        "desk_concurrent_p50_ms": pct(every, 50) * 1000,
        "desk_concurrent_p95_ms": pct(every, 95) * 1000,
        "desk_concurrent_p95_ms_by_step": {k: round(pct(v, 95) * 1000, 1) for k, v in sorted(result.latencies.items())},
        "desk_concurrent_errors": len(result.errors),
        "desk_concurrent_lost_writes": len(lost),
        "desk_concurrent_saves_checked": len(result.last_saved),
        # Where the p95 comes from: the web processes' CPU (user + system) for one user's loop of the four steps.
        "desk_concurrent_loops": result.loops,
        "desk_cpu_ms_per_loop": web_cpu_s * 1000 / result.loops if result.loops else None,
    }


# --- 3. API claim list ------------------------------------------------------------------------------------


def measure_api(editor, repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.factories import api_token

    client = Client(headers={"authorization": f"Token {api_token(editor)}", "accept": "application/json"})

    def get(page_size: int = 50):
        response = client.get("/api/v1/claims/", {**API_FILTER, "page_size": page_size})
        assert response.status_code == 200, response.content[:500]
        return response

    answer = get().json()["results"]
    floor = json.loads(raw_claim_page())["results"]
    if answer != floor:
        raise RuntimeError(f"the raw floor is not the API's page: {floor_difference(answer, floor)}")
    rows = len(answer)
    queries = {}
    for size in (1, 10, 50):
        with CaptureQueriesContext(connection) as ctx:
            get(size)
        queries[size] = len(ctx.captured_queries)
    for _ in range(5):
        get()
        raw_claim_page()
    api, raw = [], []
    for _ in range(repeat):  # interleaved
        api += timed(get, 1)
        raw += timed(raw_claim_page, 1)
    return {
        "api_p50_ms": statistics.median(api),
        "api_p99_ms": pct(api, 99),
        "api_rows": rows,
        "raw_p50_ms": statistics.median(raw),
        "api_p50_ratio_to_raw": statistics.median(api) / statistics.median(raw),
        "api_queries_per_request": queries[50],
        "api_queries_constant": len(set(queries.values())) == 1,
        "api_queries_by_page_size": {str(k): v for k, v in queries.items()},
    }


# --- 4. admin changelist ----------------------------------------------------------------------------------

CHANGELIST_URLS = [
    "/admin/claims/claim/",
    "/admin/claims/claim/?state__exact=new",
    "/admin/claims/claim/?state__exact=new&p=3",
    "/admin/claims/claim/?claim_type__exact=quantity",
]


def unbounded_counts(queries: list[dict]) -> list[str]:
    """COUNT queries over the claims table that are not capped by a LIMIT: they read every matching row."""
    return [
        q["sql"]
        for q in queries
        if "COUNT(" in q["sql"].upper() and '"claims_claim"' in q["sql"] and "LIMIT" not in q["sql"].upper()
    ]


def measure_changelist(editor, repeat: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(editor)
    per_url, counts, queries = {}, {}, {}
    for url in CHANGELIST_URLS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        counts[url] = unbounded_counts(ctx.captured_queries)
        queries[url] = len(ctx.captured_queries)
        per_url[url] = statistics.median(timed(lambda url=url: client.get(url), repeat))
    return {
        "changelist_ms": max(per_url.values()),
        "changelist_ms_by_url": {k: round(v, 1) for k, v in per_url.items()},
        "changelist_full_counts": max(len(v) for v in counts.values()),
        "changelist_full_count_sql": next((v[0][:300] for v in counts.values() if v), ""),
        "changelist_queries": max(queries.values()),
    }


#: The export's memory is traced on at most this many rows (see ``measure_export``).
EXPORT_PEAK_ROWS = 100_000


def measure_export(editor) -> dict:
    """Exporting the whole queue (every claim, the queue's order) through the desk's export path
    (``workflows.exports``: the service, then the CSV stream or the XLSX file read to its end, each chunk
    dropped as a client writes it to disk): rows/s, and the peak of Python memory (tracemalloc) against the
    same export of 1,000 rows. Bounded memory means a ratio near 1, whatever the number of rows.

    The memory peaks are taken on at most ``EXPORT_PEAK_ROWS`` rows: tracemalloc makes Python several times
    slower, and at a million claims the two traced exports took longer than the rest of the run."""
    import tracemalloc

    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from factcheck.claims.models import Claim
    from workflows import selectors
    from workflows.exports import selectors as export_selectors
    from workflows.exports import services
    from workflows.exports.http import export_response
    from workflows.exports.writers import XLSX_MAX_ROWS

    total = Claim.objects.count()
    small, traced = min(1000, total), min(EXPORT_PEAK_ROWS, total)
    ids = Claim.objects.order_by("id").values_list("id", flat=True)
    cutoffs = {small: ids[small - 1], traced: ids[traced - 1]}
    # The desk caps an XLSX built while the editor waits (FACTDESK_EXPORT_XLSX_MAX_ROWS); here it is measured
    # whole, to show its memory stays flat at any size.
    settings.FACTDESK = {**settings.FACTDESK, "EXPORT_XLSX_MAX_ROWS": XLSX_MAX_ROWS}

    def export(fmt: str, rows: int) -> int:
        queryset = selectors.claim_queue() if rows == total else selectors.claim_queue().filter(pk__lte=cutoffs[rows])
        plan = services.export_prepare(
            actor=editor, dataset="claims", fmt=fmt, queryset=queryset, filters={"bench": rows}, source="bench"
        )
        response = export_response(plan)
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        assert plan.rows == rows and size > 0, (plan.rows, rows)
        return size

    def peak(fmt: str, rows: int) -> int:
        tracemalloc.start()
        try:
            export(fmt, rows)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    out: dict = {
        "export_rows": total,
        "export_small_rows": small,
        "export_peak_rows": traced,
        "export_chunk_size": export_selectors.CHUNK_SIZE,
    }
    for fmt in services.FORMATS:
        export(fmt, small)  # warm: content types, the XLSX module, the planner
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            size = export(fmt, total)
        seconds = time.perf_counter() - started
        small_peak, large_peak = peak(fmt, small), peak(fmt, traced)
        out.update(
            {
                f"export_{fmt}_rows_per_s": total / seconds,
                f"export_{fmt}_seconds": seconds,
                f"export_{fmt}_mb": size / 1e6,
                f"export_{fmt}_queries": len(ctx.captured_queries),
                f"export_{fmt}_peak_mb": large_peak / 1e6,
                f"export_{fmt}_peak_mb_small": small_peak / 1e6,
                f"export_{fmt}_peak_ratio": large_peak / small_peak,
            }
        )
    return out


# --- 5. search ---------------------------------------------------------------------------------------------


def search_terms() -> list[str]:
    """Words an editor or a reader types: places with a topic, speakers, treatments, phrases, and the figures
    full-text search must keep whole (a hyphenated name, a percentage, a sum of money)."""
    from tests import corpus

    surnames = [p.split()[1] for p in corpus.PEOPLE]
    terms = [
        f"{place} {word}"
        for place, word in zip(
            corpus.PLACES,
            ["patients", "cured", "approval", "doses", "costs", "trial", "survival", "clinic", "ministry", "programme"],
            strict=True,
        )
    ]
    terms += [f"{name} said" for name in surnames[:5]] + [
        "CAR-T",
        "mRNA vaccine",
        "proton therapy",
        '"fully cured"',
        "chemotherapy survival",
        "roubles",
        "regulatory approval",
        "volunteers trial",
        "gene therapy Riga",
        "antibody drug Kyiv",
        "60%",
        "€500,000",
    ]
    return terms


def measure_search(editor, repeat_rounds: int) -> dict:
    """The public index's ``q``, the API's ``q`` and the admin queue's search box, each term in turn. The admin
    answers through the same selector as the API (``search_claims``); its figure is shown, not a target."""
    from django.test import Client

    from tests.factories import api_token

    terms = search_terms()
    public = Client()
    api = Client(headers={"authorization": f"Token {api_token(editor)}", "accept": "application/json"})
    admin = Client()
    admin.force_login(editor)
    public.get("/fact-checks/", {"q": "warm up"})  # first render of the template, first query plans
    api.get("/api/v1/claims/", {"q": "warm up"})
    admin.get("/admin/claims/claim/", {"q": "warm up"})
    public_ms, api_ms, admin_ms = [], [], []

    def timed_get(client, out: list[float], path: str, params: dict) -> None:
        started = time.perf_counter()
        response = client.get(path, params)
        out.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, params, response.status_code, response.content[:300])

    for round_ in range(repeat_rounds):
        for term in terms:
            # Each public query is new to the page cache (the round number makes the page parameter differ).
            timed_get(public, public_ms, "/fact-checks/", {"q": term, "page": str(round_ + 1) if round_ else ""})
            timed_get(api, api_ms, "/api/v1/claims/", {"q": term})
            timed_get(admin, admin_ms, "/admin/claims/claim/", {"q": term})
    return {
        "search_public_p50_ms": statistics.median(public_ms),
        "search_public_p95_ms": pct(public_ms, 95),
        "search_api_p50_ms": statistics.median(api_ms),
        "search_api_p95_ms": pct(api_ms, 95),
        "search_admin_p50_ms": statistics.median(admin_ms),
        "search_admin_p95_ms": pct(admin_ms, 95),
        "search_p50_ms": max(statistics.median(public_ms), statistics.median(api_ms)),
        "search_p95_ms": max(pct(public_ms, 95), pct(api_ms, 95)),
        "search_queries": len(terms) * repeat_rounds,
    }


# --- report -------------------------------------------------------------------------------------------------


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split("MemTotal:")[1].split()[0])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, IndexError, ValueError):
        pass
    from factcheck.extraction import kernels

    # The models' speed depends on it several times over (``kernels``): say which path this machine ran.
    matmul = (
        "int8 activations"
        if kernels.keep_int8_activations()
        else "no int8 dot product: encoder float32 weights, classifier exact int8 products"
    )
    return (
        f"{cpu or platform.processor() or 'unknown CPU'}, {os.cpu_count()} cores{mem}, {platform.system()} "
        f"{platform.release().split('-')[0]}, Python {platform.python_version()}, models: {matmul}"
    )


def server_versions(benv: bench_env.BenchEnv) -> str:
    from django.db import connection

    parts = []
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            parts.append(f"PostgreSQL {cursor.fetchone()[0].split()[0]}")
    else:
        import sqlite3

        parts.append(f"SQLite {sqlite3.sqlite_version}")
    if benv.redis_url:
        import redis

        info = redis.Redis.from_url(benv.redis_url).info("server")
        parts.append(f"Redis {info.get('redis_version')}")
    return ", ".join(parts)


def at_a_million(result: dict) -> bool:
    return result["scale_claims"] >= MILLION


def search_target(result: dict) -> float:
    """The issue's search target: p95 under 50 ms at 100,000 claims, under 100 ms at a million."""
    return 100 if at_a_million(result) else 50


def rss_target(result: dict) -> float:
    return 600 if at_a_million(result) else 300


TARGETS = [
    # (label, key, format, target text (or the text for a run's scale), passes)
    (
        "Check-worthiness scoring, sentences/s (1 core)",
        "scoring_sentences_per_s",
        "{:,.0f}",
        ">= 200",
        lambda r: r["scoring_sentences_per_s"] >= 200,
    ),
    ("  extraction end to end, sentences/s (1 process)", "extraction_sentences_per_s", "{:,.0f}", "", None),
    ("Ingest end to end, articles/s", "ingest_articles_per_s", "{:,.1f}", "", None),
    (
        "  ratio to extraction alone (articles/s)",
        "ingest_ratio_to_extraction",
        "{:.2f}x",
        ">= 0.5x",
        lambda r: r["ingest_ratio_to_extraction"] >= 0.5,
    ),
    (
        "Fact-check page, ratio to trivial view rps",
        "page_rps_ratio_to_trivial",
        "{:.2f}x",
        ">= 0.7x",
        lambda r: r["page_rps_ratio_to_trivial"] >= 0.7,
    ),
    ("  page rps / trivial rps", "page_rps", "{:,.0f}", "", None),
    ("  page p50, ms", "page_p50_ms", "{:.1f}", "", None),
    ("  page p99, ms", "page_p99_ms", "{:.1f}", "< 100", lambda r: r["page_p99_ms"] < 100),
    (
        "  with FACTDESK_PAGE_LOCAL_CACHE_SECONDS=1 (opt-in)",
        "page_rps_ratio_to_trivial_local_cache_1s",
        "{:.2f}x",
        "",
        None,
    ),
    ("API claim list p50, ms (50 rows, filtered)", "api_p50_ms", "{:.1f}", "", None),
    ("  API p99, ms", "api_p99_ms", "{:.1f}", "", None),
    (
        "  ratio to raw SQL + json.dumps",
        "api_p50_ratio_to_raw",
        "{:.2f}x",
        "<= 3x",
        lambda r: r["api_p50_ratio_to_raw"] <= 3,
    ),
    (
        "  queries per request (1/10/50 rows)",
        "api_queries_per_request",
        "{:.0f}",
        "constant",
        lambda r: r["api_queries_constant"],
    ),
    ("Admin changelist, ms per page (editor)", "changelist_ms", "{:.1f}", "< 300", lambda r: r["changelist_ms"] < 300),
    (
        "  full-table COUNTs per page view",
        "changelist_full_counts",
        "{:.0f}",
        "0",
        lambda r: r["changelist_full_counts"] == 0,
    ),
    ("Export of the whole queue, CSV rows/s", "export_csv_rows_per_s", "{:,.0f}", "", None),
    ("  XLSX rows/s", "export_xlsx_rows_per_s", "{:,.0f}", "", None),
    (
        "  peak memory, whole queue (up to 100,000 rows) / 1,000 rows (CSV)",
        "export_csv_peak_ratio",
        "{:.2f}x",
        "<= 1.5x",
        lambda r: r["export_csv_peak_ratio"] <= 1.5,
    ),
    (
        "  peak memory, whole queue (up to 100,000 rows) / 1,000 rows (XLSX)",
        "export_xlsx_peak_ratio",
        "{:.2f}x",
        "<= 1.5x",
        lambda r: r["export_xlsx_peak_ratio"] <= 1.5,
    ),
    ("Search p50, ms (public q + API q)", "search_p50_ms", "{:.1f}", "", None),
    (
        "  search p95, ms (the slower of the two)",
        "search_p95_ms",
        "{:.1f}",
        lambda r: f"< {search_target(r):.0f}",
        lambda r: r["search_p95_ms"] < search_target(r),
    ),
    (
        "    public index q p95, ms (published fact-checks)",
        "search_public_p95_ms",
        "{:.1f}",
        lambda r: f"< {search_target(r):.0f}",
        lambda r: r["search_public_p95_ms"] < search_target(r),
    ),
    (
        "    API q p95, ms (all claims)",
        "search_api_p95_ms",
        "{:.1f}",
        lambda r: f"< {search_target(r):.0f}",
        lambda r: r["search_api_p95_ms"] < search_target(r),
    ),
    (
        "Desk, 50 users at once (gunicorn, 4 workers): p95, ms",
        "desk_concurrent_p95_ms",
        "{:.0f}",
        "< 300",
        lambda r: r["desk_concurrent_p95_ms"] < 300,
    ),
    ("  web CPU per desk user loop, ms (gunicorn workers)", "desk_cpu_ms_per_loop", "{:.0f}", "", None),
    ("  user loops completed", "desk_concurrent_loops", "{:,.0f}", "", None),
    (
        "  errors / drafts not as last saved",
        "desk_concurrent_errors",
        "{:.0f}",
        "0",
        lambda r: r["desk_concurrent_errors"] == 0 and r.get("desk_concurrent_lost_writes", 0) == 0,
    ),
    (
        "Matching a new claim against the desk, p95, ms",
        "match_p95_ms",
        "{:.1f}",
        "<= 20",
        lambda r: r["match_p95_ms"] <= 20,
    ),
    (
        "Worker peak RSS, MB (after n articles)",
        "worker_peak_rss_mb",
        "{:.0f}",
        lambda r: f"< {rss_target(r):.0f}",
        lambda r: r["worker_peak_rss_mb"] < rss_target(r),
    ),
    (
        "  RSS growth, MB (n/2 -> n + extra)",
        "worker_rss_growth_mb",
        "{:+.1f}",
        "flat",
        lambda r: r["worker_rss_growth_mb"] is not None and r["worker_rss_growth_mb"] < 20,
    ),
]


def table(result: dict) -> str:
    lines = [
        f"| measure ({result['scale_claims']:,} claims, {result['database']}) | result | target | |",
        "| --- | ---: | --- | --- |",
    ]
    for label, key, fmt, target, passes in TARGETS:
        value = result.get(key)
        if key == "ingest_articles_per_s":
            label = f"{label} ({result.get('ingest_mode', '')})"
        if value is None:
            shown = "n/a"
        elif key == "page_rps":
            shown = f"{value:,.0f} / {result['trivial_rps']:,.0f}"
        else:
            shown = fmt.format(value)
        verdict = "" if passes is None or value is None else ("ok" if passes(result) else "MISS")
        lines.append(f"| {label} | {shown} | {target(result) if callable(target) else target} | {verdict} |")
    return "\n".join(lines)


def flat(result: dict) -> dict:
    """docs/benchmarks.json is one flat object: nested figures become ``<key>__<part>`` keys, lists text."""
    out = {}
    for key, value in result.items():
        if isinstance(value, dict):
            for part, inner in value.items():
                name = re.sub(r"[^a-z0-9]+", "_", str(part).lower()).strip("_") or "root"
                out[f"{key}__{name}"] = inner
        elif isinstance(value, list | tuple):
            out[key] = "; ".join(str(v) for v in value)
        else:
            out[key] = value
    return out


MILLION = 1_000_000


def merged(path: Path, figures: dict, *, partial: bool = False) -> dict:
    """What docs/benchmarks.json becomes: a million-claim run goes under ``million`` beside the 100,000-claim
    figures; any other run replaces those and keeps the last ``million``. A ``partial`` run (some phases) updates
    the figures it measured and keeps the others of the same scale."""
    try:
        previous = json.loads(path.read_text())
    except (OSError, ValueError):
        previous = {}
    million = figures.get("scale_claims", 0) >= MILLION
    if partial:
        before = previous.get("million", {}) if million else {k: v for k, v in previous.items() if k != "million"}
        if before.get("scale_claims") == figures.get("scale_claims"):
            figures = {**before, **figures}
    if million:
        return {**previous, "million": figures}
    return {**figures, **({"million": previous["million"]} if "million" in previous else {})}


def write_figures(path: Path, result: dict, *, partial: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(merged(path, flat(result), partial=partial), indent=2, sort_keys=True, default=str) + "\n"
    )
    log(f"bench: wrote {path}" + (' (under "million")' if result["scale_claims"] >= MILLION else ""))


def recorded_claims(path: Path) -> int | None:
    """How many claims the load recorded beside this run's database holds (``loader.save_record``), if any.
    Read as plain JSON: Django is not set up yet when the run decides whether to load."""
    try:
        return int(json.loads(path.read_text())["claims"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def ingest_breakdown(result: dict) -> dict:
    """Where an ingested article's time goes, in ms of CPU per article: extraction alone (the same corpus,
    one process), the rest of the workers' work (matching, the ORM, Celery), PostgreSQL, Redis (the broker),
    and the ingest service that stores and enqueues each article."""
    cpu = result.get("ingest_cpu_ms_per_article") or {}
    extraction = 1000 / result["extraction_articles_per_s"]
    out = {"extraction": round(extraction, 1)}
    if "workers" in cpu:
        out["matching_orm_celery"] = round(max(0.0, cpu["workers"] - extraction), 1)
    for name, label in (
        ("postgresql", "postgresql"),
        ("redis", "broker_redis"),
        ("harness (ingest service)", "ingest_service"),
    ):
        if name in cpu:
            out[label] = cpu[name]
    return out


_RUN_SCALE = re.compile(r"^Latest run: [^,]*, ([\d,]+) claims", re.MULTILINE)


def merged_block(block: str, section: str) -> str:
    """The README's benchmark block with ``section`` (a run's header and table) in place of the last run at the
    same scale: one section per scale (100,000 and a million), smallest first, so a million-claim run does not
    drop the 100,000-claim table. Text in the block outside such sections is not kept."""
    starts = [match.start() for match in _RUN_SCALE.finditer(block)]
    ends = [*starts[1:], len(block)] if starts else []
    sections = [_header_and_table(block[a:b]) for a, b in zip(starts, ends, strict=True)]
    by_scale = {_scale(text): text for text in sections}
    by_scale[_scale(section)] = section.strip()
    return "\n\n".join(by_scale[scale] for scale in sorted(by_scale))


def _scale(section: str) -> int:
    """The number of claims a section's header line names."""
    match = _RUN_SCALE.match(section.strip())
    if match is None:
        raise ValueError("a benchmark section starts with its 'Latest run: <date>, <n> claims' line")
    return int(match.group(1).replace(",", ""))


def _header_and_table(text: str) -> str:
    """A run's header line and its table, without what follows the table."""
    lines = text.strip().splitlines()
    table_rows = [n for n, line in enumerate(lines) if line.startswith("|")]
    if not table_rows:
        return lines[0]
    end = table_rows[0]
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[:end]).strip()


def update_readme(text: str) -> None:
    path = REPO / "README.md"
    readme = path.read_text()
    if README_START not in readme:
        return
    head, rest = readme.split(README_START, 1)
    block, tail = rest.split(README_END, 1)
    path.write_text(f"{head}{README_START}\n{merged_block(block, text)}\n{README_END}{tail}")


# --- main ----------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=100_000, help="claims to load (default 100,000)")
    parser.add_argument("--articles", type=int, default=1000, help="articles ingested end to end (default 1,000)")
    parser.add_argument("--extra-articles", type=int, default=500, help="more articles, to see if RSS grows")
    parser.add_argument("--database", choices=["auto", "postgresql", "sqlite"], default="auto")
    parser.add_argument("--broker", choices=["auto", "redis", "none"], default="auto")
    parser.add_argument("--sqlite-path", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=None, help="default docs/benchmarks.json (a full run)")
    parser.add_argument("--load-seconds", type=float, default=5.0, help="each load round on gunicorn")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved trivial/page load rounds")
    parser.add_argument("--repeat", type=int, default=60, help="requests per in-process latency measure")
    parser.add_argument("--update-readme", action="store_true", help="write the table into README.md")
    parser.add_argument("--workdir", type=Path, default=None, help="logs of workers and gunicorn")
    parser.add_argument("--desk-users", type=int, default=50, help="desk users at once (default 50)")
    parser.add_argument("--desk-seconds", type=float, default=60.0, help="how long they work (default 60)")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated phases to run (api, changelist, search, export, page, desk, extraction, match, "
        "ingest; 'load' alone loads and measures nothing); default all. A partial run writes no README table, "
        "and writes --out only when given: its figures merged into that file's ones of the same scale.",
    )
    parser.add_argument(
        "--first-article",
        type=int,
        default=0,
        help="number of the first generated article the ingest phase sends (default 0); with --reuse-load, pick "
        "one past the articles the runs before sent (each run sends articles + extra-articles + 20), or they are "
        "duplicates and no worker sees them",
    )
    parser.add_argument(
        "--reuse-load",
        action="store_true",
        help="measure the database the last run loaded at this scale instead of loading it again (its record is "
        "kept beside the database; phases that write, such as ingest and desk, have changed it since)",
    )
    args = parser.parse_args(argv)

    run_started = time.perf_counter()
    benv = bench_env.choose(args.database, args.broker, args.sqlite_path)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="factdesk-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    log(
        f"bench: database {benv.database} ({benv.database_url}), "
        f"{'Redis ' + benv.redis_url + ' + real Celery workers' if benv.redis_url else 'no broker: in-process tasks'}"
    )
    for note in benv.notes:
        log(f"bench: {note}")
    log(f"bench: logs in {workdir}")
    record = bench_env.load_record_path(benv)
    reuse = args.reuse_load and recorded_claims(record) == args.scale
    if args.reuse_load and not reuse:
        log(f"bench: no load of {args.scale:,} claims recorded at {record}: loading one")
    if not reuse:
        record.unlink(missing_ok=True)
        bench_env.recreate_database(benv)
    benv.apply()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tests.benchmarks.loader import load, read_record, save_record

    step = time.perf_counter()
    call_command("migrate", verbosity=0)
    if reuse:
        loaded = read_record(record)
        log(f"bench: reusing the load of {loaded.claims:,} claims recorded at {record} (--reuse-load)")
    else:
        log(f"bench: migrated in {time.perf_counter() - step:.1f}s; loading {args.scale:,} claims")
        loaded = load(args.scale, log=log)
        save_record(loaded, record)
    editor = get_user_model().objects.get(pk=loaded.editor_id)
    result: dict = {
        "scale_claims": loaded.claims,
        "machine": machine(),
        "database": benv.database,
        "servers": server_versions(benv),
        "fallback": benv.notes,
        "load_seconds": loaded.seconds,
        "load_seconds_by_step": {name: round(seconds, 1) for name, seconds in loaded.steps.items()},
        "published_factchecks": loaded.published,
        "audit_rows": loaded.audit,
    }

    phases = [
        ("api", lambda: measure_api(editor, args.repeat)),
        ("changelist", lambda: measure_changelist(editor, max(5, args.repeat // 4))),
        ("search", lambda: measure_search(editor, 2 if args.repeat >= 20 else 1)),
        ("export", lambda: measure_export(editor)),
        ("page", lambda: measure_page(benv, loaded.published_slugs, workdir, args.load_seconds, args.rounds)),
        (
            "page",
            lambda: local_page_cache(
                measure_page(
                    benv,
                    loaded.published_slugs,
                    workdir,
                    args.load_seconds,
                    args.rounds,
                    {"FACTDESK_PAGE_LOCAL_CACHE_SECONDS": "1"},
                )
            ),
        ),
        ("desk", lambda: measure_desk(benv, workdir, args.desk_users, args.desk_seconds)),
        ("extraction", lambda: measure_extraction([t for _, t in ingest_corpus(min(300, args.articles))])),
        ("match", lambda: measure_matching(loaded.claims)),
        ("ingest", lambda: measure_ingest(benv, args.articles, args.extra_articles, workdir, args.first_article)),
    ]
    only = {name.strip() for name in args.only.split(",") if name.strip()}
    for name, phase in phases:
        if only and name not in only:
            continue
        step = time.perf_counter()
        log(f"bench: {name}...")
        result.update(phase())
        log(f"bench: {name} done in {time.perf_counter() - step:.1f}s")
    if "ingest_articles_per_s" in result and "extraction_articles_per_s" in result:
        result["ingest_ratio_to_extraction"] = result["ingest_articles_per_s"] / result["extraction_articles_per_s"]
        result["ingest_ms_per_article"] = ingest_breakdown(result)
        log(
            "bench: ingest, ms of CPU per article: "
            + ", ".join(f"{k} {v}" for k, v in result["ingest_ms_per_article"].items())
        )
    result["ingest_articles"] = args.articles
    result["run_seconds"] = time.perf_counter() - run_started
    if only:
        log(json.dumps(result, indent=2, sort_keys=True, default=str))
        if args.out:
            write_figures(args.out, result, partial=True)
        return 0

    text = table(result)
    missed = [label.strip() for label, _, _, _, passes in TARGETS if passes and not passes(result)]
    header = (
        f"Latest run: {time.strftime('%Y-%m-%d')}, {result['scale_claims']:,} claims, {result['database']} "
        f"({result['servers']}), {result['ingest_articles']:,} articles ingested, on {result['machine']}. "
        f"`make bench` took {result['run_seconds'] / 60:.1f} min."
    )
    log("\n" + header + "\n\n" + text + "\n")
    if benv.notes:
        log("\n".join(f"bench: {note}" for note in benv.notes))
    log(f"bench: {len(missed)} target(s) missed: {', '.join(missed)}" if missed else "bench: every target met")
    write_figures(args.out or REPO / "docs" / "benchmarks.json", result)
    if args.update_readme:
        update_readme(header + "\n\n" + text)
        log("bench: README.md Benchmarks table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
