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

.PHONY: install run test lint format audit bench backup restore clean

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=true $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=true $(PY) manage.py load_forum_content
	DJANGO_DEBUG=true $(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

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

# Known vulnerabilities in the pinned runtime dependencies (fails when one is found).
audit:
	test -x .venv-audit/bin/pip-audit || { $(PYTHON) -m venv .venv-audit && \
		.venv-audit/bin/pip install --quiet --disable-pip-version-check -r requirements-audit.txt; }
	.venv-audit/bin/pip-audit --requirement requirements.txt --no-deps --disable-pip --progress-spinner off

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
