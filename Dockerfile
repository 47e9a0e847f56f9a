# syntax=docker/dockerfile:1
# Factdesk's one image: compose.yaml runs the web app (`make serve`: gunicorn), the Celery worker (`make worker`)
# and beat (`make beat`) from it. Two stages: the builder installs the exact versions in requirements.lock (with
# their hashes) into a virtualenv; the final image gets that virtualenv and the code, and no compiler.
ARG PYTHON_IMAGE=python:3.11-slim-bookworm

FROM ${PYTHON_IMAGE} AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 PYTHONDONTWRITEBYTECODE=1
# Only for a dependency without a wheel for this platform; none of it reaches the final image.
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN python -m venv .venv
COPY requirements.lock ./
RUN .venv/bin/pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml ./
COPY factcheck ./factcheck
COPY workflows ./workflows
# The project itself, editable at /app as `make install` does, so the Makefile's targets find it as they expect.
RUN .venv/bin/pip install --no-deps -e .

FROM ${PYTHON_IMAGE}
# Nothing is downloaded at run time: the encoder and weights ship in fixtures/ (HF_HUB_OFFLINE makes any
# accidental hub look-up fail at once instead of reaching out).
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH=/app/.venv/bin:$PATH \
    DEBUG=false \
    HF_HUB_OFFLINE=1
# make runs the targets compose names; nothing else is added to the slim base.
RUN apt-get update \
 && apt-get install -y --no-install-recommends make \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 factdesk \
 && useradd --system --uid 10001 --gid factdesk --home-dir /app --no-create-home --shell /usr/sbin/nologin factdesk
WORKDIR /app
COPY --from=builder /app/.venv ./.venv
COPY . .
# Static files collected at build time (`make serve` collects again at start, copying only what changed); the
# virtualenv marked installed and newer than the lock, so make never tries to install anything in a container.
RUN SECRET_KEY=build-time-only-not-a-secret .venv/bin/python manage.py collectstatic --noinput --verbosity 0 \
 && touch .venv/.installed \
 && mkdir -p /var/lib/factdesk/beat \
 && chown -R factdesk:factdesk staticfiles /var/lib/factdesk
USER factdesk
EXPOSE 8000
# /healthz: the database answers (README "Health"); asked with the first ALLOWED_HOSTS name, as a proxy would.
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 CMD ["python", "-c", "import os, urllib.request as r; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('*.') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:' + os.environ.get('PORT', '8000') + '/healthz', headers={'Host': host}), timeout=4)"]
CMD ["make", "serve", "HOST=0.0.0.0"]
