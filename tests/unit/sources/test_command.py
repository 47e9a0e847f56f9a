"""python manage.py poll_sources: one pass, a progress bar, and a line per source in the desk's words."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from factcheck.sources.models import Source

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("poll_sources", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_one_pass_summarises_each_source(publisher, no_pipeline):
    feed = Source.objects.create(name="Herald", kind="rss", url=publisher.fixture("/atom.xml", "feed.atom.xml"))
    Source.objects.create(
        name="Checks",
        kind="claimreview",
        url=publisher.fixture("/reviews.json", "claimreview_datafeed.json", content_type="application/json"),
    )
    Source.objects.create(name="Gone", kind="rss", url=publisher.base_url + "/gone.xml")
    Source.objects.create(name="Off", kind="rss", url=publisher.base_url + "/off.xml", enabled=False)

    first = _run()

    assert (
        "Sources: 3 polled, 2 with new entries, 0 unchanged, 1 failed. New articles: 1. Fact-checks imported: 2."
        in first
    )
    assert "  Herald: 1 new article\n" in first
    assert "  Checks: 0 new articles, 2 fact-checks imported\n" in first
    assert "  Gone: failed: Nothing is at this address any more (HTTP 404)" in first
    assert "Off" not in first

    second = _run("--source", str(feed.pk))
    assert "Sources: 1 polled, 0 with new entries, 1 unchanged, 0 failed." in second
    assert "  Herald: unchanged" in second


def test_a_disabled_source_is_polled_when_named(publisher, no_pipeline):
    off = Source.objects.create(
        name="Off", kind="rss", url=publisher.fixture("/atom.xml", "feed.atom.xml"), enabled=False
    )
    assert "  Off: 1 new article" in _run("--source", str(off.pk))


def test_an_unknown_source_and_an_empty_desk_say_what_to_do(db):
    with pytest.raises(CommandError, match="no source with id 42"):
        _run("--source", "42")
    assert "No enabled sources to poll" in _run()
