# Erfa: `make run` serves the demo, `make test` runs every test. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: install run serve test lint format check messages clean

install: $(STAMP)

$(STAMP): requirements.txt package.json package-lock.json
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

# Refresh the translation catalogues after changing UI strings, then translate
# locale/{nb,sv}/LC_MESSAGES/django.po; the compiled .mo files are committed.
messages: install
	$(PY) manage.py makemessages -l nb -l sv -l en --ignore=node_modules --ignore=.venv --ignore=engines
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache
