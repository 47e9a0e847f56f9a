"""python manage.py match_claims --archive ARCHIVE.tsv [--top K] [QUERIES] : nearest archive claims, as JSON lines."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction import ClaimMatcher
from factcheck.extraction.embedding import default_encoder
from factcheck.extraction.encoder import EncoderError


def read_archive(path: str) -> list[tuple[str, str]]:
    items = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            parts = line.split("\t")
            if len(parts) < 2:
                raise CommandError(f"{path}:{number}: expected id<TAB>text.")
            items.append((parts[0], parts[1]))
    return items


class Command(BaseCommand):
    help = "For each query line, print the most similar archive claims: {query, matches: [{id, score}]}."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("queries", nargs="?", help="One query per line (default: stdin).")
        parser.add_argument("--archive", required=True, help="TSV: id<TAB>text (more columns ignored).")
        parser.add_argument("--top", type=int, default=5)
        parser.add_argument(
            "--words-only",
            action="store_true",
            help="Match on tf-idf alone, without the sentence encoder (faster, less exact).",
        )

    def handle(self, *args, queries=None, archive, top, words_only=False, **options):
        if top < 1:
            raise CommandError("--top must be at least 1.")
        try:
            encoder = None if words_only else default_encoder()
        except EncoderError as exc:
            raise CommandError(f"{exc} Or pass --words-only.") from exc
        try:
            matcher = ClaimMatcher.from_items(read_archive(archive), encoder=encoder)
            stream = open(queries, encoding="utf-8") if queries else sys.stdin  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {exc.filename}: {exc.strerror}") from exc
        with stream:
            for index, line in enumerate(stream):
                found = matcher.query(line.rstrip("\n"), top=top)
                matches = [{"id": m.key, "score": round(m.score, 4)} for m in found]
                self.stdout.write(json.dumps({"query": index, "matches": matches}, ensure_ascii=False))
