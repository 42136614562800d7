# Flashpoint: bootstrap a local .venv with only python3 and pip, then run the main job or the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint benchmark lock clean ls-install

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

$(LS_STAMP):
	$(PYTHON) -m venv $(LS_VENV)
	$(LS_VENV)/bin/pip install --quiet --upgrade pip
	$(LS_VENV)/bin/pip install --quiet label-studio==1.23.2
	touch $(LS_STAMP)

# The main job: train every baseline, score it, write baselines/RESULTS.md and baselines/results.json.
benchmark: install
	$(BIN)/flashpoint benchmark

# Re-pin every dependency (run after changing pyproject.toml's dependencies).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet ".[dev]" "setuptools>=77" wheel
	.venv-lock/bin/pip freeze --all --exclude-editable | grep -vE "^(flashpoint|pip)==" > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) build *.egg-info
