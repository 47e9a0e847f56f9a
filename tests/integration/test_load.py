"""A bounded load run against gunicorn while a worker ingests: zero 5xx, zero lost writes."""

import random
import statistics
import threading
import time

import pytest

from factcheck.articles.models import Article
from factcheck.claims.models import Claim
from factcheck.inputs import ArticleInput
from tests.corpus import corpus
from tests.factories import claim_in_state

from .conftest import WebServer, WorkerProcess, http, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

DURATION_S = 20
THREADS = 8


def test_public_pages_and_api_under_load_while_a_worker_ingests(worker_queue, tmp_path, users, rating_scale):
    from django.conf import settings

    from factcheck.articles.services import article_ingest
    from tests.factories import api_token

    token = api_token(users["editor"])
    rating = rating_scale.ratings.get(slug="mostly-false")
    slugs = [
        claim_in_state("published", reviewer=users["reviewer"], editor=users["editor"], rating=rating).verdict.slug
        for _ in range(5)
    ]
    for title, text in corpus(100, seed=31):
        article_ingest(ArticleInput(text=text, title=title), source=Article.Source.API)

    before = Article.objects.count()
    worker = WorkerProcess(worker_queue, tmp_path / "worker.log").start()
    server = WebServer(tmp_path / "web.log", queue=worker_queue, redis_url=settings.REDIS_URL)
    server.env["API_THROTTLE_USER"] = "100000/min"
    server.start()
    results: list[tuple[str, int, float]] = []
    accepted: list[int] = []
    lock = threading.Lock()
    deadline = time.monotonic() + DURATION_S
    counter = iter(range(10**6))

    def one_request(rng: random.Random) -> tuple[str, int]:
        pick = rng.random()
        if pick < 0.40:
            return "page", http("GET", f"{server.url}/fact-checks/{rng.choice(slugs)}/")[0]
        if pick < 0.55:
            return "index", http("GET", f"{server.url}/fact-checks/")[0]
        if pick < 0.75:
            return "api_claims", http("GET", f"{server.url}/api/v1/claims/?page_size=50", token=token)[0]
        if pick < 0.85:
            return "api_factchecks", http("GET", f"{server.url}/api/v1/fact-checks/")[0]
        n = next(counter)
        text = f"Load test article {n}: the clinic treated {100 + n} patients in 2024, its director said."
        status, body = http("POST", f"{server.url}/api/v1/articles/", token=token, body={"text": text})
        if status == 202:
            with lock:
                accepted.append(body["id"])
        return "api_post", status

    def run(seed: int):
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            started = time.monotonic()
            kind, status = one_request(rng)
            with lock:
                results.append((kind, status, time.monotonic() - started))

    try:
        threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=DURATION_S + 60)
        wait_for(lambda: not Article.objects.exclude(status="done").exists(), timeout=180, message="ingest done")
    finally:
        server.stop()
        worker.stop()

    errors = [r for r in results if r[1] >= 500]
    latencies = sorted(r[2] for r in results)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000
    by_kind = {k: sum(1 for r in results if r[0] == k) for k in {r[0] for r in results}}
    print(
        f"\nfault 6: {len(results)} requests in {DURATION_S}s ({len(results) / DURATION_S:.0f}/s), "
        f"{len(errors)} 5xx, p50 {p50:.0f} ms, p99 {p99:.0f} ms, by kind {by_kind}, "
        f"{len(accepted)} articles accepted, all stored and done"
    )
    assert not errors, errors[:5]
    assert {r[1] for r in results} <= {200, 202}
    assert Article.objects.filter(pk__in=accepted, status="done").count() == len(accepted) > 0
    assert Article.objects.count() == before + len(accepted)
    spans = list(Claim.objects.values_list("article_id", "start", "end"))
    assert len(spans) == len(set(spans))
