# Portail Familles — the two commands of the quick start are `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PLUGINS := $(wildcard plugins/*)

.PHONY: install catalogs demo serve test lint format clean-demo

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when a distribution's metadata changes (new dependency, new entry point).
$(VENV)/.installed: $(BIN)/python setup.cfg $(addsuffix /setup.cfg,$(PLUGINS))
	$(BIN)/pip install --quiet -e '.[test]' $(foreach p,$(PLUGINS),-e $(p))
	touch $@

install: $(VENV)/.installed

## Compile the translation catalogs (.po → .mo) of the core and of each plugin.
catalogs: install
	$(BIN)/portail-catalogs compile

## Set up, migrate a SQLite database, load both communes' demo data, serve on :6543.
demo: catalogs
	$(BIN)/portail-demo config/development.ini
	$(BIN)/pserve config/development.ini

## Serve the existing demo database without reloading the demo data.
serve: catalogs
	$(BIN)/pserve config/development.ini --reload

## Start the demo again from an empty database.
clean-demo:
	rm -rf var/portail.sqlite* var/mail

## Lint, then the whole suite on SQLite and on PostgreSQL, browser journeys included.
test: catalogs
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	BIN=$(BIN) bash scripts/run-tests.sh

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
