"""``match_claims --linked``: only the matches the desk would link (threshold reached, figures agreeing)."""

from __future__ import annotations

import io
import json

from django.core.management import call_command


def run(tmp_path, queries: str, *args: str) -> list[dict]:
    archive = tmp_path / "archive.tsv"
    archive.write_text(
        "same\tHealth minister Maria Novak said 1200 children died of measles in 2025.\n"
        "other\tHealth minister Maria Novak said 600 children died of measles in 2025.\n"
        "bread\tBread prices rose by 12% in a year.\n",
        encoding="utf-8",
    )
    source = tmp_path / "queries.txt"
    source.write_text(queries, encoding="utf-8")
    out = io.StringIO()
    call_command("match_claims", str(source), "--archive", str(archive), "--words-only", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_linked_prints_only_what_the_desk_links(tmp_path):
    queries = "Министр здравоохранения Мария Новак заявила, что в 2025 году от кори умерли 1200 детей.\nSunny today\n"
    ranked = run(tmp_path, queries)
    linked = run(tmp_path, queries, "--linked")

    assert {m["id"] for m in ranked[0]["matches"]} == {"same", "other", "bread"}  # every candidate, for reading
    assert [m["id"] for m in linked[0]["matches"]] == ["same"]  # the figures of "other" disagree
    assert linked[1]["matches"] == []
    assert all(m["score"] >= 0.5 for line in linked for m in line["matches"])
