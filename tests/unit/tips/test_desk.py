"""The desk: reports listed (open first) with a count in the menu and on the claim page, the resolve screen
(no change + reason, or a correction) keeping what was typed on a refusal, tips in the queue as "Reader tip"."""

import pytest
from django.core import mail
from django.test import Client

from factcheck.claims.models import ClaimOrigin
from factcheck.tips import services
from factcheck.tips.models import ErrorReport

pytestmark = pytest.mark.django_db


def desk(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_open_reports_are_counted_in_the_menu_and_on_the_claim_page(published, users):
    services.report_submit(slug=published.slug, message="The 2019 figure is quoted as 2024.")
    services.report_submit(slug=published.slug, message="Second report")
    editor = desk(users["editor"])
    home = editor.get("/admin/").content.decode()
    assert "Error reports" in home and "2 open" in home
    page = editor.get(f"/admin/claims/claim/{published.claim_id}/change/").content.decode()
    assert "Readers reported 2 possible errors in this fact-check" in page
    assert "The 2019 figure is quoted as 2024." in page
    listing = editor.get("/admin/tips/errorreport/").content.decode()
    assert "The 2019 figure is quoted as 2024." in listing and "Readers&#x27; error reports" in listing


def test_an_editor_resolves_with_no_change_on_the_resolve_screen(published, users, committed):
    report = services.report_submit(slug=published.slug, message="Wrong", email="reader@example.org")
    editor = desk(users["editor"])
    url = f"/admin/tips/errorreport/{report.pk}/resolve/"
    screen = editor.get(url)
    assert screen.status_code == 200 and "Resolve the report" in screen.content.decode()
    refused = editor.post(url, {"outcome": "no_change", "reason": "", "headline": "Kept headline"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Say why the fact-check stands" in html and 'value="Kept headline"' in html
    with committed():
        done = editor.post(url, {"outcome": "no_change", "reason": "The figure is from 2024."})
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.state == "resolved" and report.resolved_by == users["editor"]
    assert len(mail.outbox) == 1 and "The figure is from 2024." in mail.outbox[0].body
    after = editor.get(url).content.decode()
    assert "How it was resolved" in after and "The reader was told on" in after


def test_an_editor_resolves_with_a_new_correction(published, users, committed, rating_scale):
    report = services.report_submit(slug=published.slug, message="The rating is too harsh")
    rating = rating_scale.ratings.exclude(pk=published.rating_id).first()
    with committed():
        done = desk(users["editor"]).post(
            f"/admin/tips/errorreport/{report.pk}/resolve/",
            {"outcome": "correction", "note": "A reader showed a newer figure.", "new_rating": rating.pk},
        )
    assert done.status_code == 302, done.content.decode()[:2000]
    report.refresh_from_db()
    published.refresh_from_db()
    assert report.resolution == "correction" and published.rating == rating
    assert report.correction.note == "A reader showed a newer figure."


def test_a_reviewer_reads_reports_but_cannot_resolve(published, users):
    report = services.report_submit(slug=published.slug, message="Wrong")
    reviewer = desk(users["reviewer"])
    screen = reviewer.get(f"/admin/tips/errorreport/{report.pk}/resolve/").content.decode()
    assert "ask an editor" in screen and "Resolve the report</button>" not in screen
    reviewer.post(f"/admin/tips/errorreport/{report.pk}/resolve/", {"outcome": "no_change", "reason": "x"})
    report.refresh_from_db()
    assert report.state == ErrorReport.State.OPEN


def test_tips_show_in_the_queue_as_reader_tips_with_an_origin_filter(users, committed):
    with committed():
        services.tip_submit(claim="The mayor said crime fell by half since 2020.", seen_at="Local radio")
    editor = desk(users["editor"])
    queue = editor.get("/admin/claims/claim/?origin=tip").content.decode()
    assert "The mayor said crime fell by half since 2020." in queue
    assert 'class="fd-origin-tip">Reader tip<' in queue
    assert "<mark>The mayor said" not in editor.get("/admin/claims/claim/?origin=manual").content.decode()
    tips = editor.get("/admin/tips/tip/").content.decode()
    assert "Local radio" in tips and "claim " in tips
    assert ClaimOrigin.TIP.label == "Reader tip"
