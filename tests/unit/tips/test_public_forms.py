"""The public forms: CSRF with cached pages, the honeypot, limits per sender (behind trusted proxies) and for
everyone, sizes, errors beside the field with what was typed kept, and nothing half-stored."""

import re

import pytest
from django.test import Client, override_settings

from factcheck.claims.models import Claim, ClaimOrigin
from factcheck.tips.models import ErrorReport, Tip

pytestmark = pytest.mark.django_db

CLAIM = "The council cut the library budget by 40 percent this year."


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def token_from(response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode())
    assert match, "the form carries no CSRF token"
    return match.group(1)


def limits(per_sender="20/h", everyone="600/h"):
    from django.conf import settings

    return override_settings(
        FACTDESK={**settings.FACTDESK, "READER_RATE_PER_SENDER": per_sender, "READER_RATE_GLOBAL": everyone}
    )


def test_a_reader_suggests_a_claim_and_lands_on_the_thanks_page(committed):
    client = csrf_client()
    form = client.get("/suggest-a-claim/")
    assert form.status_code == 200 and "no-cache" in form["Cache-Control"]
    with committed():
        sent = client.post(
            "/suggest-a-claim/",
            {"csrfmiddlewaretoken": token_from(form), "claim": CLAIM, "seen_at": "Radio 4, this morning"},
        )
    assert sent.status_code == 302 and sent["Location"] == "/suggest-a-claim/thanks/"
    thanks = client.get(sent["Location"])
    assert "What happens next" in thanks.content.decode()
    tip = Tip.objects.get()
    assert tip.claim.origin == ClaimOrigin.TIP and tip.channel == "web"


def test_without_the_csrf_token_nothing_is_stored():
    response = csrf_client().post("/suggest-a-claim/", {"claim": CLAIM, "seen_at": "TV"})
    assert response.status_code == 403
    assert Tip.objects.count() == 0


def test_the_cached_factcheck_page_carries_no_token_and_its_report_page_works(published, committed):
    client = csrf_client()
    page = f"/fact-checks/{published.slug}/"
    first, second = client.get(page), client.get(page)  # the second is the cached copy
    assert first.status_code == second.status_code == 200
    body = second.content.decode()
    assert "csrfmiddlewaretoken" not in body
    assert f"/fact-checks/{published.slug}/report/" in body
    form = client.get(f"/fact-checks/{published.slug}/report/")
    assert "no-cache" in form["Cache-Control"] and published.headline in form.content.decode()
    other = csrf_client()  # another reader, after the first one's page was rendered
    other_form = other.get(f"/fact-checks/{published.slug}/report/")
    assert token_from(other_form) != token_from(form) or other.cookies["csrftoken"] != client.cookies["csrftoken"]
    sent = other.post(
        f"/fact-checks/{published.slug}/report/",
        {"csrfmiddlewaretoken": token_from(other_form), "message": "The figure is from 2019."},
    )
    assert sent.status_code == 302 and sent["Location"].endswith("/report/thanks/")
    report = ErrorReport.objects.get()
    assert report.verdict == published and report.message == "The figure is from 2019."


def test_errors_are_shown_beside_the_field_and_what_was_typed_is_kept():
    client = Client()
    response = client.post(
        "/suggest-a-claim/", {"claim": CLAIM, "seen_at": "", "email": "reader@example", "consent": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert CLAIM in html  # kept
    seen_field = html[html.index('id="field-seen_at"') :]
    assert "Say where you saw the claim" in seen_field[: seen_field.index("</div>")]
    email_field = html[html.index('id="field-email"') :]
    assert "name@example.org" in email_field[: email_field.index("</div>")] and 'value="reader@example"' in email_field
    assert Tip.objects.count() == 0


def test_a_filled_honeypot_is_a_clear_400_and_stores_nothing():
    response = Client().post("/suggest-a-claim/", {"claim": CLAIM, "seen_at": "TV", "website": "http://spam.example"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Leave this field empty" in html and CLAIM in html
    assert Tip.objects.count() == 0


def test_an_oversized_claim_is_refused_by_its_field():
    response = Client().post("/suggest-a-claim/", {"claim": "word " * 400, "seen_at": "TV"})
    assert response.status_code == 200 and "keep it to 1,000" in response.content.decode()
    assert Tip.objects.count() == 0


def test_a_flood_from_one_address_gets_429s_and_stores_at_most_the_allowed_number():
    client = Client()
    with limits(per_sender="5/h"):
        codes = [
            client.post("/suggest-a-claim/", {"claim": f"{CLAIM} ({n})", "seen_at": "TV"}).status_code
            for n in range(12)
        ]
    assert codes == [302] * 5 + [429] * 7
    assert Tip.objects.count() == 5
    last = client.post("/suggest-a-claim/", {"claim": "A kept claim of 9 percent.", "seen_at": "TV"})
    # Default limits again, but the counter of this address still holds 13 posts: within 20, so accepted.
    assert last.status_code == 302


def test_the_429_page_says_when_to_try_again_and_keeps_the_text():
    client = Client()
    with limits(per_sender="1/h"):
        client.post("/suggest-a-claim/", {"claim": CLAIM, "seen_at": "TV"})
        refused = client.post("/suggest-a-claim/", {"claim": "My second claim", "seen_at": "TV"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    html = refused.content.decode()
    assert "try again in" in html and "My second claim" in html


def test_the_limit_is_per_sender_as_the_trusted_proxy_saw_it():
    def post(forwarded: str, client_address: str = "10.0.0.1"):
        return Client(REMOTE_ADDR=client_address).post(
            "/suggest-a-claim/",
            {"claim": f"{CLAIM} {forwarded}", "seen_at": "TV"},
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    with limits(per_sender="2/h"), override_settings(TRUSTED_PROXY_COUNT=1):
        # Behind one proxy: the last X-Forwarded-For entry is the sender; what the client put before it is not.
        assert [post(f"spoofed-{n}, 203.0.113.7").status_code for n in range(3)] == [302, 302, 429]
        assert post("198.51.100.9").status_code == 302  # another reader is not affected
    with limits(per_sender="2/h"), override_settings(TRUSTED_PROXY_COUNT=0):
        # No proxy trusted: the header is the client's own, so only the connection's address counts.
        assert [post(f"203.0.113.{n}", client_address="192.0.2.1").status_code for n in range(3)] == [302, 302, 429]


def test_the_global_limit_stops_many_senders_together():
    with limits(per_sender="100/h", everyone="3/h"):
        codes = [
            Client(REMOTE_ADDR=f"192.0.2.{n}").post("/suggest-a-claim/", {"claim": f"{CLAIM} {n}", "seen_at": "TV"})
            for n in range(5)
        ]
    assert [c.status_code for c in codes] == [302, 302, 302, 429, 429]
    assert "unusual number" in codes[-1].content.decode()
    assert Tip.objects.count() == 3


def test_report_page_404s_for_an_unpublished_or_unknown_factcheck(published):
    assert Client().get("/fact-checks/no-such-thing/report/").status_code == 404
    claim = published.claim
    claim.state = "retracted"
    claim.save(update_fields=["state"])
    assert Client().get(f"/fact-checks/{published.slug}/report/").status_code == 404


def test_the_site_links_both_forms(published):
    methodology = Client().get("/methodology/").content.decode()
    assert "/suggest-a-claim/" in methodology and "Report an error" in methodology
    index = Client().get("/fact-checks/").content.decode()
    assert 'href="/suggest-a-claim/"' in index
    assert Claim.objects.filter(origin=ClaimOrigin.TIP).count() == 0


def test_a_dead_cache_lets_readers_through_rather_than_refusing_everyone(monkeypatch):
    from django.core.cache import cache

    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: None)  # what django-redis answers when Redis is down
    monkeypatch.setattr(cache, "incr", lambda *args, **kwargs: None)
    response = Client().post("/suggest-a-claim/", {"claim": CLAIM, "seen_at": "TV"})
    assert response.status_code == 302 and Tip.objects.count() == 1


def test_a_body_over_the_upload_limit_is_a_clear_400_not_a_500():
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=10_000):
        response = Client().post("/suggest-a-claim/", {"claim": "x" * 20_000, "seen_at": "TV"})
    assert response.status_code == 400
    assert Tip.objects.count() == 0
