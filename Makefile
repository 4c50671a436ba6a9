# courtchain — the two commands a newcomer needs:
#   make demo   set up (venv + node_modules when missing), compile, start a throwaway chain, deploy, run the demo
#   make test   the same set-up, then lint, type-check, both builds and the whole test suite against a real anvil
# Everything comes from the package registries (PyPI, npm); no compiler or node is downloaded at run time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY_STAMP   := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
PYTEST_ARGS ?=

SLITHER_STAMP := .venv-slither/.installed

.PHONY: setup demo test lint build clean node slither

setup: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build: setup
	$(BIN)/courtchain build

demo: setup
	$(BIN)/courtchain demo

lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

# Static analysis in its own environment (slither's dependencies are not the project's), over the offline compiler.
$(SLITHER_STAMP): requirements-slither.lock
	$(PYTHON) -m venv .venv-slither
	.venv-slither/bin/pip install --quiet --disable-pip-version-check -r requirements-slither.lock
	touch $@

slither: $(SLITHER_STAMP) $(NODE_STAMP)
	.venv-slither/bin/python analysis/slither_check.py

test: lint build slither
	$(BIN)/python -m pytest $(PYTEST_ARGS)

node: setup
	$(BIN)/courtchain node

clean:
	rm -rf build .courtchain
