# Flashpoint: bootstrap a local .venv with only python3 and pip, then run the main job or the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint benchmark lock clean

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

test: lint
	$(BIN)/pytest

benchmark: install
	$(BIN)/flashpoint schema
	@echo "(the main job grows as the baselines land: see README)"

# Re-pin every dependency (run after changing pyproject.toml's dependencies).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/pip install --quiet --upgrade pip
	.venv-lock/bin/pip install --quiet ".[dev]" "setuptools>=77" wheel
	.venv-lock/bin/pip freeze --all --exclude-editable | grep -vE "^(flashpoint|pip)==" > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) build *.egg-info
