"""What `make bench` writes to the README: one table per scale, each judged by its own scale's targets."""

import pytest

from tests.benchmarks.run import merged_block, table

HUNDRED = "Latest run: 2026-12-01, 100,000 claims, postgresql. `make bench` took 10.1 min.\n\n| a | 1 |"
MILLION = "Latest run: 2026-12-02, 1,000,000 claims, postgresql. `make bench` took 22.4 min.\n\n| a | 2 |"


def test_a_million_claim_run_keeps_the_hundred_thousand_table():
    block = merged_block("\n" + HUNDRED + "\n", MILLION)
    assert block == HUNDRED + "\n\n" + MILLION


def test_a_run_replaces_only_the_last_run_at_its_scale():
    again = HUNDRED.replace("2026-12-01", "2026-12-03").replace("| 1 |", "| 3 |")
    block = merged_block("\n" + HUNDRED + "\n\n" + MILLION + "\n\nAn old remark.\n", again)
    assert block == again + "\n\n" + MILLION
    assert merged_block(block, MILLION.replace("| 2 |", "| 4 |")) == again + "\n\n" + MILLION.replace("| 2 |", "| 4 |")


def test_an_empty_block_takes_the_run():
    assert merged_block("\n", MILLION) == MILLION


def _row(text: str, label: str) -> list[str]:
    return next(line for line in text.splitlines() if line.startswith(f"| {label}")).split(" | ")


def test_search_and_memory_are_judged_by_the_runs_scale():
    figures = {"database": "postgresql", "search_p95_ms": 80.0, "search_public_p95_ms": 70.0}
    figures |= {"search_api_p95_ms": 80.0, "worker_peak_rss_mb": 450.0}
    million = table({**figures, "scale_claims": 1_000_000})
    hundred = table({**figures, "scale_claims": 100_000})
    search = "  search p95, ms (the slower of the two)"
    assert _row(million, search)[2:] == ["< 100", "ok |"]
    assert _row(hundred, search)[2:] == ["< 50", "MISS |"]
    rss = "Worker peak RSS, MB (after n articles)"
    assert _row(million, rss)[2:] == ["< 600", "ok |"]
    assert _row(hundred, rss)[2:] == ["< 300", "MISS |"]


def test_a_section_without_its_run_line_is_refused():
    with pytest.raises(ValueError, match="Latest run"):
        merged_block("\n" + HUNDRED + "\n", "| a | 5 |")
