# keyact — every setup step lives here, so a fresh machine needs only Python 3.11+, Node/npm and make.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_LANG ?= zh-hans
PG_URL ?= postgres://postgres@127.0.0.1:5432/keyact

.PHONY: setup demo test test-fast test-browser test-pg check fmt browser openapi bench-smoke clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

setup: $(VENV)/.installed node_modules/.package-lock.json ## install Python and front-end packages

demo: setup ## set up, migrate SQLite, seed the demo organisation (DEMO_LANG=en for English content), print logins and serve
	$(BIN)/keyact demo --port $(PORT) --lang $(DEMO_LANG)

browser: ## Debian's Chromium and CJK fonts for the browser tests (needs root and apt)
	bash scripts/ensure-browser.sh

PYTEST := $(BIN)/pytest -p xdist -n 2 --dist loadgroup

test: setup browser ## set up everything and run the whole test suite (SQLite): fast tests, then browser tests
	$(PYTEST) -m "not browser"
	$(PYTEST) -m browser

test-fast: setup ## the whole suite except the browser tests (SQLite; timings in docs/benchmarks.md)
	$(PYTEST) -m "not browser"

test-browser: setup browser ## the browser tests alone: Playwright driving Chromium (SQLite)
	$(PYTEST) -m browser

test-pg: setup browser ## the whole test suite on PostgreSQL ($(PG_URL)): fast tests, then browser tests
	DATABASE_URL=$(PG_URL) $(PYTEST) -m "not browser"
	DATABASE_URL=$(PG_URL) $(PYTEST) -m browser

check: setup ## quality gates: ruff, mypy strict, import-linter, migrations
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy keyact
	$(BIN)/lint-imports
	$(BIN)/keyact makemigrations --check --dry-run

fmt: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

openapi: setup ## rewrite the committed OpenAPI snapshot
	$(BIN)/keyact openapi_snapshot --write docs/openapi.json

bench-smoke: setup ## benchmarks in a small size (as CI runs them)
	$(BIN)/python benchmarks/run_all.py --smoke

clean:
	rm -rf $(VENV) node_modules
