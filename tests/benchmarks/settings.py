"""Settings for benchmark runs: the project's own settings plus a trivial "ok" view as the baseline.

The harness (``tests.benchmarks.env``) exports the database, Redis, queue and cache prefix before Django
starts, so the harness process, the Celery workers and gunicorn all read the very same configuration.
"""

import os
import warnings

from factcheck.settings import *  # noqa: F403
from factcheck.settings import CACHES

ROOT_URLCONF = "tests.benchmarks.urls"

# Each run keeps its cache entries apart (no flush of a Redis someone else may use).
CACHES["default"]["KEY_PREFIX"] = os.environ.get("BENCH_RUN_ID", "bench")

# Plain HTTP on loopback: the production cookie flags would make the test client and load generator drop
# their session cookie; nothing else of the production profile (DEBUG off) is changed.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False

# WhiteNoise (production profile) warns once per process that collectstatic has not run; the benchmark
# serves no static files.
warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
