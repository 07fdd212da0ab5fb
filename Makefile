# LayerLab: `make run` opens the app, `make test` runs the suite. Both set everything up first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Pins the CPU torch build for speed; `make test CONSTRAINTS=` installs whatever torch pip picks.
CONSTRAINTS ?= constraints.txt
PIP_CONSTRAINT_FLAG := $(if $(CONSTRAINTS),-c $(CONSTRAINTS),)
STAMP := $(VENV)/.installed

.PHONY: run test test-fast fuzz lint typecheck format bench bundle clean

$(STAMP): pyproject.toml $(CONSTRAINTS)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install $(PIP_CONSTRAINT_FLAG) -e ".[test,dev]"
	touch $(STAMP)

install: $(STAMP)

# Qt's X11 plugin needs system libraries pip cannot install: name them and the install
# command (apt, dnf) before the app would abort with Qt's own message.
run: $(STAMP)
	@$(BIN)/python -m gui.xcb
	$(BIN)/layerlab

# The gates, then the suite on every core, up to 8 (pytest-xdist; tests that share a costly
# module fixture keep to one worker through xdist_group). Pass PYTEST_ARGS=-n0 to run serially.
PYTEST_ARGS ?= -n auto --maxprocesses=8 --dist loadgroup

test: lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS) -m "not slow"

fuzz: $(STAMP)  # new hypothesis cases each run (the suite repeats its own)
	HYPOTHESIS_PROFILE=fuzz QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS) $(shell grep -rl "from hypothesis" tests --include='test_*.py')

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python tests/benchmarks/run_all.py

bundle: $(STAMP)
	$(BIN)/python packaging/build_bundle.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache
