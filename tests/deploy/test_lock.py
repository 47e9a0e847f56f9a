"""The lock files install what pyproject.toml asks for, checked by hash, and never PyTorch.

`make lock` writes them (uv); a stale lock (a dependency added to pyproject.toml without `make lock`) fails here
with what to run, before a clean install in CI fails less clearly.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.procs import REPO

BUILD_TIME_ONLY = {"torch", "triton", "torchvision", "torchaudio"}  # the `train` extra, never installed by a lock


def _pins(name: str) -> dict[str, tuple[str, bool]]:
    """{normalized name: (version, has a hash)} from a `uv pip compile --generate-hashes` file."""
    text = (REPO / name).read_text()
    pins = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        match = re.match(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s\\;]+)", block)
        if match:
            pins[canonicalize_name(match[1])] = (match[2], "--hash=sha256:" in block)
    return pins


def _requirements(*extras: str) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    specs = list(project["dependencies"])
    for extra in extras:
        specs += project["optional-dependencies"][extra]
    return [r for r in map(Requirement, specs) if r.marker is None or r.marker.evaluate()]


@pytest.mark.parametrize(
    ("lock", "extras"),
    [("requirements.lock", ("anymail",)), ("requirements-test.lock", ("anymail", "test"))],
)
def test_lock_pins_every_requirement_within_its_range(lock, extras):
    pins = _pins(lock)
    problems = []
    for requirement in _requirements(*extras):
        pinned = pins.get(canonicalize_name(requirement.name))
        if pinned is None:
            problems.append(f"{requirement.name} is missing")
        elif not requirement.specifier.contains(pinned[0], prereleases=True):
            problems.append(f"{requirement.name}=={pinned[0]} is outside {requirement.specifier}")
    assert not problems, f"{lock} is stale ({'; '.join(problems)}): run `make lock` and commit the lock files"


def test_every_pin_is_hashed_and_torch_is_never_locked():
    for lock in ("requirements.lock", "requirements-test.lock"):
        pins = _pins(lock)
        assert len(pins) > 20, f"{lock} looks empty"
        unhashed = [name for name, (_, hashed) in pins.items() if not hashed]
        assert not unhashed, f"{lock}: no hash for {unhashed} (run `make lock`)"
        locked = BUILD_TIME_ONLY & set(pins) | {n for n in pins if n.startswith("nvidia-")}
        assert not locked, f"{lock} installs {sorted(locked)}: PyTorch is for build-time training only"


def test_production_runs_the_versions_ci_tests():
    runtime, test = _pins("requirements.lock"), _pins("requirements-test.lock")
    differ = {
        name: (version, test.get(name, (None,))[0])
        for name, (version, _) in runtime.items()
        if test.get(name, (None,))[0] != version
    }
    assert not differ, f"requirements.lock and requirements-test.lock disagree: {differ} (run `make lock`)"
