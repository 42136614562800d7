# Flashpoint: bootstrap a local .venv with only python3 and pip, then run the main job or the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint benchmark lock clean ls-install corpus-sync dataset

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

lint: install
	$(BIN)/ruff check annotation baselines eval tests
	$(BIN)/mypy

# The tests include an integration test against a real Label Studio server from its own environment (.venv-ls).
test: lint ls-install
	$(BIN)/pytest

# Label Studio server in its OWN virtual environment (it pins old packages; never in .venv). About 2 min, 1 GB.
LS_VENV := .venv-ls
LS_STAMP := $(LS_VENV)/.installed-1.23.2

ls-install: $(LS_STAMP)

$(LS_STAMP): requirements-ls.lock
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/pip install --quiet --upgrade pip
	$(LS_VENV)/bin/pip install --quiet -r requirements-ls.lock
	touch $(LS_STAMP)

# The main job: build dataset/ from the committed Label Studio exports (byte-identical to the committed one), train
# every baseline, score it, print per-label tables, write baselines/RESULTS.md and baselines/results.json.
# FLASHPOINT_EXPORTS / FLASHPOINT_DATASET / FLASHPOINT_RESULTS point it elsewhere (e.g. a trial export); the defaults
# are the committed folders.
FLASHPOINT_EXPORTS ?= annotation/exports
FLASHPOINT_DATASET ?= dataset
FLASHPOINT_RESULTS ?= baselines
benchmark: install
	$(BIN)/flashpoint build --quiet --exports $(FLASHPOINT_EXPORTS) -o $(FLASHPOINT_DATASET)
	$(BIN)/flashpoint benchmark --dataset $(FLASHPOINT_DATASET) -o $(FLASHPOINT_RESULTS)

# The annotation loop, as it was run for v2 (needs a Label Studio server: `flashpoint ls serve --data-dir DIR`, and
# LABEL_STUDIO_URL / LABEL_STUDIO_API_KEY in the environment): drafts -> tasks and per-annotator annotations -> export.
# Every annotation carries its own guideline version (1.0 for v1's, 1.1 for v2's and the revisions); --guideline-version
# is only the default for an annotation made in the browser without one.
PROJECT ?= Flashpoint v2
EXPORT := annotation/exports/flashpoint-v2.json
corpus-sync: install
	mkdir -p build
	$(BIN)/flashpoint draft build annotation/drafts/*/*.json -o build/drafts.jsonl --ready-only
	$(BIN)/flashpoint ls push build/drafts.jsonl --project "$(PROJECT)"   # the articles that have at least one draft
	$(BIN)/flashpoint ls annotate build/drafts.jsonl --project "$(PROJECT)"
	$(BIN)/flashpoint ls pull --project "$(PROJECT)" --export $(EXPORT) --guideline-version 1.1

# Everything generated from the exports: the dataset, the agreement reports (v1's double annotation to guideline 1.0;
# v2's test and validation to 1.1), the revision report, the blind audit, the M2E2 check and DATASHEET.md.
REPORTS := annotation/reports
dataset: install
	$(BIN)/flashpoint build
	mkdir -p $(REPORTS)
	$(BIN)/flashpoint agreement $(EXPORT) --guideline 1.0 --json $(REPORTS)/agreement.json --markdown $(REPORTS)/agreement.md
	$(BIN)/flashpoint agreement $(EXPORT) --split test --guideline 1.1 --json $(REPORTS)/agreement-test.json --markdown $(REPORTS)/agreement-test.md
	@# no doubly annotated v2 validation document is adjudicated yet: that run finds no pair and exits 1, which is not a failure here
	rm -f $(REPORTS)/agreement-validation.json $(REPORTS)/agreement-validation.md
	-$(BIN)/flashpoint agreement $(EXPORT) --split validation --guideline 1.1 --json $(REPORTS)/agreement-validation.json --markdown $(REPORTS)/agreement-validation.md
	$(BIN)/flashpoint revisions $(EXPORT) --json $(REPORTS)/revision-1.1.json --markdown $(REPORTS)/revision-1.1.md
	if ls annotation/audit/*.json >/dev/null 2>&1; then $(BIN)/flashpoint audit score annotation/audit/*.json --json $(REPORTS)/audit.json --markdown $(REPORTS)/audit.md; fi
	$(BIN)/flashpoint check-m2e2
	$(BIN)/flashpoint datasheet

# Re-pin every dependency (run after changing pyproject.toml's dependencies).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet ".[dev]" "setuptools>=77" wheel
	.venv-lock/bin/pip freeze --all --exclude-editable | grep -vE "^(flashpoint|pip)==" > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) build *.egg-info
