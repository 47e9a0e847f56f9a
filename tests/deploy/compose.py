"""``compose.yaml`` read the way ``docker compose`` reads it: YAML (with merge keys), then ``${...}`` interpolation.

No Docker engine or compose plugin runs here, so the deploy tests read the file themselves: to validate it against
the Compose specification's schema (``compose-spec.json`` beside this file, Apache-2.0, see
``compose-spec.LICENSE``; the copy vendored in the check-jsonschema 0.39.0 wheel on PyPI, sha256
``d549057e...0e64``), and to start the services' Makefile targets with their environment.
"""

from __future__ import annotations

import json
import re
import shlex
from functools import cache
from pathlib import Path

import yaml

from tests.procs import REPO

COMPOSE_FILE = REPO / "compose.yaml"
SCHEMA_FILE = Path(__file__).with_name("compose-spec.json")


@cache
def compose_document() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def compose_schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text())


class InterpolationError(ValueError):
    """A ``${NAME:?message}`` whose variable is unset: compose refuses to start with that message."""


_VARIABLE = re.compile(
    r"\$(?:(?P<escaped>\$)|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


def interpolate(text: str, variables: dict[str, str]) -> str:
    """Compose's substitution: ``$$``, ``$NAME``, ``${NAME}``, ``${NAME:-default}``, ``${NAME-default}``,
    ``${NAME:?error}`` and ``${NAME?error}`` (a colon also treats an empty value as unset)."""

    def substitute(match: re.Match) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["bare"]
        value, op, arg = variables.get(name), match["op"], match["arg"]
        missing = value is None or (value == "" and op is not None and op.startswith(":"))
        if op and op.endswith("-"):
            return arg if missing else value
        if op and op.endswith("?"):
            if missing:
                raise InterpolationError(f"{name}: {arg}")
            return value
        return value or ""

    return _VARIABLE.sub(substitute, text)


def app_services() -> dict[str, dict]:
    """The services built from this repository's Dockerfile (the others run stock images)."""
    return {name: spec for name, spec in compose_document()["services"].items() if "build" in spec}


def make_target(service: dict) -> str | None:
    """``serve`` for ``command: make serve``; None when the command is not a bare Makefile target."""
    command = service.get("command")
    words = shlex.split(command) if isinstance(command, str) else list(command or [])
    return words[1] if len(words) == 2 and words[0] == "make" else None


def service_environment(name: str, variables: dict[str, str]) -> dict[str, str]:
    """A service's ``environment:`` as its container gets it, with ``variables`` standing for the shell and .env."""
    environment = compose_document()["services"][name].get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    return {key: interpolate(str(value), variables) for key, value in environment.items()}


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9-]*):", (REPO / "Makefile").read_text(), re.MULTILINE))
