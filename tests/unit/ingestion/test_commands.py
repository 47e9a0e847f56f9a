"""The engine's command-line formats, which other tools parse."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
SEED = REPO / "seeds" / "001_916a3f7d65adccb6.txt"


def _manage(*args, stdin=None):
    proc = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": "sqlite:////nonexistent/dir/db.sqlite3", "DEBUG": "true"},
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.slow  # manage.py in a subprocess: not in `make test-fast`
def test_extract_claims_prints_json_with_offsets_without_a_database():
    rows = json.loads(_manage("extract_claims", str(SEED), "--format", "json"))
    text = SEED.read_text(encoding="utf-8")
    assert rows, "expected claims from the seed"
    for row in rows:
        assert {"source", "text", "score", "claim_type", "speaker", "start", "end"} <= row.keys()
        assert row["source"] == str(SEED) and row["score"] >= 0.5
        assert text[row["start"] : row["end"]] == row["text"]
    assert any("$55,000" in row["text"] for row in rows)


@pytest.mark.slow  # manage.py in a subprocess: not in `make test-fast`
def test_score_sentences_prints_one_score_per_line_in_order():
    lines = ["The treatment costs $55,000 in Belarus.", "Good.", "Hello everyone, thanks for coming!"]
    scores = [float(x) for x in _manage("score_sentences", stdin="\n".join(lines) + "\n").split()]
    assert len(scores) == 3 and all(0 <= s <= 1 for s in scores)
    assert scores[0] >= 0.5 > max(scores[1], scores[2])


@pytest.mark.slow  # manage.py in a subprocess: not in `make test-fast`
def test_match_claims_prints_json_lines_best_first(tmp_path):
    archive = tmp_path / "archive.tsv"
    archive.write_text(
        "a1\tThe centre plans to make up to 600 CAR-T products a year\textra column\n"
        "a2\tThe vaccine trial enrolled 48 volunteers\n"
        "a3\tA course of CAR-T therapy costs 500,000 euros in Western Europe\n"
    )
    queries = "It will manufacture up to 600 personalized cellular products annually\nNothing related here\n"
    out = _manage("match_claims", "--archive", str(archive), "--top", "2", stdin=queries)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["query"] for line in lines] == [0, 1]
    first = lines[0]["matches"]
    assert first[0]["id"] == "a1" and len(first) <= 2
    assert first == sorted(first, key=lambda m: -m["score"])
