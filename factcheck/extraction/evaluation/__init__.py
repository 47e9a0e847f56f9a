"""Measured quality and speed of the claim intelligence, against public data sets and the seeds.

``python -m factcheck.extraction.evaluation`` (``make eval``) collects the figures of every area
(check-worthiness, matching, attribution), each module exposing ``figures(shared_dir) -> list[Figure]``,
and writes them as one table to ``docs/evaluation.md``. Like the rest of ``factcheck.extraction`` this
package imports no Django: the figures describe the library, not a database.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One measured figure and the target it is held to.

    ``measure`` names what was measured ("ClaimBuster F1 (check-worthy), held-out 20%"), ``value`` is the
    number, ``target`` the bar in words (">= 0.86"), ``passed`` whether the value meets it, and ``detail``
    how it was measured (split, sizes, seed, hardware) so a reader can reproduce it.
    """

    measure: str
    value: float
    target: str
    passed: bool
    detail: str
