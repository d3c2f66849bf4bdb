# CAR-T Journey. `make run` and `make test` do all the set-up themselves.
.DEFAULT_GOAL := help
SHELL := /bin/bash

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

# The first interpreter of 3.12 or later on PATH (pyenv shims included).
PYTHON := $(shell for c in python3.13 python3.12 python3.14 python3 python; do \
	if command -v $$c >/dev/null 2>&1 && \
	   $$c -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; \
	then echo $$c; break; fi; done)

.PHONY: help venv run test test-fast browser-deps lint check hooks lock staff clean bench lighthouse

help:
	@echo "make run    set everything up and serve the app on http://$(HOST):$(PORT) (SQLite, seed content loaded)"
	@echo "make test   set everything up and run every test (browser tests included)"
	@echo "make staff  create a staff login for /admin/"
	@echo "make lint   ruff check and format check"
	@echo "make check  what CI checks before the suite: lint, format, no missing migration"
	@echo "make hooks  install the pre-commit hook (the same checks before every commit)"
	@echo "make lock   re-pin requirements.lock from pyproject.toml"
	@echo "make bench  page weight, queries per page, and a load test under gunicorn + wrk"

$(STAMP): requirements.lock
	@if [ -z "$(PYTHON)" ]; then \
	  echo "error: CAR-T Journey needs Python 3.12 or later (Django 6), and none was found on PATH." >&2; \
	  echo "       Install one (e.g. 'pyenv install 3.13') and run make again." >&2; exit 1; fi
	@if [ -x $(PY) ] && ! $(PY) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)'; then \
	  echo "Removing $(VENV): it was made with Python older than 3.12."; rm -rf $(VENV); fi
	@[ -x $(PY) ] || { echo "Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

venv: $(STAMP)

run: $(STAMP)
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py load_seeds
	@echo
	@echo "Staff login: run 'make staff' in another terminal, then open http://$(HOST):$(PORT)/admin/"
	@echo
	DJANGO_DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

staff: $(STAMP)
	DJANGO_DEBUG=true $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=true $(PY) manage.py createsuperuser

browser-deps:
	@bash scripts/ensure-browser-deps.sh

# SKIP_BROWSER_TESTS=1 runs everything but the real-browser tests, and says so at the end.
# The suite runs on every core (pytest-xdist; each worker has its own test database and
# live server); PYTEST_WORKERS=0 runs it in this one process.
PYTEST_WORKERS ?= auto
test: $(STAMP) browser-deps
ifeq ($(SKIP_BROWSER_TESTS),1)
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)
	@echo "NOTE: SKIP_BROWSER_TESTS=1 - the real-browser tests (Chromium, print PDFs) did NOT run."
else
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)
endif

test-fast: $(STAMP)
	$(PY) -m pytest -n $(PYTEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

bench: $(STAMP)
	@command -v wrk >/dev/null || { echo "bench needs wrk (apt-get install wrk)"; exit 1; }
	$(PY) bench/page_weight.py
	$(PY) bench/load.py
	$(PY) bench/search_load.py
	$(PY) bench/admin_save.py

lighthouse: $(STAMP)
	bash bench/lighthouse.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: lint
	DJANGO_DEBUG=true $(PY) manage.py makemigrations --check --dry-run

hooks: $(STAMP)
	$(VENV)/bin/pre-commit install

lock:
	python3 -m venv /tmp/cart-journey-uv && /tmp/cart-journey-uv/bin/pip install --quiet uv
	/tmp/cart-journey-uv/bin/uv pip compile pyproject.toml --extra dev --generate-hashes \
	  --python-version 3.12 -o requirements.lock

clean:
	rm -rf $(VENV) staticfiles test-output .pytest_cache
