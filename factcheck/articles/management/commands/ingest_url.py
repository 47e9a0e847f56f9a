"""python manage.py ingest_url URL... : fetch pages (SSRF-guarded) and ingest their main text."""

from django.core.management.base import BaseCommand

from factcheck.articles.progress import run_with_progress, summary_lines
from factcheck.articles.services import ingest_url


class Command(BaseCommand):
    help = "Fetch web pages and ingest their main text (private and loopback addresses are refused)."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+")

    def handle(self, *args, urls, **options):
        tally = run_with_progress(((u, lambda u=u: ingest_url(u)) for u in urls), total=len(urls))
        for line in summary_lines(tally):
            self.stdout.write(line)
