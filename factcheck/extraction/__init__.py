"""Claim extraction for Factdesk: a plain Python library, no Django.

``extract`` turns a scraped article into located, scored, typed and attributed sentences;
``score_sentences`` scores bare sentences the same way; ``ClaimMatcher`` and ``numbers_agree`` find
the same claim across articles and in the fact-check archive.

The names below are imported on first use (PEP 562): models and forms import small modules of this package
(``types``, ``topics``, ``language``) at ``django.setup()``, and importing the package must not load NumPy,
SciPy and the matchers into every web process for them.
"""

from importlib import import_module

_HOMES = {
    "CLAIM_TYPES": "types",
    "MATCH_THRESHOLD": "types",
    "QUEUE_THRESHOLD": "types",
    "ClaimMatcher": "matching",
    "ExtractionResult": "types",
    "Match": "types",
    "Sentence": "types",
    "extract": "pipeline",
    "numbers_agree": "numbers",
    "score_sentences": "scoring",
}

__all__ = tuple(sorted(_HOMES))


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
