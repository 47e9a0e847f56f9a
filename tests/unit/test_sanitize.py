"""The single sanitizer: what survives and what never does."""

from html.parser import HTMLParser

import pytest

from factcheck.sanitize import clean_html, plain_text


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def parse(html):
    collector = _Collector()
    collector.feed(html)
    return collector


PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD4=">click</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<svg onload="alert(1)"><circle/></svg>',
    '<p onmouseover="alert(1)">hover</p>',
    "<scr<script>ipt>alert(1)</script>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<object data="x.swf"></object><embed src="x">',
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_nothing_executable_survives(payload):
    out = parse(clean_html(f"<p>before</p>{payload}<p>after</p>"))
    assert not set(out.tags) & {"script", "iframe", "svg", "style", "object", "embed", "img"}
    for name, value in out.attrs:
        assert not name.startswith("on")
        if name == "href":
            assert value.split(":", 1)[0].lower() in {"http", "https", "mailto"}


def test_allowed_markup_is_kept():
    html = (
        "<h2>Title</h2><p>Text with <strong>bold</strong>, <em>em</em> and "
        '<a href="https://example.org/a">a link</a>.</p><ul><li>one</li></ul><blockquote>q</blockquote>'
    )
    out = clean_html(html)
    for fragment in (
        "<h2>Title</h2>",
        "<strong>bold</strong>",
        "<em>em</em>",
        "<ul><li>one</li></ul>",
        "<blockquote>q</blockquote>",
        'href="https://example.org/a"',
    ):
        assert fragment in out
    assert 'rel="nofollow noopener noreferrer"' in out


def test_headings_outside_h2_h4_are_stripped_but_text_kept():
    out = clean_html("<h1>Big</h1><h5>small</h5>")
    assert "<h1" not in out and "<h5" not in out
    assert out.split() == ["Big", "small"]


def test_nul_bytes_and_empty_values():
    assert clean_html(None) == "" and clean_html("") == ""
    assert "\x00" not in clean_html("<p>a\x00b</p>")


def test_plain_text_strips_every_tag():
    assert plain_text("<b>Jane</b> <script>x</script>Doe") == "Jane xDoe"


@pytest.mark.parametrize(
    "payload",
    [
        "<script>window.pwned = 1</script>",
        "<style>body { display: none }</style>",
        "<svg><text>window.pwned = 1</text></svg>",
        "<noscript>window.pwned = 1</noscript>",
    ],
)
def test_code_elements_go_with_their_content_so_readers_never_see_it(payload):
    out = clean_html(f"<p>Before.</p>{payload}<p>After.</p>")
    assert out == "<p>Before.</p><p>After.</p>"


def test_text_around_dropped_elements_is_kept():
    assert clean_html("one <script>x()</script>two") == "one two"
