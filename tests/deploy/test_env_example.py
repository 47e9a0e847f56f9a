"""`.env.example` lists every variable Factdesk reads, at the default the code really has."""

from __future__ import annotations

import re

from tests.deploy.settings_env import (
    ENV_EXAMPLE,
    NO_DEFAULT,
    environment_reads,
    example_values,
    parse_example,
)
from tests.procs import REPO


def test_every_variable_the_product_reads_is_in_env_example():
    listed = example_values()
    missing = sorted({f"{read.name} ({read.where})" for read in environment_reads() if read.name not in listed})
    assert not missing, (
        f"{ENV_EXAMPLE.name} does not list these variables; add each with its default and why: {', '.join(missing)}"
    )


def test_env_example_shows_the_defaults_the_settings_use():
    """A commented-out line shows the default: it must be the one the code applies when the variable is unset.

    Variables whose default is empty (unset means off, or derived, as the comment above them says) show an
    example value instead; so do those whose default is computed (from DEBUG, say).
    """
    listed = example_values()
    wrong = []
    for read in environment_reads():
        if read.name not in listed or read.default in (NO_DEFAULT, None, "", []):
            continue
        shown = listed[read.name]
        if parse_example(read.cast, shown) != read.default:
            wrong.append(f"{read.name}={shown} but {read.where} defaults to {read.default!r}")
    assert not wrong, "; ".join(wrong)


def test_env_example_lists_nothing_that_nobody_reads():
    """Every name is read by the product, or used by compose.yaml or the Makefile (a stale line misleads)."""
    read = {r.name for r in environment_reads()}
    elsewhere = (REPO / "compose.yaml").read_text() + (REPO / "Makefile").read_text()
    stale = [
        name
        for name in example_values()
        if name not in read and not name.startswith("ANYMAIL_") and not re.search(rf"\b{name}\b", elsewhere)
    ]
    assert not stale, f"{ENV_EXAMPLE.name} lists variables nothing reads: {', '.join(stale)}"


def test_env_example_sets_no_secret():
    """The example is committed: SECRET_KEY and every password in it stay empty or placeholders."""
    values = example_values()
    assert values["SECRET_KEY"] == ""
    text = ENV_EXAMPLE.read_text()
    assert "token_urlsafe" in text  # it says how to make one
