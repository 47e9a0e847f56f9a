"""python manage.py ingest_feed URL_OR_FILE : every entry of an RSS or Atom feed becomes an article."""

from django.core.management.base import BaseCommand, CommandError

from factcheck.articles.models import Article
from factcheck.articles.progress import run_with_progress, summary_lines
from factcheck.articles.services import article_ingest, feed_inputs, load_feed
from factcheck.inputs import IngestError


class Command(BaseCommand):
    help = "Ingest each entry of an RSS/Atom feed (an http(s) URL or a local file)."

    def add_arguments(self, parser):
        parser.add_argument("feed")

    def handle(self, *args, feed, **options):
        try:
            items = feed_inputs(load_feed(feed), feed_url=feed)
        except IngestError as exc:
            raise CommandError(exc.message) from exc
        tally = run_with_progress(
            (
                (
                    item.title or item.url or f"entry {i}",
                    lambda item=item: article_ingest(item, source=Article.Source.FEED, source_name=feed),
                )
                for i, item in enumerate(items)
            ),
            total=len(items),
        )
        for line in summary_lines(tally):
            self.stdout.write(line)
