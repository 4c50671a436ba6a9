# courtchain — the two commands a newcomer needs:
#   make demo   set up (venv + node_modules when missing), compile, start a throwaway chain, deploy, run the demo,
#               and write the audit report of its case into build/audit-report/
#   make test   the same set-up, then lint, type-check, both builds, the docs site and the whole test suite against a
#               real anvil
#   make docs   the docs site (mkdocs build --strict → build/site/); make docs-reference regenerates docs/reference/
#   make fuzz   the stateful fuzz at its full profile (make test runs the fast one); make fuzz-thorough, hours
#   make bench  the benchmark suite (gas, throughput, scaling; a few minutes) → bench/results/*.json, BENCHMARKS.md
#               (and Debian's chromium and fonts-noto-cjk, installed when missing, for the portal's browser tests)
#   make brownie-test   Brownie's own environment (.venv-brownie), then `brownie compile`, tests/brownie, and
#                       `brownie run scripts/deploy.py` on node_modules' anvil (docs/brownie.md)
# Everything comes from the package registries (PyPI, npm); no compiler or node is downloaded at run time.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY_STAMP   := $(VENV)/.installed
# --no-compile: pip would compile every module of every package to bytecode (a third of a cold install's CPU); Python
# compiles, once, only the modules that are imported
PIP_INSTALL := --quiet --disable-pip-version-check --no-compile
NODE_STAMP := node_modules/.installed
PYTEST_ARGS ?=
# Test files run in parallel workers, each with its own anvil (a file stays on one worker: its module fixtures, e.g.
# the four-node network or a whole demo run, are made once). Four workers on two cores: the network's file keeps one
# worker waiting on real-clock blocks for three minutes, and other tests wait on interval-mined blocks or on other
# processes (pytest took 315 s with three workers here, 269 s with four). PYTEST_WORKERS=0 runs everything in this
# process.
PYTEST_WORKERS ?= 4
# Whole files to workers, handed out in collection order (tests/conftest.py puts the longest first): xdist's default
# reorders files by their number of tests.
XDIST := -n $(PYTEST_WORKERS) --dist loadfile --no-loadscope-reorder

SLITHER_STAMP := .venv-slither/.installed

# Compiled bytecode is kept (__pycache__, ignored by git) even where the environment says not to write it: pytest
# otherwise rewrites the assertions of every test module again in each of its workers, seconds of CPU each.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: setup demo test lint build build-paris build-fisco clean node slither chromium fonts postgresql system-packages bench gas-check brownie-setup brownie-network \
	fuzz fuzz-thorough mutation \
	docs docs-reference \
	network-engine network-up network-down network-test network-demo-test \
	brownie-compile brownie-test \
	brownie-deploy brownie-check-isolation

setup: $(PY_STAMP) $(NODE_STAMP)

$(PY_STAMP): pyproject.toml requirements.lock
	@echo "set-up [1/2]: Python packages into $(VENV) ($$(grep -c '==' requirements.lock) pinned in requirements.lock; a minute or two when cold)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install $(PIP_INSTALL) -r requirements.lock
	$(BIN)/pip install $(PIP_INSTALL) --no-deps --no-build-isolation -e .
	@echo "set-up [1/2]: Python packages installed"
	touch $@

$(NODE_STAMP): package.json package-lock.json
	@echo "set-up [2/2]: npm packages into node_modules (solc-js compilers, anvil, OpenZeppelin, ganache; about a minute when cold)"
	npm ci --no-audit --no-fund --loglevel=error
	@echo "set-up [2/2]: npm packages installed"
	touch $@

build: setup
	$(BIN)/courtchain build

# One target each (what `make -j` in .ci/run compiles side by side on the two cores; `build` then finds both current).
build-paris build-fisco: build-%: setup
	$(BIN)/courtchain build --target $*

demo: setup fonts
	$(BIN)/courtchain demo --audit-report build/audit-report

lint: setup
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

# Static analysis in its own environment (slither's dependencies are not the project's), over the offline compiler.
$(SLITHER_STAMP): requirements-slither.lock
	$(PYTHON) -m venv .venv-slither
	.venv-slither/bin/pip install $(PIP_INSTALL) -r requirements-slither.lock
	touch $@

# Re-run only when an input changed (a contract, the checker, its triage, slither's environment): a warm `make test`
# does not analyse unchanged sources again. build/slither.ok records the last clean run.
SLITHER_OK := build/slither.ok
$(SLITHER_OK): $(SLITHER_STAMP) $(NODE_STAMP) $(shell find contracts -name '*.sol') analysis/slither_check.py \
		analysis/slither-triage.json
	.venv-slither/bin/python analysis/slither_check.py
	@mkdir -p build && touch $@

slither: $(SLITHER_OK)

# Mutation testing of EnforcementOffice and ObligationRegistry (slow: not part of `make test`). MUTATION_ARGS, e.g.
# `--max 20 --seed 10` (a deterministic sample; the default runs every candidate mutant) or `--contract NAME`.
MUTATION_ARGS ?= --max 20 --seed 10
mutation: build
	$(BIN)/python scripts/mutate.py $(MUTATION_ARGS)

# The stateful fuzz tests at a profile above `make test`'s `fast` one (10 examples × 20 steps per machine): `full`
# (50 × 20; a quarter of an hour) and `thorough` (500 × 30; hours). Two workers, like `make test`.
FUZZ_TESTS := tests/security/test_consortium_stateful.py tests/security/test_enforcement_stateful.py \
	tests/security/test_obligation_stateful.py tests/security/test_single_actor_governance.py \
	tests/security/test_single_actor_payees.py tests/security/test_credit_single_actor.py \
	tests/credentials/test_single_actor.py

fuzz: build
	$(BIN)/python -m pytest $(XDIST) -q $(FUZZ_TESTS) --fuzz-profile full

fuzz-thorough: build
	$(BIN)/python -m pytest $(XDIST) -q $(FUZZ_TESTS) --fuzz-profile thorough

# The portal's end-to-end tests drive Debian's chromium (Playwright with executable_path; no browser is downloaded).
# Installed from Debian's packages only when missing (as root, or through sudo).
CHROMIUM := /usr/bin/chromium
SUDO     := $(if $(filter 0,$(shell id -u)),,sudo)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium

chromium: $(CHROMIUM)

# The portal's pages are Chinese first: the browser tests check that Chinese renders as glyphs (not empty boxes), which
# needs a CJK font. Debian's fonts-noto-cjk, installed only when missing (as root, or through sudo).
CJK_FONT := /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

$(CJK_FONT):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends fonts-noto-cjk

fonts: $(CJK_FONT)

# The event index's tests run against SQLite and a throwaway PostgreSQL cluster (initdb/pg_ctl from Debian's server
# package, tests/index/postgres.py); installed from Debian's packages only when missing (as root, or through sudo).
POSTGRES_INITDB := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb))

postgresql:
ifeq ($(POSTGRES_INITDB),)
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends postgresql
endif

# Every Debian package the tests need that is missing, in one apt transaction (two apt-get processes at once, as
# under `make -j`, would fight over dpkg's lock).
DEB_MISSING := $(if $(wildcard $(CHROMIUM)),,chromium) $(if $(wildcard $(CJK_FONT)),,fonts-noto-cjk) \
	$(if $(POSTGRES_INITDB),,postgresql)

system-packages:
ifneq ($(strip $(DEB_MISSING)),)
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(strip $(DEB_MISSING))
endif

# The docs site, warnings as errors (a broken link or anchor, a page missing from the nav), into build/site/. Built
# again only when an input changed: a page, the configuration, mkdocs itself (the environment), or a page added or
# removed (its folder's time). build/site/.built records the last clean build.
DOCS_OK := build/site/.built
$(DOCS_OK): $(PY_STAMP) mkdocs.yml docs/. $(shell find docs -mindepth 1)
	$(BIN)/mkdocs build --strict --quiet
	@touch $@

docs: $(DOCS_OK)

# The generated reference pages (docs/reference/): the CLI from the click commands, the contracts from the compiled
# artifacts' NatSpec. tests/toolchain/test_docs.py fails when the committed pages differ from what this writes.
docs-reference: build
	$(BIN)/python scripts/docs_reference.py

test: lint build slither system-packages docs
	$(BIN)/python -m pytest $(XDIST) $(PYTEST_ARGS)

# The benchmark suite (docs/quality.md, "Benchmarks"): separate from the tests; re-runnable; records the machine's load.
bench: build
	$(BIN)/python bench/run.py

# Gas only, failing when a figure rose > 2 % above bench/gas-snapshot.json (tests/bench checks a subset in `make test`).
gas-check: build
	$(BIN)/python bench/run.py gas --check

node: setup
	$(BIN)/courtchain node

# The multi-node network (docs/network.md): go-ethereum v1.13.15 built from its Go module with the
# installed Go toolchain into .courtchain/engines/ when missing (never downloaded as a binary), four Clique signers.
# The build needs only the standard library (src/courtchain/engine.py): on a fresh clone it starts at once, beside the
# package installs, instead of after them (a cold build is minutes of CPU).
network-engine:
	PYTHONPATH=src $(PYTHON) -m courtchain.engine

network-up: network-engine
	$(BIN)/courtchain network up

network-down: setup
	$(BIN)/courtchain network down

network-test: build network-engine
	$(BIN)/python -m pytest -m network tests/network $(PYTEST_ARGS)

# The demo's whole procedure on the four-node network, the bank's validator killed and restarted mid-way, every node
# ending with the same state (tests/network/test_demo_network.py; four to five minutes: not in `make test`).
network-demo-test: build network-engine
	$(BIN)/python -m pytest -m network_demo tests/network $(PYTEST_ARGS)

clean:
	rm -rf build .courtchain .brownie-home

# ------------------------------------------------------------------ Brownie (its own environment; see docs/brownie.md)
# eth-brownie 1.22 pins web3 7 and hypothesis 6.27, so it lives in .venv-brownie, never in .venv. bin/brownie runs it
# with HOME=.brownie-home (Brownie's network list lives in ~/.brownie), SOLCX_BINARY_PATH=bin (the solc-js front
# bin/solc-v0.8.28) and node_modules' anvil first on PATH.
BROWNIE_VENV    := .venv-brownie
BROWNIE_STAMP   := $(BROWNIE_VENV)/.installed
BROWNIE_NETWORK ?= courtchain-anvil
BROWNIE_PORT    ?= 8555
BROWNIE         := bin/brownie
DEV_MNEMONIC    := test test test test test test test test test test test junk

# The venv from the pinned lock; courtchain's own sources go on its path through a .pth file (pip would pull the
# main environment's web3 8), so scripts/deploy.py and tests/brownie import courtchain from src/.
$(BROWNIE_STAMP): requirements-brownie.lock
	$(PYTHON) -m venv $(BROWNIE_VENV)
	$(BROWNIE_VENV)/bin/pip install $(PIP_INSTALL) -r requirements-brownie.lock
	$(BROWNIE_VENV)/bin/python -c 'import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()["purelib"], "courtchain-src.pth").write_text("$(CURDIR)/src\n")'
	touch $@

# Register (again) the anvil network in Brownie's network list. `cmd` must start with "anvil" for Brownie to choose
# its anvil back-end (and its flag names), so it is a bare `anvil`, found on PATH by bin/brownie. base_fee=0: Brownie's
# development networks send gas price 0.
brownie-network: $(BROWNIE_STAMP) $(NODE_STAMP)
	@$(BROWNIE) networks delete $(BROWNIE_NETWORK) >/dev/null 2>&1 || true
	$(BROWNIE) networks add Development $(BROWNIE_NETWORK) name="courtchain anvil (node_modules)" cmd=anvil \
		host=http://127.0.0.1 port=$(BROWNIE_PORT) accounts=30 mnemonic="$(DEV_MNEMONIC)" chain_id=31337 \
		evm_version=paris gas_limit=30000000 base_fee=0 >/dev/null
	@echo "Brownie network $(BROWNIE_NETWORK): node_modules' anvil on 127.0.0.1:$(BROWNIE_PORT)"

brownie-setup: brownie-network

brownie-compile: brownie-setup
	$(BROWNIE) compile

# Brownie attaches to whatever already listens on the network's port instead of starting its own anvil: refuse that.
define brownie_port_free
	@$(BROWNIE_VENV)/bin/python -c 'import socket, sys; s = socket.socket(); \
		sys.exit("error: 127.0.0.1:$(BROWNIE_PORT) is in use; Brownie would attach to it (set BROWNIE_PORT)" \
		if s.connect_ex(("127.0.0.1", $(BROWNIE_PORT))) == 0 else 0)'
endef

# The main run (plain `pytest`: pyproject.toml's testpaths and addopts) must keep Brownie out even where Brownie is
# importable: collect it with .venv-brownie's pytest and fail if the plugin was loaded or tests/brownie collected.
brownie-check-isolation: $(BROWNIE_STAMP)
	@out="$$($(BROWNIE_VENV)/bin/python -m pytest --trace-config --collect-only -q 2>&1)"; \
	if ! printf '%s' "$$out" | grep -q "tests collected"; then printf '%s\n' "$$out"; exit 1; fi; \
	if printf '%s' "$$out" | grep -q "brownie.test.plugin\|tests/brownie/"; then \
		echo "error: the main pytest run loaded Brownie's plugin or collected tests/brownie"; exit 1; fi; \
	echo "main pytest run: Brownie plugin blocked, tests/brownie ignored"

brownie-test: brownie-setup brownie-check-isolation
	$(call brownie_port_free)
	$(BROWNIE) compile
	$(BROWNIE) test --network $(BROWNIE_NETWORK) $(PYTEST_ARGS)
	$(call brownie_port_free)
	COURTCHAIN_DEPLOYMENTS_DIR=$(CURDIR)/build/brownie/deployments-script $(BROWNIE) run scripts/deploy.py --network $(BROWNIE_NETWORK)

brownie-deploy: brownie-setup
	$(call brownie_port_free)
	$(BROWNIE) run scripts/deploy.py --network $(BROWNIE_NETWORK)
