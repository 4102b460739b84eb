# The README's two commands: `make run` and `make test`. Both set everything up and are idempotent.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
BUN_VERSION := 1.4.5
BUN := .tools/node_modules/.bin/bun
PORT ?= $(or $(BILLING_PORT),3000)

export REFLEX_USE_SYSTEM_BUN := 1
export PATH := $(CURDIR)/.tools/node_modules/.bin:$(PATH)

.PHONY: help run test setup migrate lint format chromium e2e clean

help:  ## List the targets
	@grep -E '^[a-z-]+:.*## ' Makefile | sed -E 's/:.*## /\t/'

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(BUN):
	npm install --prefix .tools --no-save --no-audit --no-fund --loglevel=error bun@$(BUN_VERSION)

setup: $(BIN)/.installed $(BUN)  ## Install Python and npm packages into the project

migrate: setup  ## Apply migrations; load demo data into an empty database
	$(BIN)/python -m billing_app.cli setup

run: migrate  ## Serve the app on http://localhost:$(PORT) (production build, one port)
	$(BIN)/reflex run --env prod --single-port --frontend-port $(PORT) --backend-port $(PORT)

chromium:  ## Make sure a Chromium for the browser tests is present
	@if command -v chromium >/dev/null || test -x /usr/bin/chromium; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else $(BIN)/playwright install chromium; fi

lint: setup  ## ruff (lint and format check) and mypy on domain/, documents/, services/ and integrations/
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy billing_app/domain billing_app/documents billing_app/services billing_app/integrations

format: setup  ## Fix what ruff can fix
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: setup chromium lint  ## Everything above, then the whole test suite
	$(BIN)/pytest $(PYTEST_ARGS)

clean:  ## Remove the build outputs (keeps the database)
	rm -rf .web .states $(VENV) .tools
