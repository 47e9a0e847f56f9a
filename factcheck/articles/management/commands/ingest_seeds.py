"""python manage.py ingest_seeds : the articles of seeds/, once (running it again changes nothing)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from factcheck.articles.models import Article
from factcheck.articles.progress import run_with_progress, summary_lines
from factcheck.articles.services import ingest_file


class Command(BaseCommand):
    help = "Ingest the seed articles in seeds/."

    def add_arguments(self, parser):
        parser.add_argument("--folder", default=str(settings.BASE_DIR / "seeds"))

    def handle(self, *args, folder, **options):
        from pathlib import Path

        files = sorted(Path(folder).glob("*.txt"))
        if not files:
            raise CommandError(f"No .txt files in {folder}.")
        tally = run_with_progress(
            ((p.name, lambda p=p: ingest_file(p, source=Article.Source.SEED)) for p in files), total=len(files)
        )
        for line in summary_lines(tally):
            self.stdout.write(line)
