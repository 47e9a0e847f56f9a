"""compose.yaml is a valid Compose file whose app services run the Makefile's targets; the Dockerfile is the slim,
non-root, multi-stage image those services are built from."""

from __future__ import annotations

import re

import jsonschema
import pytest

from tests.deploy.compose import (
    InterpolationError,
    app_services,
    compose_document,
    compose_schema,
    interpolate,
    make_target,
    makefile_targets,
    service_environment,
)
from tests.procs import REPO


def test_compose_file_follows_the_compose_specification():
    schema = compose_schema()
    validator = jsonschema.validators.validator_for(schema)(schema)
    errors = [
        f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
        for e in validator.iter_errors(compose_document())
    ]
    assert not errors, "compose.yaml breaks the Compose specification:\n" + "\n".join(errors)


def test_the_schema_check_catches_a_mistake():
    """The validator really reads the services: a misspelt key and a wrong depends_on condition are refused."""
    schema = compose_schema()
    broken = compose_document() | {
        "services": {"web": {"image": "x", "restrat": "always", "depends_on": {"db": {"condition": "healthy"}}}}
    }
    messages = " ".join(e.message for e in jsonschema.validators.validator_for(schema)(schema).iter_errors(broken))
    assert "restrat" in messages
    assert "healthy" in messages


def test_every_app_service_runs_a_makefile_target():
    targets = {name: make_target(spec) for name, spec in app_services().items()}
    assert targets == {"web": "serve", "worker": "worker", "beat": "beat"}
    assert set(targets.values()) <= makefile_targets()


def test_services_wait_for_healthy_dependencies():
    services = compose_document()["services"]
    for name in ("db", "redis", "cache", "mailpit"):
        assert "test" in services[name]["healthcheck"], f"{name} has no healthcheck"
    for name, spec in app_services().items():
        conditions = {dep: cond["condition"] for dep, cond in spec["depends_on"].items()}
        assert conditions["db"] == conditions["redis"] == conditions["cache"] == "service_healthy", name
    # The workers and beat start once web has applied the migrations (web is healthy only after `make serve`'s
    # migrate), and web is healthy when /healthz answers (the image's HEALTHCHECK).
    assert services["worker"]["depends_on"]["web"]["condition"] == "service_healthy"
    assert services["beat"]["depends_on"]["web"]["condition"] == "service_healthy"


def test_the_cache_redis_evicts_and_the_broker_redis_never_does():
    services = compose_document()["services"]
    cache, broker = " ".join(services["cache"]["command"]), " ".join(services["redis"]["command"])
    assert re.search(r"--maxmemory \d+[kmg]b", cache)
    assert "--maxmemory-policy allkeys-lru" in cache
    assert "--maxmemory-policy noeviction" in broker
    env = service_environment("web", {"SECRET_KEY": "k"})
    assert env["REDIS_URL"].startswith("redis://redis:") and env["REDIS_CACHE_URL"].startswith("redis://cache:")


def test_state_lives_in_volumes():
    document = compose_document()
    assert set(document["volumes"]) >= {"pgdata", "redisdata", "beatstate"}
    assert any(v.startswith("pgdata:") for v in document["services"]["db"]["volumes"])
    beat = service_environment("beat", {"SECRET_KEY": "k"})
    assert beat["BEAT_SCHEDULE"].startswith("/var/lib/factdesk/beat/")


def test_compose_refuses_to_start_without_a_secret_key_and_says_where_to_set_it():
    with pytest.raises(InterpolationError, match=r"SECRET_KEY: Set SECRET_KEY in \.env"):
        service_environment("web", {})
    with pytest.raises(InterpolationError):
        service_environment("web", {"SECRET_KEY": ""})
    env = service_environment("web", {"SECRET_KEY": "s" * 50})
    assert env["DEBUG"] == "false"
    assert env["EMAIL_URL"] == "smtp://mailpit:1025"
    assert env["DATABASE_URL"] == "postgres://factdesk:factdesk@db:5432/factdesk"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("${A:-x}", "x"), ("${A-x}", ""), ("${B:-x}", "b"), ("$B/$$B", "b/$B"), ("${C}", "")],
)
def test_interpolation_follows_compose(text, expected):
    assert interpolate(text, {"A": "", "B": "b"}) == expected


def _stages(dockerfile: str) -> list[str]:
    return re.split(r"^FROM ", dockerfile, flags=re.MULTILINE)[1:]


def test_dockerfile_is_multi_stage_slim_non_root_with_a_healthcheck():
    dockerfile = (REPO / "Dockerfile").read_text()
    stages = _stages(dockerfile)
    assert len(stages) >= 2, "a builder stage and a final stage"
    assert re.search(r"^ARG PYTHON_IMAGE=python:3\.11-slim", dockerfile, re.MULTILINE)
    builder, final = stages[0], stages[-1]
    assert "--require-hashes" in builder and "-r requirements.lock" in builder
    assert "build-essential" not in final and "gcc" not in final, "no compiler in the final image"
    assert "COPY --from=builder /app/.venv" in final
    users = re.findall(r"^USER (\S+)", final, re.MULTILINE)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*/healthz", final, re.MULTILINE)


def test_dockerignore_keeps_secrets_and_local_state_out():
    ignored = set((REPO / ".dockerignore").read_text().split())
    assert {".env", ".secret_key", ".venv", ".git", "*.sqlite3"} <= ignored
