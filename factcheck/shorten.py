"""A long text in a short place (a claim page's heading, a message after a triage move, an email's subject):
cut at a word boundary with "…", never inside a word ("… are registered in Rus").

The standard library's ``textwrap.shorten`` does the cut; this adds what it leaves out for the desk: a first
word longer than the room (a pasted address) is cut inside it rather than shown as "…" alone, and a comma or
colon left before the "…" is dropped.
"""

from __future__ import annotations

import textwrap

ELLIPSIS = "…"


def shortened(text: str, limit: int) -> str:
    """``text`` on one line (runs of whitespace as one space), at most ``limit`` characters: whole when it fits,
    else as many whole words as fit before "…"."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    short = textwrap.shorten(flat, width=limit, placeholder=ELLIPSIS)
    if short == ELLIPSIS:  # not even the first word fits
        return flat[: limit - 1] + ELLIPSIS
    return short[: -len(ELLIPSIS)].rstrip(" ,;:") + ELLIPSIS
