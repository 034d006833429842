# Erfa: `make run` serves the demo, `make test` runs every test. See README.md.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test lint format check messages clean engine engine-stop worker bench-index bench-relevance bench-search bench-wordpress bench-extract browser e2e screenshots audit html-check

install: $(STAMP)

$(STAMP): requirements.txt requirements-dev.txt package.json package-lock.json
	@# A venv whose creation was interrupted has no pip: make it again rather than fail.
	@$(PY) -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

ENGINE ?= opensearch
ENGINE_PORT ?= 9200

# The demo with the real search engine: OpenSearch from Maven Central jars on $(ENGINE_PORT) (state
# in .engines/run), the index built when missing or out of date, the worker and the server on
# $(PORT), all stopped by Ctrl-C (scripts/run.py). Without Java 21+ and Maven, or with
# SEARCH=database, the database backend serves and one line says why. Served as production would
# render it (DEBUG off: the real 404 and 500 pages); DEBUG=1 make run for Django's debug pages.
run: install
	@PORT=$(PORT) ENGINE_PORT=$(ENGINE_PORT) $(PY) scripts/run.py

# A single-node engine on 127.0.0.1:$(ENGINE_PORT) from Maven Central jars (ENGINE=opensearch|elasticsearch).
engine:
	@bash engines/engine.sh start $(ENGINE) --port $(ENGINE_PORT)
	@echo "Point Erfa at it:  export SEARCH_URL=http://127.0.0.1:$(ENGINE_PORT) SEARCH_ENGINE=$(if $(filter elasticsearch,$(ENGINE)),elasticsearch7,opensearch3)"

engine-stop:
	@bash engines/engine.sh stop all

# Every background job on its schedule (index outbox, reconcile, embeddings, digests, reminders):
# manage.py worker --list names them. Several may run at once.
worker: install
	$(PY) manage.py worker

# Benchmarks (figures in benchmarks/README.md). They start their own engines on their own
# ports (benchmarks/harness/engines.py); `make test` runs short smoke versions of each.
BENCH_ARGS ?=

bench-index: install
	$(PY) benchmarks/bench_index.py $(BENCH_ARGS)

bench-relevance: install
	$(PY) benchmarks/bench_relevance.py $(BENCH_ARGS)

bench-search: install
	$(PY) benchmarks/bench_search.py $(BENCH_ARGS)

# import_wordpress on generated 500- and 2 000-post exports: time, posts/s, memory (no engine).
bench-wordpress: install
	$(PY) benchmarks/bench_wordpress.py $(BENCH_ARGS)

bench-extract: install
	$(PY) benchmarks/bench_extract.py $(BENCH_ARGS)

test: install browser redis
	$(PY) -m pytest

# Browser journeys and accessibility (e2e/) drive Debian's chromium through Playwright;
# Playwright's own browser downloads are never used.
browser:
	@test -x /usr/bin/chromium || { \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update && $$SUDO apt-get install -y --no-install-recommends chromium; }

e2e: install browser
	$(PY) -m pytest e2e

# The README's screenshots (home, a report, search, comparison; nb and sv; 1366 and 390 px) into
# docs/screenshots/, taken in the same server and browser as the e2e tests.
screenshots: install browser
	$(PY) -m e2e.screenshots

# Every public page type through the Nu Html Checker (Maven resolves it from Central on first use).
html-check: install
	$(PY) -m pytest tests/html

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: install
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

# Known vulnerabilities in the pinned requirements (and what they pull in). pip-audit asks PyPI's
# per-release JSON; where that is not served it can only warn, so --strict applies only when it is.
AUDIT_PROBE := https://pypi.org/pypi/pip/24.0/json
audit: install
	@if $(PY) -c "import urllib.request; urllib.request.urlopen('$(AUDIT_PROBE)', timeout=15)" 2>/dev/null; then \
		$(VENV)/bin/pip-audit -r requirements-dev.txt --strict --progress-spinner off; \
	else \
		echo "audit: PyPI's per-release vulnerability data is unreachable here; auditing without --strict."; \
		$(VENV)/bin/pip-audit -r requirements-dev.txt --progress-spinner off; \
	fi

# Refresh the translation catalogues after changing UI strings, then translate
# locale/{nb,sv}/LC_MESSAGES/django.po; the compiled .mo files are committed.
messages: install
	$(PY) manage.py makemessages -l nb -l sv -l en --ignore=node_modules --ignore=.venv --ignore=engines
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache

# Load and fault tests (benchmarks/load/, figures in benchmarks/README.md): gunicorn + OpenSearch on
# $(LOAD_ENGINE_PORT) (state in .engines/load) + SQLite, or PostgreSQL with LOAD_DB=postgres.
# Loopback only; every run stops what it started.
LOAD_DB ?= sqlite
LOAD_ENGINE_PORT ?= 9360
LOAD_ARGS ?=
LOAD_RUN = $(PY) benchmarks/load/run_load.py --db $(LOAD_DB) --engine-port $(LOAD_ENGINE_PORT) \
	--state-dir $(CURDIR)/.engines/load

.PHONY: load load-smoke load-postgres postgresql redis prod-smoke

load: install $(if $(filter postgres,$(LOAD_DB)),postgresql)
	$(LOAD_RUN) --users 50 --duration 180 --phases plain,faults $(LOAD_ARGS)

load-postgres:
	$(MAKE) load LOAD_DB=postgres

load-smoke: install $(if $(filter postgres,$(LOAD_DB)),postgresql)
	$(LOAD_RUN) --users 10 --duration 60 --outage 20 --docs 300 --phases plain,faults \
		--out benchmarks/results/load-smoke.json $(LOAD_ARGS)

# Debian's Redis server (Valkey is not in bookworm) for the shared cache of several workers; the
# tests start their own on a loopback port (tests/deployment), never the system service.
.PHONY: redis
redis:
	@command -v redis-server >/dev/null 2>&1 || test -x /usr/bin/redis-server || { $(SUDO) apt-get update && $(SUDO) apt-get install -y redis-server; }

# Debian's PostgreSQL server binaries (initdb, pg_ctl) for the throwaway cluster of LOAD_DB=postgres.
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
postgresql:
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { $(SUDO) apt-get update && $(SUDO) apt-get install -y postgresql; }

# The production stack of docs/deploy.md on loopback (PostgreSQL, Redis, OpenSearch, the identity
# provider, gunicorn with two workers, the worker): publish, search, sign in, back up and restore.
prod-smoke: install postgresql redis
	$(PY) deploy/smoke.py
