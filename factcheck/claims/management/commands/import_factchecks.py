"""python manage.py import_factchecks FILE : load an archive of published fact-checks (CSV or ClaimReview)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.claims.archive import archive_import, parse_archive
from factcheck.inputs import IngestError


class Command(BaseCommand):
    help = "Import published fact-checks (CSV: claim,rating,url[,publisher,date]; or ClaimReview JSON/JSON-LD)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file.")
        try:
            rows = parse_archive(path.read_bytes(), name=path.name)
        except IngestError as exc:
            raise CommandError(exc.message) from exc
        created, updated = archive_import(rows)
        self.stdout.write(f"Archive {path.name}: {created} fact-checks added, {updated} updated.")
