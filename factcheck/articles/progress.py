"""Progress and summary for the ingest commands: articles new / already known / failed, claims found."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from factcheck.inputs import IngestError

from .models import Article
from .services import IngestResult


@dataclass
class IngestTally:
    new: int = 0
    known: int = 0
    failed: int = 0
    queued: int = 0
    claims: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def record(self, result: IngestResult) -> None:
        article = Article.objects.get(pk=result.article.pk)
        if result.created:
            self.new += 1
        else:
            self.known += 1
        if article.status == Article.Status.FAILED:
            self.errors.append((article.source_name or str(article), article.error))
        elif article.status != Article.Status.DONE:
            self.queued += 1
        self.claims += article.claims.count()


def run_with_progress(
    items: Iterable[tuple[str, Callable[[], IngestResult]]], *, total: int, console: Console | None = None
) -> IngestTally:
    """Run each (label, ingest) pair, counting outcomes; a refused item is reported, not fatal."""
    console = console or Console(stderr=True)
    tally = IngestTally()
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("claims: {task.fields[claims]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as progress:
        task = progress.add_task("Ingesting", total=total, claims=0)
        for label, ingest in items:
            try:
                tally.record(ingest())
            except IngestError as exc:
                tally.failed += 1
                tally.errors.append((label, exc.message))
            progress.update(task, advance=1, claims=tally.claims)
    return tally


def summary_lines(tally: IngestTally) -> list[str]:
    lines = [
        f"Articles: {tally.new} new, {tally.known} already known, {tally.failed} refused"
        + (f", {tally.queued} queued for workers" if tally.queued else ""),
        f"Claims found: {tally.claims}",
    ]
    lines += [f"  refused {label}: {reason}" for label, reason in tally.errors]
    return lines
