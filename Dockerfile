# DHR QA production image: gunicorn by default; the same image runs the Celery
# worker (see docker-compose.yml).

# --- GOV.UK Frontend and MoJ Frontend, compiled -----------------------------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/scss static/scss
RUN npm run build

# --- The application ----------------------------------------------------------
FROM python:3.11-slim-bookworm

# templates/ and static/ sit beside the packages and settings find them
# relative to dhrqa/, so the code runs from /app, ahead of site-packages.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

# WeasyPrint's libraries and the fonts the letters are set in; pg_dump and pg_restore (15,
# the server's version) for `manage.py backup` and `restore`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 dhrqa \
    && useradd --system --uid 10001 --gid dhrqa --create-home --home-dir /home/dhrqa \
        --shell /usr/sbin/nologin dhrqa

WORKDIR /app

# The pinned dependencies first, in their own layer, so a code change does not
# reinstall them.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .
RUN pip install --no-deps . && rm -rf build *.egg-info
COPY --from=assets /build/static/build static/build

# Static files are collected (hashed and compressed for WhiteNoise) into the
# image; the secret only lets settings load and is not used for anything.
RUN DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0

# Uploaded reports and signed letters live here (a volume in production).
ENV DHRQA_PRIVATE_STORAGE_ROOT=/data/private
RUN mkdir -p /data/private && chown -R dhrqa:dhrqa /data

USER dhrqa
EXPOSE 8000
CMD ["gunicorn", "dhrqa.wsgi:application", "--config", "bin/gunicorn.conf.py", "--bind", "0.0.0.0:8000"]
