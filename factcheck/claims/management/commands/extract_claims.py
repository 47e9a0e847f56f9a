"""python manage.py extract_claims PATH... --format json : the claims ingestion would queue, no database."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction import extract
from factcheck.inputs import IngestError, read_file_input


class Command(BaseCommand):
    help = "Print the claims the pipeline would queue (score >= 0.5) for each file, as JSON."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+")
        parser.add_argument("--format", choices=["json", "text"], default="json")

    def handle(self, *args, paths, format, **options):
        rows = []
        for raw in paths:
            try:
                item = read_file_input(Path(raw))
            except IngestError as exc:
                raise CommandError(f"{raw}: {exc.message}") from exc
            result = extract(item.text, title=item.title or None)
            for claim in result.claims:
                rows.append(
                    {
                        "source": raw,
                        "text": claim.text,
                        "score": claim.score,
                        "claim_type": claim.claim_type,
                        "language": result.language,
                        "speaker": claim.speaker,
                        "start": claim.start,
                        "end": claim.end,
                        "context": claim.context,
                    }
                )
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
        else:
            for row in rows:
                who = row["speaker"] or "(publication)"
                self.stdout.write(f"{row['score']:.2f} {row['claim_type']:<22} {who:<24} {row['text']}")
