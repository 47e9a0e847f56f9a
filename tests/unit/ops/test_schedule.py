"""What beat runs, and when: the daily reminder at a configured local hour, and only tasks that exist."""

import json
import os
import subprocess
import sys

import pytest
from celery.schedules import crontab
from django.conf import settings

from tests.conftest import REPO

PROBE = """
import django, json
django.setup()
from datetime import datetime
from zoneinfo import ZoneInfo
from factcheck.celery import app
entry = app.conf.beat_schedule["workflow-due-reminders"]
schedule = entry["schedule"]
schedule.app = app
zone = ZoneInfo(app.conf.timezone)
# 23:30 local on the evening before: the next run is due at the configured hour, local time.
now = datetime(2026, 3, 2, 23, 30, tzinfo=zone)
schedule.nowfun = lambda: now
due = now + schedule.remaining_estimate(now)
print(json.dumps({"timezone": str(app.conf.timezone), "due": due.astimezone(zone).isoformat()}))
"""


def test_the_daily_reminder_runs_at_eight_local_time_by_default():
    schedule = settings.CELERY_BEAT_SCHEDULE["workflow-due-reminders"]["schedule"]
    assert isinstance(schedule, crontab)
    assert schedule.hour == {8} and schedule.minute == {0}


@pytest.mark.slow  # settings read in a subprocess: not in `make test-fast`
def test_the_reminder_hour_and_time_zone_come_from_the_environment():
    env = {k: v for k, v in os.environ.items() if k not in ("FACTDESK_REMINDER_HOUR", "TIME_ZONE")}
    env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="true",
        FACTDESK_REMINDER_HOUR="6",
        TIME_ZONE="Europe/Berlin",
        REDIS_URL="",
        CELERY_BROKER_URL="",
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["timezone"] == "Europe/Berlin"
    assert out["due"].startswith("2026-03-03T06:00:00"), out


def test_every_scheduled_task_exists():
    from factcheck.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled <= set(app.tasks), scheduled - set(app.tasks)


def test_no_task_waits_for_a_schedule_it_will_never_get():
    """Auto-assignment is a desk decision made on chosen claims by a named editor (admin action, API),
    so it is not a background task at all."""
    from factcheck.celery import app

    app.loader.import_default_modules()
    assert "workflows.tasks.auto_assign_claims" not in app.tasks
