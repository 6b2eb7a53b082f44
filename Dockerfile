# The portal's image: one image for web, worker, beat and migrations.
#
#   docker build -t servicedesk .                        # from python:3.11-slim
#   bash scripts/build-image                             # the same, with the machine's CA
#                                                        # bundle and proxy, or a local
#                                                        # Debian base when no registry answers
#
# BASE_IMAGE is any Debian-like image with Python 3.11+ and its venv module:
# python:3.11-slim, or the Debian bookworm image scripts/debian-base-image
# makes with debootstrap (python3, python3-venv and python3-pip from Debian).
# PYTHON names the interpreter in it ("python3" exists in both).
ARG BASE_IMAGE=python:3.11-slim
ARG PYTHON=python3

# --- builder: wheels for every pinned requirement -----------------------------
FROM ${BASE_IMAGE} AS builder
ARG PYTHON
WORKDIR /build
COPY requirements.txt constraints.txt ./
# The machine's CA bundle (a proxy that inspects TLS) and a private index URL
# arrive as build secrets: they are mounted for this step only and never
# stored in a layer. Proxy variables are Docker's predefined build args.
RUN --mount=type=secret,id=ca_bundle \
    --mount=type=secret,id=pip_index_url \
    set -eu; \
    if [ -s /run/secrets/ca_bundle ]; then export PIP_CERT=/run/secrets/ca_bundle; fi; \
    if [ -s /run/secrets/pip_index_url ]; then export PIP_INDEX_URL="$(cat /run/secrets/pip_index_url)"; fi; \
    "${PYTHON}" -m venv /opt/build-venv; \
    /opt/build-venv/bin/python -m pip wheel --no-cache-dir --disable-pip-version-check \
        --wheel-dir /wheels -r requirements.txt -c constraints.txt

# --- runtime: the venv from those wheels, the code, nothing to build with -----
FROM ${BASE_IMAGE} AS runtime
ARG PYTHON
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=servicedesk.settings.production \
    DATA_DIR=/var/lib/servicedesk \
    STATIC_ROOT=/app/staticfiles \
    CELERY_BEAT_SCHEDULE_FILE=/tmp/celerybeat-schedule \
    PORT=8000
RUN groupadd --system --gid 10001 servicedesk \
    && useradd --system --uid 10001 --gid servicedesk --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin servicedesk \
    && mkdir -p /var/lib/servicedesk \
    && chown servicedesk:servicedesk /var/lib/servicedesk
WORKDIR /app
COPY requirements.txt constraints.txt ./
# Installs from the builder's wheels only (--no-index): no network, no compiler.
RUN --mount=type=bind,from=builder,source=/wheels,target=/wheels \
    "${PYTHON}" -m venv /opt/venv \
    && /opt/venv/bin/python -m pip install --no-cache-dir --disable-pip-version-check \
        --no-index --find-links /wheels -r requirements.txt -c constraints.txt
COPY . .
# Compiled catalogs and collected static files are part of the image, so a
# container needs no write access outside DATA_DIR (and /tmp). The build-time
# key only lets the settings load; DATA_DIR points at a scratch folder here.
RUN set -eu; \
    export SECRET_KEY=build-time-only-not-a-secret DATA_DIR=/tmp/build-data; \
    python manage.py catalogs compile; \
    python manage.py collectstatic --noinput --verbosity 0; \
    python -m compileall -q -j 0 /app > /dev/null; \
    rm -rf /tmp/build-data; \
    chmod 0755 /app/deploy/container/entrypoint.sh
USER servicedesk:servicedesk
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=6s --start-period=20s --retries=3 \
    CMD ["python", "/app/deploy/container/healthcheck.py"]
ENTRYPOINT ["/app/deploy/container/entrypoint.sh"]
CMD ["web"]
