"""Schemathesis against the schema the app serves at /api/schema/: every operation, as an authenticated
editor and as anonymous. No 5xx, no status code the schema does not list, no body that breaks the schema.

The app is called in-process through WSGI, inside the test's database transaction (nothing is committed).
Most generated ids are pointed at rows that exist (claims in every state, evidence, a published slug), so
the actions really run, in whatever order and with whatever bodies Hypothesis picks. Examples per operation
are capped and the run is derandomized, so it is repeatable and takes a minute or two.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from factcheck.verdicts.models import EvidenceLink, Verdict
from tests.factories import ArticleFactory, api_token, claim_in_state

# Minutes, not seconds: left out of `make test-fast`, always in `make test`.
pytestmark = pytest.mark.slow

# Markers of a Python repr leaking into a body (``{1: [ErrorDetail(string='...', code='invalid')]}``).
PYTHON_REPRS = ("ErrorDetail(", "[ErrorDetail", "string='", "code='", "<class '", " object at 0x")


@schemathesis.check
def no_python_repr(ctx, response, case) -> None:
    """Errors are sentences for people and dotted field paths (``claims.1``), never Python reprs."""
    if response.status_code < 400:
        return None
    sent = f"{case.body!r} {case.query!r} {case.path_parameters!r}"
    leaked = [marker for marker in PYTHON_REPRS if marker in response.text and marker not in sent]
    if leaked:
        raise AssertionError(f"Python repr in a {response.status_code} body ({leaked}): {response.text[:300]}")
    return None


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    no_python_repr,
]
STATES = ("new", "dismissed", "assigned", "in_review", "submitted", "approved", "published", "retracted")
KNOWN: dict[str, list] = {}
EXAMPLES = settings(
    max_examples=15,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def desk(db, users, rating_scale, monkeypatch):
    """Rows for generated requests to hit, and an editor's token. Write throttles are lifted (this is not a
    load test); the login throttle stays, and its 429 is documented."""
    from django.core import signals
    from django.core.cache import cache
    from django.db import close_old_connections

    from factcheck.api import throttles

    cache.clear()
    # As Django's test client does: a request must not close the test's database connection (with
    # CONN_MAX_AGE on PostgreSQL the WSGI handler otherwise closes it at the end of every request).
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    for throttle in (throttles.WriteUserThrottle, throttles.WriteAnonThrottle):
        monkeypatch.setattr(throttle, "THROTTLE_RATES", {**throttle.THROTTLE_RATES, throttle.scope: "100000/min"})
    rating = rating_scale.ratings.get(slug="mostly-false")
    ArticleFactory()
    claims = [
        claim_in_state(state, reviewer=users["reviewer"], editor=users["editor2"], rating=rating)
        for state in STATES
        for _ in range(2)
    ]
    KNOWN["claims"] = [c.pk for c in claims]
    KNOWN["evidence"] = list(EvidenceLink.objects.values_list("pk", flat=True))
    KNOWN["slugs"] = list(Verdict.objects.filter(slug__isnull=False).values_list("slug", flat=True))
    yield {"token": api_token(users["editor"])}
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


# Loaded once, at collection, from the app itself (generating the schema needs no database).
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


def point_at_real_rows(case) -> None:
    """Three generated ids in four are swapped for ids of rows that exist; the fourth stays random (a 404)."""
    params = case.path_parameters or {}
    value = params.get("id")
    if isinstance(value, int) and not isinstance(value, bool) and value % 4:
        pool = KNOWN["evidence"] if case.path.startswith("/api/v1/evidence/") else KNOWN["claims"]
        params["id"] = pool[value % len(pool)]
    slug = params.get("slug")
    if isinstance(slug, str) and len(slug) % 4 and KNOWN["slugs"]:
        params["slug"] = KNOWN["slugs"][len(slug) % len(KNOWN["slugs"])]


@schema.parametrize()
@EXAMPLES
def test_api_as_an_editor(case, desk):
    point_at_real_rows(case)
    case.call_and_validate(headers={"Authorization": f"Token {desk['token']}"}, checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_api_as_anonymous(case, desk):
    point_at_real_rows(case)
    case.call_and_validate(checks=CHECKS)
