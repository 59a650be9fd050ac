# Two commands on a fresh machine with Python 3.11, git and make:
#   make demo   set up .venv and run the pipeline on the bundled sample articles
#   make test   set up .venv and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The stamp makes a warm `make test` skip the install; it is redone when the pins change.
STAMP  := $(VENV)/.installed
DEMO_DB ?= demo.duckdb

.PHONY: demo test test-fast lint bench install clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

demo: $(STAMP)
	rm -f $(DEMO_DB) $(DEMO_DB).wal
	$(BIN)/watchfloor run --db $(DEMO_DB) src/watchfloor/resources/samples tests/fixtures/watch/articles.jsonl
	$(BIN)/watchfloor report --db $(DEMO_DB) --watchlist tests/fixtures/watch/watchlist.yaml --out demo-report
	@echo "Stored in $(DEMO_DB); report in demo-report/index.html. Try: $(BIN)/watchfloor stats --db $(DEMO_DB)"

# Lint and type-check, then everything except the benchmarks (`make bench` runs those).
test: lint
	$(BIN)/python -m pytest -m "not benchmark" -q

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_process.py

clean:
	rm -rf $(VENV) build src/*.egg-info
