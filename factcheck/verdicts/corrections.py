"""How a correction is told: shared by the public corrections log and the desk's history sentences."""

from __future__ import annotations

import re


def names_labels(text: str, *labels: str) -> bool:
    """Whether ``text`` names every label as words of its own, case aside. Longer labels are matched and
    taken out first, so "Mostly true" does not also count as "True"."""
    rest = text.casefold()
    for label in sorted(labels, key=len, reverse=True):
        pattern = re.compile(rf"(?<!\w){re.escape(label.casefold())}(?!\w)")
        rest, found = pattern.subn(" ", rest, count=1)
        if not found:
            return False
    return True
