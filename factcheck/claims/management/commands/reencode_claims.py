"""python manage.py reencode_claims [--chunk N] : encode every stored claim and archived fact-check again.

A stored embedding code is only comparable with codes made by the same encoder. After the shipped encoder
changes (a new ``fixtures/models/all-minilm-l6-v2/`` build), run this once, then restart the workers (their
in-memory index holds the old codes). Rows are rewritten in chunks, so it can run beside the desk; a row
written meanwhile is encoded by the new encoder already.
"""

from django.core.management.base import BaseCommand, CommandError

from factcheck.claims.models import ArchivedFactCheck, Claim
from factcheck.extraction.embedding import code_bytes, default_encoder
from factcheck.extraction.encoder import EncoderError

#: (label, model, text field): the rows that carry an ``embedding`` code.
SOURCES = (("claims", Claim, "text"), ("archived fact-checks", ArchivedFactCheck, "claim_text"))


class Command(BaseCommand):
    help = "Encode the embedding of every stored claim and archived fact-check with the shipped encoder."

    def add_arguments(self, parser):
        parser.add_argument("--chunk", type=int, default=500, help="Rows encoded and written at a time.")

    def handle(self, *args, chunk, **options):
        if chunk < 1:
            raise CommandError("--chunk must be at least 1.")
        try:
            encoder = default_encoder()
        except EncoderError as exc:
            raise CommandError(str(exc)) from exc
        for label, model, field in SOURCES:
            done, last = 0, 0
            while True:
                rows = list(model._base_manager.filter(pk__gt=last).order_by("pk").values_list("pk", field)[:chunk])
                if not rows:
                    break
                vectors = encoder.encode([text or "" for _, text in rows])
                updated = [
                    model(pk=pk, embedding=code_bytes(vector)) for (pk, _), vector in zip(rows, vectors, strict=True)
                ]
                model._base_manager.bulk_update(updated, ["embedding"])
                done, last = done + len(rows), rows[-1][0]
            self.stdout.write(f"{label}: {done} encoded again")
        self.stdout.write("Restart the workers so their matching index reads the new codes.")
