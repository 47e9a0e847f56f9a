"""``python -m factcheck.extraction.evaluation [--shared ../shared] [--out docs/evaluation.md]`` (``make eval``).

Runs the figures of every area against the shared data sets and the seeds, prints the table and writes
it with the date and the commit it measured. An area whose module is not there yet, or whose data set
is missing, is reported as such instead of stopping the others.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import math
import subprocess
import sys
import time
from pathlib import Path

from . import Figure

REPO = Path(__file__).resolve().parents[3]
AREAS = ("checkworthiness", "multilingual", "matching", "attribution", "attribution_languages", "crosslang")


def commit() -> str:
    """Short hash of HEAD, with "+ uncommitted changes" when the work tree differs from it."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], capture_output=True, text=True, cwd=REPO, check=False)  # noqa: S603,S607
        return done.stdout.strip() if done.returncode == 0 else ""

    head = git("rev-parse", "--short", "HEAD") or "unknown (not a git checkout)"
    return f"{head} + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else head


def collect(shared: Path, areas: tuple[str, ...] = AREAS) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    skipped: list[str] = []
    for area in areas:
        try:
            module = importlib.import_module(f"{__package__}.{area}")
        except ImportError as exc:
            skipped.append(f"{area}: not measured ({exc})")
            continue
        started = time.perf_counter()
        figures += module.figures(shared)
        print(f"{area}: measured in {time.perf_counter() - started:.0f}s", file=sys.stderr)
    return figures, skipped


def _value(value: float) -> str:
    if math.isnan(value):
        return "—"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.4g}"


def render(figures: list[Figure], skipped: list[str], *, when: str, measured_commit: str, shared: Path) -> str:
    lines = [
        "# Evaluation",
        "",
        f"Measured {when} at commit {measured_commit} with `make eval` "
        f"(`python -m factcheck.extraction.evaluation --shared {shared}`). Data sets: `{shared}/datasets/`.",
        "",
        "| measure | value | target | met | how |",
        "| --- | --- | --- | --- | --- |",
    ]
    for figure in figures:
        met = "yes" if figure.passed else "**no**"
        detail = figure.detail.replace("|", "\\|")
        lines.append(f"| {figure.measure} | {_value(figure.value)} | {figure.target} | {met} | {detail} |")
    if skipped:
        lines += ["", "Not measured:", "", *[f"- {reason}" for reason in skipped]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--shared",
        type=Path,
        default=REPO.parent / "shared",
        help="the folder that holds datasets/ (default: ../shared)",
    )
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "evaluation.md")
    parser.add_argument("--area", action="append", choices=AREAS, help="measure only this area (repeatable)")
    args = parser.parse_args(argv)
    if not (args.shared / "datasets").is_dir():
        print(
            f"No data sets at {args.shared / 'datasets'}: pass --shared (make eval SHARED=...) with the folder "
            "that holds datasets/claimbuster, datasets/checkthat2019-task1 and datasets/checkthat2020-task2. "
            "Figures that need them are reported as not measured.",
            file=sys.stderr,
        )
    figures, skipped = collect(args.shared, tuple(args.area or AREAS))
    for reason in skipped:
        print(reason, file=sys.stderr)
    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    table = render(figures, skipped, when=when, measured_commit=commit(), shared=args.shared)
    print(table)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(table, encoding="utf-8")
    print(f"Wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
