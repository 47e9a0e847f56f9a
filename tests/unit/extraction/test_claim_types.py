"""One list of claim types: the database's choices are the extraction library's."""

from factcheck.claims.models import Claim, ClaimType
from factcheck.extraction.types import CLAIM_TYPE_LABELS, CLAIM_TYPES


def test_the_model_choices_are_the_library_list():
    assert tuple(ClaimType.values) == CLAIM_TYPES
    assert dict(ClaimType.choices) == CLAIM_TYPE_LABELS
    assert dict(Claim._meta.get_field("claim_type").choices) == CLAIM_TYPE_LABELS
    assert ClaimType.OTHER == "other" and Claim._meta.get_field("claim_type").default == "other"
