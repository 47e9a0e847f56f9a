"""python manage.py poll_sources [--source ID] : poll every enabled source once (or the one named), here.

The same ``source_poll`` as beat's tasks, run in this process one source after another, with a progress
bar on stderr and a line per source on stdout: new articles, fact-checks imported, unchanged, or failed
with the reason. A failing source backs off exactly as under beat.
"""

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from factcheck.sources.selectors import sources_to_poll
from factcheck.sources.services import PollOutcome, source_poll


def outcome_line(outcome: PollOutcome) -> str:
    """One line of the summary, in the desk's words."""
    if outcome.status == "failed":
        return f"  {outcome.name}: failed: {outcome.reason}"
    if outcome.status == "skipped":
        return f"  {outcome.name}: skipped: {outcome.reason}"
    if outcome.status == "unchanged":
        return f"  {outcome.name}: unchanged"
    parts = [f"{outcome.articles} new article{'s' if outcome.articles != 1 else ''}"]
    if outcome.known:
        parts.append(f"{outcome.known} already on the desk")
    if outcome.factchecks:
        parts.append(f"{outcome.factchecks} fact-check{'s' if outcome.factchecks != 1 else ''} imported")
    if outcome.refused:
        parts.append(f"{len(outcome.refused)} entr{'ies' if len(outcome.refused) != 1 else 'y'} refused")
    lines = [f"  {outcome.name}: " + ", ".join(parts)]
    lines += [f"    refused {label}: {why}" for label, why in outcome.refused]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Poll every enabled monitored source once (or only --source ID, even if disabled) and summarise."

    def add_arguments(self, parser):
        parser.add_argument("--source", type=int, metavar="ID", help="Poll only this source (even if disabled).")

    def handle(self, *args, source=None, **options):
        sources = list(sources_to_poll(source_id=source).values_list("pk", "name"))
        if source is not None and not sources:
            raise CommandError(f"There is no source with id {source}; see the desk's Monitored sources list.")
        if not sources:
            self.stdout.write("No enabled sources to poll. Add one at the desk (Monitored sources → Add).")
            return
        outcomes = []
        columns = (
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[current]}"),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=Console(stderr=True), transient=False) as progress:
            task = progress.add_task("Polling", total=len(sources), current="")
            for source_id, name in sources:
                progress.update(task, current=name[:40])
                outcomes.append(source_poll(source_id, force=source is not None))
                progress.update(task, advance=1)
        counts = {status: sum(o.status == status for o in outcomes) for status in ("new", "unchanged", "failed")}
        articles = sum(o.articles for o in outcomes)
        factchecks = sum(o.factchecks for o in outcomes)
        self.stdout.write(
            f"Sources: {len(outcomes)} polled, {counts['new']} with new entries, {counts['unchanged']} unchanged, "
            f"{counts['failed']} failed. New articles: {articles}. Fact-checks imported: {factchecks}."
        )
        for outcome in outcomes:
            self.stdout.write(outcome_line(outcome))
