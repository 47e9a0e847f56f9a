"""HTML fragments the admin shows: the claim inside its source sentence, and small SVG bar charts.

Everything user-supplied goes through ``format_html`` (escaped); nothing here marks raw text safe. The
charts are drawn on the server as SVG, so the dashboard needs no JavaScript and no CDN.
"""
import re
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def highlight_claim(claim, *, window: int | None = None) -> SafeString:
    """The claim's context with the claim in ``<mark>``; ``window`` trims the context around it."""
    context, text = claim.context or "", claim.text
    at = context.find(text) if text else -1
    if at < 0:
        # The sentence does not contain the claim verbatim (cleaning changed it): show the claim alone.
        return format_html("<mark>{}</mark>", text)
    before, after = context[:at], context[at + len(text) :]
    if window is not None:
        if len(before) > window:
            before = "…" + before[-window:].lstrip()
        if len(after) > window:
            after = after[:window].rstrip() + "…"
    return format_html('<span class="claim-context">{}<mark>{}</mark>{}</span>', before, text, after)


def _colour(value: str | None, default: str) -> str:
    return value if value and _HEX.match(value) else default


def bar_chart(
    rows: Sequence[tuple[str, float]] | Sequence[tuple[str, float, str]],
    *,
    title: str,
    colour: str = "#417690",
    width: int = 560,
    label_width: int = 170,
    bar_height: int = 18,
    gap: int = 6,
) -> SafeString:
    """A horizontal bar chart: one ``(label, value[, colour])`` per bar, scaled to the largest value."""
    if not rows:
        return format_html('<p class="help">{}: no data yet.</p>', title)
    top = max(float(r[1]) for r in rows) or 1.0
    plot = width - label_width - 50
    height = len(rows) * (bar_height + gap) + gap
    bars = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#333">{}</text>'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
        '<text x="{}" y="{}" font-size="12" fill="#333">{}</text>',
        (
            (
                label_width - 6, gap + i * (bar_height + gap) + bar_height - 5, row[0],
                label_width, gap + i * (bar_height + gap), round(plot * float(row[1]) / top, 1), bar_height,
                _colour(row[2] if len(row) > 2 else None, colour), row[0], _number(row[1]),
                label_width + round(plot * float(row[1]) / top, 1) + 4,
                gap + i * (bar_height + gap) + bar_height - 5, _number(row[1]),
            )
            for i, row in enumerate(rows)
        ),
    )
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="factdesk-chart" width="{}" height="{}" '
        'viewBox="0 0 {} {}" role="img" aria-label="{}"><title>{}</title>{}</svg>',
        width, height, width, height, title, title, bars,
    )


def _number(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
