# DHR QA. `make run` starts the application on http://127.0.0.1:8000 with demo
# data; `make test` runs every test, browser tests included. See README.md.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

VENV := .venv
PYTHON := $(VENV)/bin/python
# Stamps: reinstall only when the file that pins the dependencies changes.
# npm writes node_modules/.package-lock.json on every install, so it is ours.
PYTHON_STAMP := $(VENV)/.installed-from-pyproject
NODE_STAMP := node_modules/.package-lock.json
ASSETS_STAMP := static/build/.built

.PHONY: help install run test services bench lint clean backup restore

help:
	@echo "make run     install, migrate, load demo data, serve http://127.0.0.1:8000 and run a worker"
	@echo "make test    install, make sure Postgres and Redis are up, run pytest"
	@echo "make bench   run the benchmarks in bench/"
	@echo "make lint    Django system checks and a missing-migrations check"
	@echo "make clean   remove built assets, collected static files and var/ (database, files, keys)"
	@echo "make backup  the database and private files to var/backups/dhrqa-YYYYMMDD-HHMMSS.tar"
	@echo "make restore ARCHIVE=var/backups/dhrqa-....tar  into an empty database and private storage"

install: $(PYTHON_STAMP) $(ASSETS_STAMP)

$(PYTHON):
	python3 -m venv $(VENV)

$(PYTHON_STAMP): pyproject.toml | $(PYTHON)
	$(PYTHON) -m pip install --disable-pip-version-check --quiet -e ".[test]"
	touch $@

# Only when the lock file is missing altogether; package-lock.json is committed.
package-lock.json:
	npm install --no-audit --no-fund

$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(ASSETS_STAMP): $(NODE_STAMP) package.json $(wildcard static/scss/*.scss)
	npm run build
	touch $@

run: install
	bin/run-dev

services:
	bin/ensure-services

# pytest exits 5 when it collects no tests: make treats that as the failure it is.
test: install services
	$(VENV)/bin/pytest $(PYTEST_ARGS) || { status=$$?; \
	  if [[ $$status == 5 ]]; then echo "make test: pytest collected no tests" >&2; fi; \
	  exit $$status; }

# The upload and list benchmarks serve the application from Postgres.
bench: install services
	$(PYTHON) bench/run.py

# Settings want a secret key with DEBUG off; the checks use a throwaway one.
lint: install
	DJANGO_SECRET_KEY=lint-only-not-secret $(PYTHON) manage.py check
	DJANGO_SECRET_KEY=lint-only-not-secret $(PYTHON) manage.py makemigrations --check --dry-run

# The database of DATABASE_URL (Postgres) and the private files its rows name, in one archive
# (mode 0600: OFFICIAL-SENSITIVE). The command prints the archive's path last.
backup: $(PYTHON_STAMP)
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat var/secret-key 2>/dev/null || echo backup-only-not-secret)} \
	  $(PYTHON) manage.py backup --out var/backups

# Only into an empty database and an empty private storage; every file's SHA-256 is checked first.
restore: $(PYTHON_STAMP)
	@if [[ -z "$(ARCHIVE)" ]]; then echo "make restore: say which archive, e.g. make restore ARCHIVE=var/backups/dhrqa-20261202-071500.tar" >&2; exit 2; fi
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat var/secret-key 2>/dev/null || echo restore-only-not-secret)} \
	  $(PYTHON) manage.py restore "$(ARCHIVE)"

clean:
	rm -rf static/build staticfiles var
