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

demo: setup
	$(BIN)/ces-nlp classify data/demo/survey_export.csv -o out/demo_classified.csv \
	    --id-col response_id --date-col submitted_at --channel-col channel --team-col team
	$(BIN)/python -c "import pandas as pd; d = pd.read_csv('out/demo_classified.csv', keep_default_na=False); \
	s = d['drivers'].str.split(';').explode(); print('driver mentions:'); print(s[s != ''].value_counts().to_string()); \
	print(d[['comment', 'lang', 'drivers']].head(8).to_string())"

report: setup
	$(BIN)/ces-nlp report data/demo/survey_export.csv -o out/demo_report.html \
	    --date-col submitted_at --channel-col channel --team-col team --by channel
	$(BIN)/ces-nlp report data/demo/survey_export.csv -o out/demo_report.json \
	    --date-col submitted_at --channel-col channel --team-col team --by channel -q

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
	@if [ -f "$(BENCHMARK)" ]; then \
	  $(BIN)/ces-nlp evaluate "$(BENCHMARK)" --errors 0 --model models/ces-drivers --record "public_feedback_v1 benchmark" \
	      --save models/ces-drivers/eval_public_feedback_v1.json --quiet; \
	  $(BIN)/ces-nlp evaluate "$(BENCHMARK)" --errors 0 --rules --save models/ces-drivers/eval_public_feedback_v1_rules.json --quiet; \
	fi

clean:
	rm -rf out .pytest_cache
