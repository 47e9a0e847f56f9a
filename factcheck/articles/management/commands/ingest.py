"""python manage.py ingest PATH... : text, Markdown, HTML, Word or PDF files (or folders of them) become articles."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.articles.progress import run_with_progress, summary_lines
from factcheck.articles.services import ingest_file

SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf"}


def expand(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            files.append(path)
    return files


class Command(BaseCommand):
    help = "Ingest text, Markdown, HTML, Word (.docx) or PDF files (or every such file of a folder) as articles."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders.")

    def handle(self, *args, paths, **options):
        files = expand(paths)
        if not files:
            raise CommandError("No files to ingest.")
        tally = run_with_progress(((str(p), lambda p=p: ingest_file(p)) for p in files), total=len(files))
        for line in summary_lines(tally):
            self.stdout.write(line)
        if tally.failed and not (tally.new or tally.known):
            raise CommandError("Nothing was ingested.")
