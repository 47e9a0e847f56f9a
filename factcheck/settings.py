"""Django settings for Factdesk, read from the environment (twelve-factor, as cookiecutter-django does).

The embedded default needs nothing: a SQLite file in the repository, tasks run in-process, the console
email backend. Set ``DATABASE_URL`` (PostgreSQL, psycopg 3) and ``REDIS_URL`` for production.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

from factcheck.ops.database import database_binding_options

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)


def _secret_key() -> str:
    """Use SECRET_KEY from the environment; in development keep a generated one in a git-ignored file.

    No key is ever committed, and development sessions survive a restart.
    """
    key = env.str("SECRET_KEY", default="")
    if key:
        return key
    if not DEBUG:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is false.")
    path = BASE_DIR / ".secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",  # no longer authenticates anyone (knox does); kept for workflows/0002's dependency
    "knox",  # API tokens: hashed at rest, expiring, revocable (factcheck.api.tokens)
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "factcheck.articles",
    "factcheck.claims",
    "factcheck.verdicts",
    "factcheck.audit",  # the append-only audit log, below the services that write it
    "factcheck.publishing",
    "factcheck.notify",  # signed webhooks and chat messages that follow publications (docs/webhooks.md)
    "factcheck.tips",  # readers' tips and error reports (models, intake, their public forms)
    "factcheck.sources",  # monitored feeds, pages and ClaimReview feeds, polled by beat
    "factcheck.api.apps.APIConfig",
    "workflows",
    "django_prose_editor",  # only for its static files: the desk's explanation editor (workflows/desk/editor.py)
    # Security (issue 7): failed-login tracking and lockout; Content-Security-Policy headers.
    "axes",
    "csp",
    # Database triggers declared on models (the append-only audit log); installed by migrations, PostgreSQL only.
    "pgtrigger",
    # Free tags on claims and fact-checks (factcheck.claims / factcheck.verdicts models, workflows.services.tags).
    "taggit",
]
# "Vaccines" and "vaccines" are one tag: the desk types tags freely, and a second spelling would split a filter.
TAGGIT_CASE_INSENSITIVE = True

MIDDLEWARE = [
    # First, so every log line of the request and every response (errors included) carries the request id.
    "factcheck.ops.logs.RequestIDMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Every HTML response gets a Content-Security-Policy header (policy below).
    "csp.middleware.CSPMiddleware",
    # NUL bytes or broken UTF-8 in an admin address or form: a 400 before a view or the database sees them.
    "factcheck.ops.security.RejectMalformedFormsMiddleware",
    "factcheck.api.middleware.APIBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before common: the interface language from the language cookie, then Accept-Language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: a signed-in desk user's own language and time zone (My settings) win.
    "workflows.preferences.DeskPreferencesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: turns a login refused by the lockout into a clear 429 (admin page or API JSON).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "factcheck" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'factdesk.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server read while an in-process task writes; the timeout rides out short locks.
    # IMMEDIATE: a transaction takes the write lock when it begins, so concurrent writers queue on the
    # timeout. (A default, deferred transaction that reads first and then writes gets "database is locked"
    # at once when another writer got in between: SQLite cannot wait there without risking a deadlock.)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parameters sent apart from the SQL, and a query prepared from its fifth run on a connection
    # (factcheck/ops/database.py says what that saves, and when to turn preparing off).
    prepare_threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="5")
    DATABASES["default"].setdefault("OPTIONS", {}).update(database_binding_options(prepare_threshold))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# The cache may have a Redis of its own (REDIS_CACHE_URL), run with maxmemory and allkeys-lru, so cached
# pages can neither grow without bound nor evict the Celery queue; it shares REDIS_URL when unset.
REDIS_CACHE_URL = env.str("REDIS_CACHE_URL", default="") or REDIS_URL
# The cache is an accelerator, never a dependency: if Redis is down, reads miss and writes are dropped
# (django-redis IGNORE_EXCEPTIONS) instead of failing the request.
CACHES = {
    "default": (
        {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
        if REDIS_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "factdesk"}
    )
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Readers' forms count posts in this cache (factcheck.tips.limits, django-ratelimit). If it is down, let readers
# through rather than refuse everyone: the honeypot, the size limits and the API's own throttles still stand.
RATELIMIT_FAIL_OPEN = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
# The interface languages (docs/architecture.md, "Languages of the interface", says how to add one). Readers
# and desk users choose with the language switch (Django's set_language, a cookie) or their browser's
# Accept-Language; a desk user's choice in My settings wins on the desk. Data (ratings, claims) is never translated.
USE_I18N = True
LANGUAGES = [("en", "English"), ("ru", "Русский"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "factcheck" / "locale"]
# How a day reads in each language ("2 December 2026", "2 de diciembre de 2026"): factcheck/formats/.
FORMAT_MODULE_PATH = ["factcheck.formats"]
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# Email: EMAIL_URL names the server in one line (django-environ: smtp+tls://user:password@host:587 (STARTTLS),
# smtp+ssl://...:465, consolemail://, filemail:///path); EMAIL_BACKEND, when set, still picks the backend itself
# (e.g. anymail's, for a provider's HTTP API, with its keys in ANYMAIL_* variables). Neither: the console.
_email_server = env.email_url("EMAIL_URL") if env.str("EMAIL_URL", default="") else {}
globals().update(_email_server)  # EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS...
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND", default=_email_server.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
)
# A mail server that stops answering must not hold a worker for ever (reminders, sign-off mails).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="factdesk@localhost")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# django-anymail (the `anymail` extra) reads its provider keys from here: ANYMAIL_MAILGUN_API_KEY=... in the
# environment becomes ANYMAIL["MAILGUN_API_KEY"].
ANYMAIL = {name.removeprefix("ANYMAIL_"): value for name, value in os.environ.items() if name.startswith("ANYMAIL_")}

LOGIN_URL = "admin:login"

# --- Security (issue 7) ---------------------------------------------------------------------------
# django-axes first: it refuses a locked-out username+address before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username *from one address* after this many failures (admin and API token login alike), so a
# guesser is stopped without letting anyone lock an editor out from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "factcheck.ops.security.lockout_response"
# Behind N reverse proxies the client address is the Nth from the right in X-Forwarded-For (0: REMOTE_ADDR).
# The one client-address function: axes, the API throttles (factcheck.api.throttles) and DRF all use it.
AXES_CLIENT_IP_CALLABLE = "factcheck.ops.security.client_ip"
# Usernames as tried, capped to what a username can be (a 2 MB "username" must be refused, not crash axes).
AXES_USERNAME_CALLABLE = "factcheck.ops.security.client_username"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Content-Security-Policy (django-csp 4 style). No inline or remote script anywhere: the public site has
# none, the admin loads its scripts from /static/. JSON-LD (<script type="application/ld+json">) is data,
# never executed, so script-src does not apply to it. Inline *styles* stay allowed (rating badge colours,
# the admin's own style attributes); an injected style attribute cannot run code.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# Sessions: a working day; the cookie never reaches JavaScript. In the database only (not cached_db): a session
# signed out must end in every worker at once, which a per-process or fail-open cache cannot promise.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # Production: cookies only over HTTPS, browsers told to use HTTPS for a year, plain HTTP redirected
    # (except /healthz and /readyz, which load balancers and monitors probe over plain HTTP). Behind a
    # TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ENABLED=true so Django trusts its X-Forwarded-Proto.
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # gunicorn serves static files itself through WhiteNoise (run `manage.py collectstatic` first).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("FACTDESK_API_MAX_BODY_BYTES", default=3 * 1024 * 1024)

# --- Celery (namespace CELERY_) -------------------------------------------------------------------
# No broker configured means the embedded default: tasks run eagerly in the calling process.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    CELERY_BROKER_URL = "memory://localhost/"  # never used for eager tasks; names a broker so kombu does not guess one
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
# One queue name per deployment; tests give each worker they start a queue of its own.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="factdesk")
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Tasks are idempotent, so a message is acknowledged only after the work is done, and handed back to
# the queue when the worker process dies under it.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A worker keeps its database connection from task to task (Celery's default is a new one per task), closed
# when older than CONN_MAX_AGE or broken (factcheck/ops/worker_connections.py), and anyway every this many tasks.
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
# A runaway task is stopped rather than holding a worker for ever.
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=120)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=180)
# Redis redelivers an unacknowledged message after this long; longer than any task's hard limit.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=600)}
# A web request that enqueues work must not hang on a dead broker: give up quickly, the row stays queued
# and the sweeper sends it later.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Workers log through LOGGING below (JSON in production, each task line with its request id), not Celery's
# own root-logger setup.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-articles": {
        "task": "factcheck.articles.tasks.sweep_stuck_articles",
        "schedule": timedelta(seconds=env.int("FACTDESK_SWEEP_EVERY_SECONDS", default=300)),
    },
    # Readers' tips the database still shows without their claim (a lost message, a failed attempt) are sent again.
    "sweep-reader-tips": {
        "task": "workflows.tip_tasks.sweep_tips",
        "schedule": timedelta(seconds=env.int("FACTDESK_SWEEP_EVERY_SECONDS", default=300)),
    },
    # Webhook deliveries still pending well past their time (a lost message) are sent again.
    "resend-lost-webhooks": {
        "task": "factcheck.notify.tasks.resend_lost_deliveries",
        "schedule": timedelta(seconds=env.int("FACTDESK_SWEEP_EVERY_SECONDS", default=300)),
    },
    # Emails each reviewer their claims due within 24 hours or overdue; at most once per reviewer per day,
    # at FACTDESK_REMINDER_HOUR o'clock local time (TIME_ZONE), however long beat has been running.
    "workflow-due-reminders": {
        "task": "workflows.tasks.send_due_reminders",
        "schedule": crontab(minute=0, hour=env.int("FACTDESK_REMINDER_HOUR", default=8)),
    },
    # Checks a bounded batch of evidence links (oldest check first) through the SSRF guard.
    "check-evidence-links": {
        "task": "workflows.linkcheck_tasks.check_evidence_links",
        "schedule": timedelta(seconds=env.int("FACTDESK_LINKCHECK_EVERY_SECONDS", default=3600)),
    },
    # Sends one poll task per monitored source whose next poll time has come (factcheck.sources).
    "poll-due-sources": {
        "task": "factcheck.sources.tasks.poll_due_sources",
        "schedule": timedelta(seconds=env.int("FACTDESK_SOURCES_TICK_SECONDS", default=60)),
    },
}

# --- Django REST framework ------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first: its WWW-Authenticate header makes a missing login a 401, not a 403. knox's expiring,
        # hashed tokens, sent as "Authorization: Token <key>" (factcheck.api.access).
        "factcheck.api.access.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Signed in *and* a desk role, unless a view says otherwise (the public endpoints, login and logout).
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "factcheck.api.access.HasDeskRole",
    ],
    # DRF's defaults, with a JSON parser that answers 400 (not 500) to absurdly deep nesting (factcheck.ops).
    "DEFAULT_PARSER_CLASSES": [
        "factcheck.ops.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "factcheck.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "factcheck.api.throttles.WriteAnonThrottle",
        "factcheck.api.throttles.WriteUserThrottle",
    ],
    # Writes only: reads are cached or cheap; a runaway script must not flood the desk with writes or logins.
    # Token logins: per client address whatever the username (password spraying), and per username whatever
    # the address (one account guessed from many addresses; axes locks a username *from one address*).
    "DEFAULT_THROTTLE_RATES": {
        "write_anon": env.str("API_THROTTLE_ANON", default="30/min"),
        "write_user": env.str("API_THROTTLE_USER", default="300/min"),
        "login": env.str("API_THROTTLE_LOGIN", default="10/min"),
        "login_username": env.str("API_THROTTLE_LOGIN_USERNAME", default="30/hour"),
    },
    # DRF's own idea of the client address, for any throttle that does not use ours: never a client-sent
    # X-Forwarded-For unless a trusted proxy put it there.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
# API tokens (django-rest-knox): a week idle and the token lapses; each use pushes the expiry a week on, but
# never beyond API_TOKEN_MAX_AGE_DAYS after login. Revoked by POST auth/token/revoke/ (this token),
# auth/token/revoke-all/, a password change and deactivation (factcheck.api.tokens).
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("API_TOKEN_TTL_HOURS", default=7 * 24)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(days=env.int("API_TOKEN_MAX_AGE_DAYS", default=30)),
    "MIN_REFRESH_INTERVAL": 60,  # seconds: at most one expiry write a minute per token
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Factdesk API",
    "DESCRIPTION": "Assign claims to reviewers, record verdicts, publish fact-checks.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # The API's <id:...> path converter (factcheck.api.base.IdConverter): a positive 64-bit-safe integer.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 999_999_999_999_999_999}},
    # Several components have a field named "kind"; the monitored sources' one gets a name of its own.
    "ENUM_NAME_OVERRIDES": {"SourceKindEnum": "factcheck.sources.models.Source.Kind"},
}

# --- Factdesk -------------------------------------------------------------------------------------
FACTDESK = {
    # The organisation named as ClaimReview author and on public pages.
    "ORG_NAME": env.str("FACTDESK_ORG_NAME", default="Factdesk"),
    # Unset: the site's home page (factcheck.publishing.site.org_url).
    "ORG_URL": env.str("FACTDESK_ORG_URL", default=""),
    # Absolute base for canonical URLs in pages, feeds, JSON-LD, the sitemap and emails. Unset: the address
    # of the request, or (emails, tasks) the first ALLOWED_HOSTS entry (factcheck.publishing.site).
    "SITE_URL": env.str("FACTDESK_SITE_URL", default=""),
    # Articles larger than this are refused at ingest, before anything is stored.
    "INGEST_MAX_BYTES": env.int("FACTDESK_INGEST_MAX_BYTES", default=2 * 1024 * 1024),
    # An article queued or processing for longer than this is re-enqueued by the sweeper.
    "STUCK_AFTER_SECONDS": env.int("FACTDESK_STUCK_AFTER_SECONDS", default=600),
    # "single": one editor approves; "panel": PANEL_SIZE editors vote, majority rating at quorum.
    "SIGNOFF_POLICY": env.str("FACTDESK_SIGNOFF_POLICY", default="single"),
    "PANEL_SIZE": env.int("FACTDESK_PANEL_SIZE", default=3),
    # Default days until due, by priority (1 = urgent ... 4 = low).
    "DUE_DAYS_BY_PRIORITY": {1: 1, 2: 2, 3: 5, 4: 10},
    # JSON bodies over this are answered 413 (room for an article at the ingest limit, JSON-escaped).
    "API_MAX_BODY_BYTES": env.int("FACTDESK_API_MAX_BODY_BYTES", default=3 * 1024 * 1024),
    # Loopback fetches are refused unless a test opts in explicitly.
    "ALLOW_LOOPBACK_FETCH": env.bool("FACTDESK_ALLOW_LOOPBACK_FETCH", default=False),
    # Rendered public pages are cached this long at most; publish/correct/retract purge them sooner.
    "PAGE_CACHE_SECONDS": env.int("FACTDESK_PAGE_CACHE_SECONDS", default=600),
    # Evidence link checker: links per run, re-check age, and the limits of each fetch.
    "LINKCHECK_BATCH": env.int("FACTDESK_LINKCHECK_BATCH", default=50),
    "LINKCHECK_RECHECK_HOURS": env.int("FACTDESK_LINKCHECK_RECHECK_HOURS", default=7 * 24),
    "LINKCHECK_TIMEOUT": env.float("FACTDESK_LINKCHECK_TIMEOUT", default=5.0),
    "LINKCHECK_MAX_BYTES": env.int("FACTDESK_LINKCHECK_MAX_BYTES", default=64 * 1024),
    # A run stops starting new checks after this long, well inside the task's time limit.
    "LINKCHECK_RUN_SECONDS": env.int("FACTDESK_LINKCHECK_RUN_SECONDS", default=90),
    # /readyz waits at most this long (seconds) for the broker and for a worker to answer a ping...
    "HEALTH_TIMEOUT": env.float("FACTDESK_HEALTH_TIMEOUT", default=1.0),
    # ...and asks them at most once per this many seconds (shared through the cache). /healthz asks neither.
    "HEALTH_CACHE_SECONDS": env.float("FACTDESK_HEALTH_CACHE_SECONDS", default=5.0),
    # Webhooks (factcheck.notify): seconds to wait for a receiver's answer; attempts per delivery, retried
    # after BACKOFF, 2 x BACKOFF, 4 x ... (at most BACKOFF_MAX) seconds; and the failed attempts in a row
    # after which an endpoint is disabled for an editor to look at and re-enable.
    "WEBHOOK_TIMEOUT": env.float("FACTDESK_WEBHOOK_TIMEOUT", default=5.0),
    "WEBHOOK_MAX_ATTEMPTS": env.int("FACTDESK_WEBHOOK_MAX_ATTEMPTS", default=8),
    "WEBHOOK_BACKOFF_SECONDS": env.int("FACTDESK_WEBHOOK_BACKOFF_SECONDS", default=30),
    "WEBHOOK_BACKOFF_MAX_SECONDS": env.int("FACTDESK_WEBHOOK_BACKOFF_MAX_SECONDS", default=3600),
    "WEBHOOK_DISABLE_AFTER": env.int("FACTDESK_WEBHOOK_DISABLE_AFTER", default=15),
    # Monitored sources (factcheck.sources): each poll's fetch timeout (seconds; the body gets 3x that), the cap
    # of a failing source's backoff, how long a sent poll holds its source (a lost message: due again after it),
    # when a poll still marked running is presumed dead, and the entries taken per poll at most.
    "SOURCES_FETCH_TIMEOUT": env.float("FACTDESK_SOURCES_FETCH_TIMEOUT", default=10.0),
    "SOURCES_MAX_BACKOFF_MINUTES": env.int("FACTDESK_SOURCES_MAX_BACKOFF_MINUTES", default=24 * 60),
    "SOURCES_DISPATCH_GRACE_SECONDS": 600,
    "SOURCES_POLL_LEASE_SECONDS": 300,
    "SOURCES_MAX_ENTRIES_PER_POLL": 100,
    # A paged ClaimReview feed (DataFeed "next") is followed while its pages bring something new, at most this far.
    "SOURCES_MAX_PAGES": 10,
    # Readers' tips and error reports (public forms and API alike, factcheck.tips.limits): posts per sender
    # address an hour (room for a reader who fixes a typo or sends a few; a newsroom's shared address too) and
    # for everyone together (what a botnet can put on the desk in an hour). django-ratelimit's "N/h" form.
    "READER_RATE_PER_SENDER": env.str("FACTDESK_READER_RATE_PER_SENDER", default="20/h"),
    "READER_RATE_GLOBAL": env.str("FACTDESK_READER_RATE_GLOBAL", default="600/h"),
    # Exports (workflows.exports): the most rows an XLSX export builds while the editor waits. XlsxWriter writes
    # a few thousand rows a second, so past this the request would outlast gunicorn's 30 s timeout; CSV
    # (streamed, no limit) opens in Excel too.
    "EXPORT_XLSX_MAX_ROWS": env.int("FACTDESK_EXPORT_XLSX_MAX_ROWS", default=25_000),
}

# --- Performance (issue 8, `make bench`) ----------------------------------------------------------------
# Seconds a web process may reuse a public page it just read from the shared cache, without the round trip to
# Redis that a cached page otherwise costs (about a third of its serving time). A publish, correction or
# retraction then reaches the other processes within this many seconds (the process that made it: at once):
# half a second by default, so a correction is on every reader's screen within a second of its commit.
# 0 keeps every page answer consistent with the shared cache.
FACTDESK["PAGE_LOCAL_CACHE_SECONDS"] = env.float("FACTDESK_PAGE_LOCAL_CACHE_SECONDS", default=0.5)

# --- Error reporting ---------------------------------------------------------------------------------
# Sentry for the web processes and the Celery workers when SENTRY_DSN is set; off by default, and no personal
# data or request body is ever sent (factcheck.ops.sentry).
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from factcheck.ops.sentry import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="development" if DEBUG else "production"),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Logs: one JSON object per line in production (LOG_FORMAT=json, the default when DEBUG is false), plain
# lines in development; both carry the request id that RequestIDMiddleware puts in X-Request-ID.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "factcheck.ops.logs.RequestIDFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "factcheck.ops.logs.JSONFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # One line per request with method, path, status and duration (factcheck.ops.logs).
    # (runserver logs requests itself, so in development these lines are off unless asked for).
    "loggers": {
        "factcheck.request": {"level": env.str("REQUEST_LOG_LEVEL", default="WARNING" if DEBUG else "INFO")},
        "axes.apps": {"level": "WARNING"},  # its start-up banner on every command; lockouts still log
    },
}
