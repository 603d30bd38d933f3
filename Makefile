# SourceSense: `make run` serves the app, `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test setup setup-dev db lint format bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

# The test, lint and benchmark tools: only where tests run, never on a server.
$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

setup: $(VENV)/.installed

setup-dev: $(VENV)/.installed-dev

## Upgrade the database schema and load content/ into it.
db: setup
	$(FLASK) db upgrade
	$(FLASK) content load

## Serve on http://127.0.0.1:5000 (plain HTTP, so cookies are not marked Secure here).
run: db
	SESSION_COOKIE_SECURE=0 $(BIN)/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT) --workers 2 app:app

## The whole suite: unit, integration (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), browser.
test: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
