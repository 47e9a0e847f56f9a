"""Word lists are written as one space-separated string: easier to read and edit than a list literal."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The set of whitespace-separated words in ``text``."""
    return frozenset(text.split())
