"""After the shipped encoder changes, one command brings every stored embedding code up to date."""

from io import StringIO

import pytest
from django.core.management import call_command

from factcheck.claims.models import ArchivedFactCheck
from factcheck.extraction.embedding import code_bytes, default_encoder


@pytest.mark.django_db
def test_stale_codes_are_encoded_again_with_the_shipped_encoder():
    text = "Unemployment fell to 3.1% in 2023."
    stale = bytes(384)  # what an older encoder might have left: no longer this text's vector
    archived = ArchivedFactCheck.objects.create(claim_text=text, rating="Mostly true", embedding=stale)
    out = StringIO()
    call_command("reencode_claims", "--chunk", "1", stdout=out)
    archived.refresh_from_db()
    assert bytes(archived.embedding) == code_bytes(default_encoder().encode_one(text))
    assert "archived fact-checks: 1 encoded again" in out.getvalue()
    assert "Restart the workers" in out.getvalue()
