# Everything runs inside .venv, created on first use: a fresh machine needs only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build test lint lint-ruff format-check typecheck notes-check check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

serve: $(STAMP)  ## build the site and serve it on http://127.0.0.1:8000, rebuilding on every save
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve

build: $(STAMP)  ## build the site into site/ (strict: any warning fails)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

test: $(STAMP)  ## the whole test suite, including a strict build of the real site
	$(BIN)/pytest -q

lint: lint-ruff format-check typecheck  ## ruff, ruff format and mypy (strict)

lint-ruff: $(STAMP)
	$(BIN)/ruff check plugins tests

format-check: $(STAMP)
	$(BIN)/ruff format --check plugins tests

typecheck: $(STAMP)
	$(BIN)/mypy

notes-check: $(STAMP)  ## every source.yml valid, every note readable, every line accounted for
	$(BIN)/notes-kb check

check: lint notes-check test  ## what to run before pushing (the test suite includes a strict build)

clean:
	rm -rf site $(VENV) .pytest_cache .mypy_cache .ruff_cache
