"""python manage.py match_claims --archive ARCHIVE.tsv [--top K] [--linked] [QUERIES] : nearest archive claims, as
JSON lines. ``--linked`` keeps only what the desk would link: a score at or above ``MATCH_THRESHOLD`` with figures
that agree (``numbers_agree``), the same rule the worker applies when it links a new claim."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction import MATCH_THRESHOLD, ClaimMatcher
from factcheck.extraction.embedding import default_encoder
from factcheck.extraction.encoder import EncoderError
from factcheck.extraction.numbers import numbers_agree


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
        parser.add_argument(
            "--linked",
            action="store_true",
            help=f"Print only the matches the desk would link: a score of {MATCH_THRESHOLD} or more, figures agreeing.",
        )

    def handle(self, *args, queries=None, archive, top, words_only=False, linked=False, **options):
        if top < 1:
            raise CommandError("--top must be at least 1.")
        try:
            encoder = None if words_only else default_encoder()
        except EncoderError as exc:
            raise CommandError(f"{exc} Or pass --words-only.") from exc
        try:
            items = read_archive(archive)
            matcher = ClaimMatcher.from_items(items, encoder=encoder)
            texts = dict(items)
            stream = open(queries, encoding="utf-8") if queries else sys.stdin  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {exc.filename}: {exc.strerror}") from exc
        with stream:
            for index, line in enumerate(stream):
                query = line.rstrip("\n")
                found = matcher.query(query, top=top, min_score=MATCH_THRESHOLD if linked else 0.0)
                if linked:
                    found = [m for m in found if numbers_agree(query, texts[m.key])]
                matches = [{"id": m.key, "score": round(m.score, 4)} for m in found]
                self.stdout.write(json.dumps({"query": index, "matches": matches}, ensure_ascii=False))
