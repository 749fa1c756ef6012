# One task runner for setup, the batch run, linting, types and tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
GOLD ?= ../shared/gold/samples.csv
SAMPLES ?= ../shared/samples
DEMO_PDF := data/raw/barking-and-dagenham-self-assessment.generated.pdf

.PHONY: setup run demo lint typecheck unit test evaluate clean report docs

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

ifneq ($(wildcard scripts/make_demo_pdf.py),)
$(DEMO_PDF): scripts/make_demo_pdf.py | $(STAMP)
	$(BIN)/python scripts/make_demo_pdf.py --out $(DEMO_PDF)

demo: $(DEMO_PDF)
else
demo:
endif

run: $(STAMP) demo
	$(BIN)/council-metrics extract data/raw --out data/out

# The analyst's HTML report of data/out (opens from disk, no network needed).
report: run
	$(BIN)/council-metrics report data/out --html data/out/report.html

# Rewrite docs/schema.md from the pyarrow schemas (tests/test_docs.py fails when it is stale).
docs: $(STAMP)
	$(BIN)/python scripts/make_schema_docs.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP) demo
	$(BIN)/pytest -q

# Extraction quality on the gold set beside the repository; fails below 0.85.
evaluate: $(STAMP)
	@if [ -f $(GOLD) ]; then \
		$(BIN)/council-metrics evaluate --gold $(GOLD) --docs $(SAMPLES) --show 0 \
			--min-recall 0.85 --min-precision 0.85; \
	else echo "evaluate: $(GOLD) not found, skipped"; fi

test: lint typecheck unit evaluate

clean:
	rm -rf data/out $(VENV) .mypy_cache .ruff_cache .pytest_cache
