"""Which database and broker a benchmark run uses, decided before Django starts.

PostgreSQL and Redis when they answer (``BENCH_DATABASE_URL`` / ``BENCH_REDIS_URL``, else ``DATABASE_URL`` /
``REDIS_URL``, else the local defaults); otherwise SQLite and in-process tasks, said loudly. The benchmark
never writes to the database named in ``DATABASE_URL``: it uses a sibling database ``<name>_bench``, which it
drops and recreates, so a run always starts from the same data.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/factdesk_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/6"
SETTINGS_MODULE = "tests.benchmarks.settings"


@dataclass
class BenchEnv:
    database: str  # "postgresql" or "sqlite"
    database_url: str
    redis_url: str  # "" when tasks run in-process
    notes: list[str] = field(default_factory=list)
    run_id: str = field(default_factory=lambda: f"bench-{uuid.uuid4().hex[:8]}")
    # One key for the harness, the workers and gunicorn: a session signed in by the harness must be valid there.
    secret_key: str = field(default_factory=lambda: os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50))

    @property
    def queue(self) -> str:
        return self.run_id

    @property
    def workers(self) -> bool:
        """Real Celery worker processes (needs a broker)."""
        return bool(self.redis_url)

    def environ(self) -> dict[str, str]:
        """What the harness, the workers and gunicorn all run with (production profile: DEBUG off)."""
        return {
            "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "CELERY_BROKER_URL": self.redis_url,
            "CELERY_QUEUE": self.queue,
            "BENCH_RUN_ID": self.run_id,
            "DEBUG": "false",
            "SECRET_KEY": self.secret_key,
            "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
            "SECURE_SSL_REDIRECT": "false",
            "CONN_MAX_AGE": "600",
            "LOG_LEVEL": "WARNING",
            "REQUEST_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }

    def apply(self) -> None:
        os.environ.update(self.environ())


def _bench_database_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith(("postgres://", "postgresql://")):
        parts = urlsplit(given)
        name = parts.path.lstrip("/") or "factdesk"
        if not name.endswith("bench"):
            name += "_bench"
        return urlunsplit(parts._replace(path="/" + name))
    return DEFAULT_DATABASE_URL


def _postgres_reachable(url: str) -> str | None:
    """None when the server answers, else why not."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - a base dependency
        return "psycopg is not installed"
    parts = urlsplit(url)
    try:
        with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), connect_timeout=2):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return f"{exc.__class__.__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"


def _redis_reachable(url: str) -> str | None:
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1).ping()
        return None
    except Exception as exc:  # noqa: BLE001
        return f"{exc.__class__.__name__}: {exc}"


def choose(database: str = "auto", broker: str = "auto", sqlite_path: Path | None = None) -> BenchEnv:
    """``database``: auto / postgresql / sqlite; ``broker``: auto / redis / none."""
    notes: list[str] = []
    sqlite_path = sqlite_path or Path(tempfile.gettempdir()) / "factdesk_bench.sqlite3"
    db_url, db_kind = f"sqlite:///{sqlite_path}", "sqlite"
    if database in ("auto", "postgresql"):
        candidate = _bench_database_url()
        why = _postgres_reachable(candidate)
        if why is None:
            db_url, db_kind = candidate, "postgresql"
        elif database == "postgresql":
            raise SystemExit(f"PostgreSQL asked for but not reachable at {candidate}: {why}")
        else:
            notes.append(f"FALLBACK: PostgreSQL not reachable ({why}); running on SQLite at {sqlite_path}")
    else:
        notes.append(f"FALLBACK: SQLite asked for (--database sqlite) at {sqlite_path}")
    redis_url = ""
    if broker in ("auto", "redis"):
        candidate = os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
        why = _redis_reachable(candidate)
        if why is None:
            redis_url = candidate
        elif broker == "redis":
            raise SystemExit(f"Redis asked for but not reachable at {candidate}: {why}")
        else:
            notes.append(f"FALLBACK: Redis not reachable ({why}); tasks run in-process, local-memory cache")
    else:
        notes.append("FALLBACK: no broker asked for (--broker none); tasks run in-process, local-memory cache")
    if redis_url and db_kind == "sqlite":
        notes.append("NOTE: real workers on SQLite serialise on its write lock; figures are not PostgreSQL's")
    return BenchEnv(database=db_kind, database_url=db_url, redis_url=redis_url, notes=notes)


def load_record_path(env: BenchEnv) -> Path:
    """Where the loader records what it loaded into this run's database (``run.py --reuse-load``): one file per
    database, so two benchmark databases on one machine never take each other's."""
    if env.database == "sqlite":
        return Path(urlsplit(env.database_url).path + ".load.json")
    parts = urlsplit(env.database_url)
    name = f"{parts.hostname or 'local'}_{parts.port or 5432}_{parts.path.lstrip('/')}"
    return Path(tempfile.gettempdir()) / f"factdesk-bench-load-{name}.json"


def recreate_database(env: BenchEnv) -> None:
    """Start from nothing: drop and create the bench database (PostgreSQL) or delete the file (SQLite)."""
    if env.database == "sqlite":
        path = Path(urlsplit(env.database_url).path)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg
    from psycopg import sql

    parts = urlsplit(env.database_url)
    name = parts.path.lstrip("/")
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
