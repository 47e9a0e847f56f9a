"""Template tags for the desk: the home page's warning about disabled webhooks and failing chat channels,
and a readable view of a delivery's body."""

from __future__ import annotations

import json

from django import template

from factcheck.notify import selectors

register = template.Library()


@register.inclusion_tag("notify/desk/_warnings.html", takes_context=True)
def notify_warnings(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    return selectors.needs_attention(user)


@register.filter
def pretty_json(value: str) -> str:
    try:
        return json.dumps(json.loads(value), indent=2, ensure_ascii=False)
    except (TypeError, ValueError):
        return value
