"""python manage.py score_sentences [FILE] : one check-worthiness score per input line, same order."""

import sys

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction import score_sentences


class Command(BaseCommand):
    help = "Read one sentence per line (stdin when no FILE) and print one score per line."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?")

    def handle(self, *args, file=None, **options):
        try:
            stream = open(file, encoding="utf-8") if file else sys.stdin  # noqa: SIM115
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        with stream:
            lines = [line.rstrip("\n") for line in stream]
        for score in score_sentences(lines):
            self.stdout.write(f"{score:.4f}")
