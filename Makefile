# harvester: the two commands that matter are `make harvest` and `make test`.
# Everything else the project needs is installed by these targets into .venv.

PYTHON  ?= python3
VENV    ?= .venv
BIN     := $(VENV)/bin
GROUPS  ?= groups.csv
# The demo cohort's deadline is the default only for the demo roster: a real roster needs its own.
DEMO_DEADLINE := 2026-01-24T23:59:00+01:00
ifeq ($(GROUPS),groups.csv)
DEADLINE ?= $(DEMO_DEADLINE)
# The demo cohort's course template, the baseline of the evidence check (a real cohort: its own).
BASELINE ?= demo/bundles/template.bundle
endif
OUT     ?= output
JOBS    ?=
HARVEST_ARGS ?=
# Earlier harvests' output folders the similarity check compares this cohort with (space-separated).
PAST    ?=

STAMP := $(VENV)/.installed

.PHONY: harvest test lint corpus-check bench demo-bundles clean venv browser office

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

## Harvest the cohort in $(GROUPS) at $(DEADLINE) into $(OUT)/ (the bundled demo cohort by default).
harvest: $(STAMP)
	@test -n "$(DEADLINE)" || { echo "make harvest: give the deadline of $(GROUPS), e.g. DEADLINE=2026-01-24T23:59:00+01:00" >&2; exit 2; }
	$(BIN)/harvester harvest --groups "$(GROUPS)" --deadline "$(DEADLINE)" --out "$(OUT)" $(if $(JOBS),--jobs $(JOBS)) $(if $(BASELINE),--baseline "$(BASELINE)") $(if $(PAST),--past $(PAST)) $(HARVEST_ARGS)

## Run the test suite (installs Debian's chromium and LibreOffice for the browser and spreadsheet
## tests when missing and root).
test: $(STAMP) browser office
	HARVESTER_SCREENSHOT_DIR=$(OUT)/screenshots $(BIN)/python -m pytest -n 2

lint: $(STAMP)
	$(BIN)/ruff check harvester tests scripts
	$(BIN)/ruff format --check harvester tests scripts

## Parser accuracy on ../shared/corpus and ../shared/seeds.
corpus-check: $(STAMP)
	$(BIN)/harvester corpus-check ../shared/corpus

## Benchmarks (heavy): fetch on N generated repos with ~20 MB of data each; export of 250 groups;
## the evidence set's cost (old vs new selection) on N student-like repos;
## similarity: planted copies in 250 groups x 31 answers + 3 past cohorts (recall, time, memory); compare of four cohorts of 250 groups.
bench: $(STAMP)
	@status=0; \
	$(BIN)/python scripts/bench_fetch.py $(if $(N),--repos $(N)) || status=1; \
	$(BIN)/python scripts/bench_export.py || status=1; \
	$(BIN)/python scripts/bench_evidence.py $(if $(N),--repos $(N)) || status=1; \
	$(BIN)/python scripts/bench_similarity.py || status=1; \
	$(BIN)/python scripts/bench_compare.py || status=1; \
	exit $$status

## Rebuild the demo cohort's git bundles from their plain-text sources.
demo-bundles: $(STAMP)
	$(BIN)/python scripts/build_demo.py

clean:
	rm -rf $(VENV) .cache build *.egg-info

## Install Debian's headless chromium + chromedriver for tests/export/test_browser.py (root only).
browser:
	bash scripts/ensure_chromium.sh

## Install Debian's headless LibreOffice Calc for the spreadsheet tests (root only).
office:
	bash scripts/ensure_office.sh
