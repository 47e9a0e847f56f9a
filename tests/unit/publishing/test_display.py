"""The pure helpers behind every page: plain text, safe URLs, colour contrast, rating snapshots, headings."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factcheck import safety
from factcheck.publishing import display

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "rating_scales.json"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Tax rose 5% for incomes < £20k & more", "Tax rose 5% for incomes < £20k & more"),
        ("<b>Bold</b> claim", "Bold claim"),
        ("&lt;script&gt;alert(1)&lt;/script&gt;", "alert(1)"),
        ("&amp;lt;b&amp;gt;x", "x"),
        ("  spaced\x00 out\x0b ", "spaced out"),
        (None, ""),
    ],
)
def test_plain_strips_markup_keeps_text(raw, expected):
    assert safety.plain(raw) == expected


# Characters XML 1.0 cannot carry: C0 controls (not tab, LF, CR), lone surrogates, U+FFFE and U+FFFF.
XML_ILLEGAL = ["\x01", "\x08", "\x0b", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"]


@pytest.mark.parametrize("char", XML_ILLEGAL)
def test_plain_text_drops_what_xml_cannot_carry(char):
    from factcheck.sanitize import clean_html, plain_text

    for raw in (f"Clinic{char} figures", f"<b>Clinic{char}</b> figures", f"Clinic{char} figures &amp; more"):
        assert char not in safety.plain(raw) and char not in plain_text(raw)
    assert safety.plain(f"Clinic{char} figures") == "Clinic figures"
    assert char not in clean_html(f"<p>Clinic{char} figures</p>")
    assert char not in safety.http_url(f"https://example.org/{char}")
    assert safety.http_url(f"https://example.org/{char}x") == ""


@given(st.text())
def test_plain_output_is_always_xml_text(raw):
    text = safety.plain(raw)
    assert all(
        c in "\t\n\r" or 0x20 <= ord(c) <= 0xD7FF or 0xE000 <= ord(c) <= 0xFFFD or ord(c) >= 0x10000 for c in text
    ), repr(text)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=1", True),
        ("HTTP://EXAMPLE.ORG/", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("data:text/html,x", False),
        ("//example.org/x", False),
        ("/relative", False),
        ("http://", False),
        ("https://ex\nample.org", False),
        ("", False),
    ],
)
def test_http_url_only_passes_absolute_http_urls(url, ok):
    assert (safety.http_url(url) != "") is ok


def test_every_fixture_colour_gets_aa_text_and_stays_distinguishable_on_white():
    ratings = [row["fields"] for row in json.loads(FIXTURE.read_text()) if row["model"] == "verdicts.rating"]
    for rating in ratings:
        colour = rating["colour"]
        assert display.contrast(colour, display.text_colour_on(colour)) >= display.AA_TEXT_CONTRAST, rating
        # The badge also has a dark outline, so even a pale colour keeps a 3:1 edge against the page.
        assert display.contrast("#1b1f24", "#ffffff") >= 3


@given(st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_any_colour_gets_text_that_passes_aa(colour):
    assert display.contrast(colour, display.text_colour_on(colour)) >= display.AA_TEXT_CONTRAST


@pytest.mark.parametrize(
    "snapshot",
    [
        {"label": "Odd", "value": 9, "best": 6, "worst": 1, "colour": "#123456"},
        {"label": "Zero", "value": 0, "best": 6, "worst": 0, "colour": "#123456"},
        {"label": "Half", "value": 3, "best": None, "worst": 1, "colour": "#123456"},
        {"label": "Bool", "value": True, "best": 6, "worst": 1, "colour": "#123456"},
    ],
)
def test_malformed_numeric_snapshots_become_off_scale_badges(snapshot):
    view = display.rating_view(snapshot)
    assert not view.on_scale and view.segments == []
    assert view.description.endswith("outside the numeric scale")


def test_bad_colour_falls_back_to_neutral():
    view = display.rating_view({"label": "X", "colour": "red; background:url(javascript:1)"})
    assert view.colour == display.FALLBACK_COLOUR


def test_meter_marks_the_rated_step():
    view = display.rating_view({"label": "Half true", "value": 4, "best": 6, "worst": 1, "colour": "#8a6100"})
    assert [s.value for s in view.segments] == [1, 2, 3, 4, 5, 6]
    assert [s.current for s in view.segments] == [False, False, False, True, False, False]
    assert view.marker_x == view.segments[3].x + display.SEGMENT_WIDTH // 2


def test_nest_headings_moves_the_top_heading_under_the_section():
    assert display.nest_headings("<h2>A</h2><h3>B</h3>") == "<h3>A</h3><h4>B</h4>"
    assert display.nest_headings("<h4>A</h4>") == "<h3>A</h3>"
    assert display.nest_headings("<p>none</p>") == "<p>none</p>"
