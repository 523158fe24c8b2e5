# Two entry points: `make demo` (set up + classify the demo export with the shipped model)
# and `make test` (set up + run the test suite). Everything else is optional.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
BENCHMARK ?= ../shared/benchmarks/public_feedback_v1.csv

.PHONY: setup demo report serve test test-all gold model clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

DEMO_COLS := --date-col submitted_at --channel-col channel --team-col team

demo: setup
	$(BIN)/ces-nlp classify data/demo/survey_export.csv -o out/demo_classified.csv --id-col response_id $(DEMO_COLS)
	$(MAKE) --no-print-directory report

# The driver report of the classified demo export (its drivers column is used as is).
report: setup
	@test -f out/demo_classified.csv || $(BIN)/ces-nlp classify data/demo/survey_export.csv \
	    -o out/demo_classified.csv --id-col response_id $(DEMO_COLS)
	$(BIN)/ces-nlp report out/demo_classified.csv -o out/demo_report.html $(DEMO_COLS) --by channel
	$(BIN)/ces-nlp report out/demo_classified.csv -o out/demo_report.json $(DEMO_COLS) --by channel -q
	@$(BIN)/python -c "import json; r = json.load(open('out/demo_report.json')); print(); print('\n'.join(r['summary'])); \
	print(); print('classified rows: out/demo_classified.csv; manager report: out/demo_report.html')"

# The HTTP service on http://127.0.0.1:8000 (dashboard at /dashboard); settings from CES_* variables.
serve: setup
	$(BIN)/ces-nlp serve

test: setup
	$(BIN)/python -m pytest

test-all: setup
	$(BIN)/python -m pytest --run-slow

# Rebuild the gold table from data/gold/raw, retrain the shipped model, record its evaluations.
gold: setup
	$(BIN)/python scripts/build_gold.py

model: setup
	$(BIN)/ces-nlp train --gold data/gold/gold.csv --out models/ces-drivers
	$(BIN)/ces-nlp evaluate data/gold/gold.csv --split test --model models/ces-drivers --save models/ces-drivers/eval_gold_test.json
	$(BIN)/ces-nlp evaluate data/gold/gold.csv --split test --mixed --errors 0 --model models/ces-drivers \
	    --record "Gold test split, each answer joined with another without a driver" --quiet
	@if [ -f "$(BENCHMARK)" ]; then \
	  $(BIN)/ces-nlp evaluate "$(BENCHMARK)" --errors 0 --model models/ces-drivers --record "public_feedback_v1 benchmark" \
	      --save models/ces-drivers/eval_public_feedback_v1.json --quiet; \
	  $(BIN)/ces-nlp evaluate "$(BENCHMARK)" --errors 0 --rules --save models/ces-drivers/eval_public_feedback_v1_rules.json --quiet; \
	fi

clean:
	rm -rf out .pytest_cache
