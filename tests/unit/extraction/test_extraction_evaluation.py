"""make eval's machinery: the measures are computed right, missing data and areas are reported, not fatal."""

import json
import math

import numpy as np
import pytest

from factcheck.extraction.evaluation import Figure, checkworthiness
from factcheck.extraction.evaluation import __main__ as evaluation


def test_average_precision_is_the_checkthat_definition():
    labels = np.array([1, 0, 1, 0])
    ap = checkworthiness.average_precision
    assert ap(np.array([0.9, 0.8, 0.7, 0.1]), labels) == pytest.approx((1 + 2 / 3) / 2)
    assert ap(np.array([0.1, 0.9, 0.2, 0.8]), labels) == pytest.approx((1 / 3 + 2 / 4) / 2)
    assert ap(np.array([0.5, 0.5]), np.array([0, 0])) == 0.0


def test_f1_of_the_check_worthy_class():
    f1, precision, recall = checkworthiness.f1_scores(np.array([1, 1, 0, 0]), np.array([True, False, True, False]))
    assert (f1, precision, recall) == (0.5, 0.5, 0.5)


def test_missing_data_sets_are_reported_not_fatal(tmp_path):
    figures = checkworthiness.claimbuster_figures(tmp_path) + checkworthiness.checkthat_figures(tmp_path)
    assert len(figures) == 2
    assert all(math.isnan(f.value) and not f.passed and "is missing" in f.detail for f in figures)


def test_checkthat_map_over_debates_and_overlap_with_claimbuster(tmp_path):
    debates = tmp_path / "datasets" / "checkthat2019-task1" / "training"
    debates.mkdir(parents=True)
    lines = [
        "1\tA\tUnemployment fell to 3.5 percent last year, the lowest rate since 1969.\t1",
        "2\tB\tThank you very much, it is a pleasure to be here tonight.\t0",
        "3\tA\tGood evening.\t0",
    ]
    (debates / "one.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    claimbuster = tmp_path / "datasets" / "claimbuster"
    claimbuster.mkdir(parents=True)
    (claimbuster / "train.json").write_text(json.dumps([{"sentence_id": 1, "label": 0, "text": "Good evening."}]))
    (figure,) = checkworthiness.checkthat_figures(tmp_path)
    assert figure.value == 1.0 and figure.passed
    assert "1 of their lines also appear word for word in ClaimBuster" in figure.detail


def test_an_area_without_its_module_is_skipped_with_the_reason(tmp_path):
    figures, skipped = evaluation.collect(tmp_path, ("no_such_area",))
    assert figures == [] and skipped and skipped[0].startswith("no_such_area: not measured")


def test_the_table_has_date_commit_and_every_figure():
    figures = [Figure("F1", 0.871, ">= 0.86", True, "held out"), Figure("MAP", float("nan"), ">= 0.17", False, "a|b")]
    table = evaluation.render(
        figures,
        ["matching: not measured (x)"],
        when="2026-01-01 00:00 UTC",
        measured_commit="abc123 + uncommitted changes",
        shared="../shared",
    )
    assert "2026-01-01 00:00 UTC" in table and "abc123 + uncommitted changes" in table
    assert "| F1 | 0.871 | >= 0.86 | yes | held out |" in table
    assert "| MAP | — | >= 0.17 | **no** | a\\|b |" in table
    assert "- matching: not measured (x)" in table


def test_commit_names_head():
    assert evaluation.commit()


def test_the_news_figure_scores_only_held_out_sentences_the_model_was_not_fitted_on(monkeypatch):
    scored = []

    def fake_scores(texts):
        scored.extend(texts)
        return [0.9 if "%" in text else 0.1 for text in texts]

    monkeypatch.setattr(checkworthiness, "score_sentences", fake_scores)
    figure = checkworthiness.news_figure()
    rows = json.loads(checkworthiness.NEWS_SENTENCES.read_text(encoding="utf-8"))["sentences"]
    parts = {row["text"]: row["part"] for row in rows}
    calibration = checkworthiness.load_model().directory / "news_calibration.json"
    fitted = {row["text"] for row in json.loads(calibration.read_text(encoding="utf-8"))["sentences"]}
    assert scored and all(parts[text] == "held_out" and text not in fitted for text in scored)
    assert f"{len(scored)} sentences" in figure.detail and 0 < figure.value < 1
