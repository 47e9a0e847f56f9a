# Factdesk: two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test run setup test test-fast lint worker beat serve bench e2e clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## setup: migrate (which makes the default rating scale and the role groups), create demo users, ingest the
## seed articles. fixtures/rating_scales.json is an optional second scale: `manage.py loaddata` it to try one.
setup: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py demo_users
	@if $(PY) manage.py help ingest_seeds >/dev/null 2>&1; then $(PY) manage.py ingest_seeds; \
	else echo "ingest_seeds is not available yet: skipping the seed articles"; fi

## run: everything a newcomer needs, then serve on http://$(HOST):$(PORT)/ (SQLite, in-process tasks)
run: setup
	@echo "Factdesk is at http://$(HOST):$(PORT)/admin/ (log in with a demo user printed above)"
	FACTDESK_SITE_URL="$${FACTDESK_SITE_URL:-http://$(HOST):$(PORT)}" $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite (integration tests skip with a reason when PostgreSQL/Redis are absent)
test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest

## test-fast: the inner loop: ruff, then everything but the browser, integration and slow tests, stopping at the
## first failure (`make test` still runs everything)
test-fast: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -q -x -m "not slow and not e2e and not integration"

lint: install-test
	$(VENV)/bin/ruff check .

## worker: a real Celery worker (needs REDIS_URL, and DATABASE_URL for PostgreSQL)
worker: install
	$(VENV)/bin/celery -A factcheck worker --loglevel=INFO --concurrency=2

beat: install
	$(VENV)/bin/celery -A factcheck beat --loglevel=INFO

## serve: the production path: gunicorn with DEBUG=false (needs SECRET_KEY; README "Operations")
WEB_WORKERS ?= 3
# TLS ends at your proxy: behind it set SECURE_SSL_REDIRECT=true SECURE_PROXY_SSL_HEADER_ENABLED=true.
SECURE_SSL_REDIRECT ?= false
serve: install
	@if [ -z "$$SECRET_KEY" ]; then \
	  echo "make serve runs with DEBUG=false and needs SECRET_KEY (50+ random characters), e.g."; \
	  echo '  export SECRET_KEY="$$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")"'; exit 1; fi
	DEBUG=false $(PY) manage.py migrate --noinput
	DEBUG=false $(PY) manage.py collectstatic --noinput --verbosity 0
	DEBUG=false ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost}" SECURE_SSL_REDIRECT=$(SECURE_SSL_REDIRECT) \
	  $(PY) manage.py check --deploy
	@echo "Factdesk (production settings) on http://$(HOST):$(PORT)/ with $(WEB_WORKERS) workers; health at /healthz"
	DEBUG=false ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost}" SECURE_SSL_REDIRECT=$(SECURE_SSL_REDIRECT) \
	  exec $(VENV)/bin/gunicorn factcheck.wsgi:application --bind $(HOST):$(PORT) --workers $(WEB_WORKERS) \
	  --timeout 30 --graceful-timeout 20 --max-requests 2000 --max-requests-jitter 200 --worker-tmp-dir /dev/shm

## bench: performance at newsroom scale (100,000 claims; BENCH_ARGS="--scale 1000000" for a million): PostgreSQL
## and Redis when reachable (DATABASE_URL/REDIS_URL, else local defaults), else SQLite and in-process tasks, said
## loudly. Prints the table, writes docs/benchmarks.json and the README "Benchmarks" table. See README.
BENCH_ARGS ?=
bench: install
	$(PY) -m tests.benchmarks.run --update-readme $(BENCH_ARGS)

## e2e: only the browser tests (Debian chromium; screenshots land in test-artifacts/)
e2e: install-test
	$(VENV)/bin/pytest -m e2e

clean:
	rm -rf $(VENV) factdesk.sqlite3* .pytest_cache
