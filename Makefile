# rehapro-kb: `make run` to serve locally, `make test` to run the whole suite.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000

# Tests run rehapro_kb/settings_test.py (set in pyproject.toml; no collectstatic needed),
# with a throwaway key and no HTTPS redirect on the test client.
TEST_ENV := DJANGO_SECRET_KEY=test-only-secret-key-not-for-production-use-0123456789abcdef \
	DJANGO_SECURE_SSL_REDIRECT=false

.PHONY: install run test lint format messages compilemessages audit audit-offline audit-refresh bench backup restore clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

# One command for both: the task worker (imports, undo, large exports) runs in the
# background and stops with the server.
run: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py load_forum_content
	DJANGO_DEBUG=true $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=true $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

# The suite runs in parallel processes (pytest-xdist), one per core up to four; each has its
# own test database. PYTEST_ARGS="-n 0" runs it in one process.
PYTEST_ARGS ?= --numprocesses=auto --maxprocesses=4

test: install
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check templates
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml templates

# The English interface: collect the public UI strings of templates and Python code into
# locale/en/LC_MESSAGES/django.po (which files: rehapro_kb/translations.py; the admin stays
# German), then fill the new empty msgstr entries and compile. Both the .po and the .mo are
# committed; tests/i18n fails while a string lacks its translation or the .mo is stale.
messages: install
	$(TEST_ENV) $(PY) manage.py update_messages

compilemessages: install
	$(TEST_ENV) $(PY) manage.py compilemessages -l en --ignore='.venv*'

# Known vulnerabilities in the pinned runtime dependencies, asked of PyPI's service by
# pip-audit: fails when one is found, and when any pin could not be audited (no network).
audit:
	test -x .venv-audit/bin/pip-audit || { $(PYTHON) -m venv .venv-audit && \
		.venv-audit/bin/pip install --quiet --disable-pip-version-check -r requirements-audit.txt; }
	rm -f .venv-audit/report.json
	.venv-audit/bin/pip-audit --requirement requirements.txt --no-deps --disable-pip \
		--progress-spinner off --format json --output .venv-audit/report.json \
		|| test -s .venv-audit/report.json
	.venv-audit/bin/python audit/check.py online .venv-audit/report.json requirements.txt

# The same pins against the OSV snapshot kept in audit/osv-snapshot.json (no network needed;
# prints the snapshot's age). CI runs this.
audit-offline: install
	$(PY) audit/check.py offline requirements.txt audit/osv-snapshot.json

# Download the OSV records of every pinned package into the snapshot (needs osv.dev).
audit-refresh: install
	$(PY) audit/check.py refresh requirements.txt audit/osv-snapshot.json

backup: install
	$(PY) manage.py backup --dir $${BACKUP_DIR:-backups}

# make restore BACKUP=backups/2026-11-21_101500 [JSON=1]
restore: install
	test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<folder> [JSON=1]"; exit 2; }
	$(PY) manage.py restore "$(BACKUP)" $(if $(JSON),--json) --yes

bench: install
	$(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache
