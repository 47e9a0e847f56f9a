"""`make bench` must not rot: run the whole harness at a tiny scale (SQLite, in-process tasks) and check it
writes every figure docs/benchmarks.json promises. No timing is asserted: this only proves it runs."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

# Minutes, not seconds: left out of `make test-fast`, always in `make test`.
pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
NUMBERS = [
    "scale_claims",
    "extraction_sentences_per_s",
    "ingest_articles_per_s",
    "ingest_ratio_to_extraction",
    "page_rps_ratio_to_trivial",
    "page_p99_ms",
    "api_p50_ms",
    "api_p50_ratio_to_raw",
    "api_queries_per_request",
    "changelist_ms",
    "search_p95_ms",
    "worker_peak_rss_mb",
    "desk_concurrent_p95_ms",
    "match_p95_ms",
    "export_csv_rows_per_s",
    "export_xlsx_rows_per_s",
    "export_csv_peak_ratio",
    "export_xlsx_peak_ratio",
]


def test_bench_harness_runs_end_to_end_at_a_tiny_scale(tmp_path):
    out = tmp_path / "benchmarks.json"
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.benchmarks.run",
            "--scale",
            "300",
            "--articles",
            "20",
            "--extra-articles",
            "10",
            "--database",
            "sqlite",
            "--broker",
            "none",
            "--sqlite-path",
            str(tmp_path / "bench.sqlite3"),
            "--out",
            str(out),
            "--load-seconds",
            "0.3",
            "--rounds",
            "1",
            "--repeat",
            "3",
            "--workdir",
            str(tmp_path),
            "--desk-users",
            "4",
            "--desk-seconds",
            "4",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    assert "FALLBACK" in completed.stdout  # it says so when it is not on PostgreSQL + Redis
    assert "| Admin changelist" in completed.stdout
    result = json.loads(out.read_text())
    for key in NUMBERS:
        assert isinstance(result[key], int | float), (key, result.get(key))
    assert result["scale_claims"] == 300
    assert result["database"] == "sqlite" and result["machine"]
    assert result["api_queries_constant"] is True
    assert result["changelist_full_counts"] == 0
    assert result["page_errors"] == 0
    assert result["desk_concurrent_errors"] == 0 and result["desk_concurrent_lost_writes"] == 0
    assert result["desk_concurrent_saves_checked"] >= 1  # the drafts were saved, and each found as last saved
    assert result["ingest_ms_per_article__extraction"] > 0


def test_a_million_claim_run_merges_into_the_figures_of_the_last_run(tmp_path):
    from tests.benchmarks.run import merged

    out = tmp_path / "benchmarks.json"
    out.write_text(json.dumps(merged(out, {"scale_claims": 100_000, "api_p50_ms": 3.0})))
    out.write_text(json.dumps(merged(out, {"scale_claims": 1_000_000, "api_p50_ms": 4.0})))
    assert json.loads(out.read_text()) == {
        "scale_claims": 100_000,
        "api_p50_ms": 3.0,
        "million": {"scale_claims": 1_000_000, "api_p50_ms": 4.0},
    }
    out.write_text(json.dumps(merged(out, {"scale_claims": 100_000, "api_p50_ms": 2.0})))
    assert json.loads(out.read_text())["million"]["api_p50_ms"] == 4.0
    assert json.loads(out.read_text())["api_p50_ms"] == 2.0
