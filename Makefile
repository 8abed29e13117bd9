# Everything runs inside .venv, created on first use: a fresh machine needs only python3.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: serve build offline test browser fuzz lint lint-ruff format-check typecheck notes-check check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

# --dirty: MkDocs renders again only the pages the plugin reports as changed (by content; see outputs.py).
# --no-strict: a note to fix (a WARNING naming its file and line) is printed and the page still updates, where the
# strict mkdocs.yml would stop every rebuild until it is fixed; `make build`, `make check` and CI stay strict.
serve: $(STAMP)  ## build the site and serve it on http://127.0.0.1:8000, rebuilding what a save changed
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty --no-strict

build: $(STAMP)  ## build the site into site/ (strict: any warning fails)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

offline: $(STAMP)  ## a site that works opened from disk (file://), search included, in site-offline/
	NO_MKDOCS_2_WARNING=1 NOTES_KB_OFFLINE=true $(BIN)/mkdocs build --strict -d site-offline

test: $(STAMP) browser  ## the whole test suite, including a strict build of the real site and browser tests
	$(BIN)/pytest -q

# The browser tests drive Debian's Chromium and ChromeDriver (no browser download): installed here when missing.
browser:
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

FUZZ_EXAMPLES ?= 20000
fuzz: $(STAMP)  ## the property tests (tests/properties) with FUZZ_EXAMPLES examples each instead of 500
	NOTES_KB_HYPOTHESIS_PROFILE=fuzz NOTES_KB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest tests/properties -q --durations=0

lint: lint-ruff format-check typecheck  ## ruff, ruff format and mypy (strict)

lint-ruff: $(STAMP)
	$(BIN)/ruff check plugins tests bench

format-check: $(STAMP)
	$(BIN)/ruff format --check plugins tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

notes-check: $(STAMP)  ## every source.yml valid, every note readable, every line accounted for
	$(BIN)/notes-kb check

# Lint and the strict build (which reads and accounts for every note, like notes-check) run side by side on two cores.
check: $(STAMP)  ## before pushing, about 2-3 min: lint, types, a strict build, the fast tests
	$(MAKE) --no-print-directory -j2 lint build
	NOTES_KB_HYPOTHESIS_PROFILE=quick $(BIN)/pytest -q -m "not slow"

clean:
	rm -rf site $(VENV) .pytest_cache .mypy_cache .ruff_cache

# The build benchmark (bench/build.py): plugin vs plain MkDocs at x1 and x10; BENCH_ARGS="--scales 1,10,50 --profile".
.PHONY: bench
BENCH_STAMP := $(VENV)/.installed-bench
$(BENCH_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e ".[bench]"
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)  ## build-time benchmark against plain MkDocs: bench/results/build.md and build.png
	$(BIN)/python bench/build.py $(BENCH_ARGS)

.PHONY: bench-rebuild
bench-rebuild: $(BENCH_STAMP)  ## edit a note under `make serve`, time the rebuild at x1 and x10: bench/results/rebuild.md
	$(BIN)/python bench/rebuild.py $(BENCH_REBUILD_ARGS)

# The search benchmark (bench/search/run.py): notes-kb vs Material's stock search in headless Chromium, same pages.
.PHONY: bench-search
bench-search: $(STAMP) browser  ## search quality (MRR, recall@10), speed and bytes vs Material: bench/results/search.md
	$(BIN)/python bench/search/run.py $(BENCH_SEARCH_ARGS)
