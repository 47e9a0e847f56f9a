"""A production install is usable after ``migrate`` alone: the default rating scale and the role groups come
from data migrations, and ``fixtures/rating_scales.json`` is an optional *second* scale that loads beside
it (twice, even) without failing or duplicating anything."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import uuid

import pytest
from django.apps import apps as live_apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from rest_framework.test import APIClient

from factcheck.verdicts.models import Rating, RatingScale
from tests.conftest import REPO

pytestmark = pytest.mark.django_db

FIXTURE = REPO / "fixtures" / "rating_scales.json"
ON_SCALE = ["True", "Mostly true", "Half true", "Mostly false", "False", "Fabricated"]


def create_default_scale() -> None:
    """Run the data migration's function again, on the live models (same fields as its historical ones)."""
    importlib.import_module("factcheck.verdicts.migrations.0004_default_rating_scale").create_default_scale(
        live_apps, None
    )


def _fixture_rows() -> list[dict]:
    return json.loads(FIXTURE.read_text())


def test_the_migrated_database_has_the_default_scale_with_its_eight_ratings():
    scale = RatingScale.objects.get(is_default=True)
    assert (scale.slug, scale.name) == ("truth-scale", "Factdesk truth scale")
    labels = list(scale.ratings.order_by("position").values_list("label", flat=True))
    assert labels == [*ON_SCALE, "Unverifiable", "Missing context"]
    assert (scale.best_value, scale.worst_value) == (6, 1)


def test_the_public_ratings_api_serves_the_scale_without_any_fixture():
    body = APIClient().get("/api/v1/ratings/").json()
    assert len(body) >= 6
    assert [r["label"] for r in body][:6] == ON_SCALE


def test_the_role_groups_exist_after_migrate():
    assert {"Reviewer", "Editor", "Admin"} <= set(Group.objects.values_list("name", flat=True))


def test_the_fixture_is_a_second_clearly_different_scale_that_is_not_the_default():
    rows = _fixture_rows()
    scales = [r for r in rows if r["model"] == "verdicts.ratingscale"]
    assert len(scales) == 1 and scales[0]["fields"]["is_default"] is False
    assert scales[0]["fields"]["slug"] != "truth-scale"
    labels = [r["fields"]["label"] for r in rows if r["model"] == "verdicts.rating"]
    assert labels == ["True", "Misleading", "False"]


def test_loading_the_fixture_after_migrate_adds_the_second_scale_once():
    default_before = list(Rating.objects.filter(scale__is_default=True).values_list("pk", "slug", "label"))
    call_command("loaddata", str(FIXTURE), verbosity=0)
    call_command("loaddata", str(FIXTURE), verbosity=0)  # make setup run twice: still no duplicate
    assert RatingScale.objects.filter(is_default=True).count() == 1
    assert list(Rating.objects.filter(scale__is_default=True).values_list("pk", "slug", "label")) == default_before
    second = RatingScale.objects.get(slug="true-misleading-false")
    assert list(second.ratings.values_list("slug", flat=True)) == ["true", "misleading", "false"]
    assert RatingScale.objects.count() == 2


def test_the_migration_is_idempotent_and_never_makes_a_second_default():
    create_default_scale()
    create_default_scale()
    assert RatingScale.objects.filter(is_default=True).count() == 1
    assert Rating.objects.filter(scale__slug="truth-scale").count() == 8


def test_the_migration_leaves_an_existing_default_scale_alone():
    Rating.objects.all().delete()
    RatingScale.objects.all().delete()
    own = RatingScale.objects.create(name="Our own scale", slug="ours", is_default=True)
    create_default_scale()
    assert list(RatingScale.objects.values_list("slug", flat=True)) == ["ours"]
    assert RatingScale.objects.get(is_default=True) == own


def test_the_migration_makes_an_existing_truth_scale_the_default_when_none_is():
    """A desk that loaded the old fixture and then unset the default: the scale is reused, not duplicated."""
    RatingScale.objects.filter(is_default=True).update(is_default=False)
    create_default_scale()
    scale = RatingScale.objects.get(is_default=True)
    assert scale.slug == "truth-scale" and RatingScale.objects.filter(slug="truth-scale").count() == 1
    assert scale.ratings.count() == 8


def test_the_migration_imports_no_application_code():
    """A data migration must keep working when the models change later, so it carries its own copy."""
    source = (REPO / "factcheck" / "verdicts" / "migrations" / "0004_default_rating_scale.py").read_text()
    imports = [line for line in source.splitlines() if line.startswith(("import ", "from "))]
    assert imports and all(line.startswith(("from django.db import", "from __future__")) for line in imports)


CHECK = """
import json
from django.contrib.auth.models import Group
from django.test import Client
from factcheck.verdicts.models import RatingScale
body = Client().get("/api/v1/ratings/").json()
print(json.dumps({"ratings": len(body), "labels": [r["label"] for r in body],
                  "scales": sorted(RatingScale.objects.values_list("slug", flat=True)),
                  "defaults": RatingScale.objects.filter(is_default=True).count(),
                  "groups": sorted(Group.objects.values_list("name", flat=True))}))
"""


def _run(args: list[str], env: dict) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.mark.slow  # a real worker or a fresh migrate: not in `make test-fast`
def test_a_fresh_database_after_migrate_alone_serves_the_ratings(tmp_path):
    """What ``make serve`` does: migrate, nothing else. Then the example fixture, twice, as ``make setup``
    run again would."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "CELERY_BROKER_URL", "LOG_FORMAT")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="false",
        SECRET_KEY=uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
    )
    _run(["migrate", "--noinput", "-v0"], env)
    fresh = json.loads(_run(["shell", "-c", CHECK], env).strip().splitlines()[-1])
    assert fresh["ratings"] >= 6 and fresh["labels"][:6] == ON_SCALE
    assert fresh["scales"] == ["truth-scale"] and fresh["defaults"] == 1
    assert {"Reviewer", "Editor", "Admin"} <= set(fresh["groups"])

    for _ in range(2):
        _run(["loaddata", str(FIXTURE), "-v0"], env)
    loaded = json.loads(_run(["shell", "-c", CHECK], env).strip().splitlines()[-1])
    assert loaded["scales"] == ["true-misleading-false", "truth-scale"] and loaded["defaults"] == 1
    assert loaded["ratings"] == fresh["ratings"] + 3
