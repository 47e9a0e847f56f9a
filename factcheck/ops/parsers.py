"""The API's JSON parser, with a depth limit.

Python's json module recurses once per nesting level, so a small body like ``[[[[...]]]]`` 100,000 deep
raises RecursionError, which DRF's JSONParser does not catch (it is not a ValueError): a 500. Here any
document nested deeper than ``MAX_DEPTH`` (far beyond anything the API accepts) is a 400 that says so.
"""

from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError

MAX_DEPTH = 32


def _depth(data) -> int:
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest
            stack.extend((child, level + 1) for child in (value.values() if isinstance(value, dict) else value))
    return deepest


def _too_deep() -> str:
    """The refusal, in the request's language (parsing runs inside the view, after ``LocaleMiddleware``)."""
    return gettext("JSON parse error - nested more than %(depth)s levels deep.") % {"depth": MAX_DEPTH}


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(_too_deep()) from None
        if _depth(data) > MAX_DEPTH:
            raise ParseError(_too_deep())
        return data
