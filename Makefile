# Two commands for users: `make run` (set up, index the sample archive if needed, serve)
# and `make test` (set up, run the tests). Both are idempotent.
# Python 3.11 (pyproject's requires-python): python3.11 when the PATH has it, else python3,
# checked before anything is installed so a wrong one fails at once with one line.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || echo python3)
VENV := .venv
BIN := $(VENV)/bin
INDEX_DIR ?= $(or $(SEARCHAPP_INDEX_DIR),index)

.PHONY: install install-test browser run test test-fast bench clean

install: $(VENV)/.installed

# Evaluated only when the venv is to be made, so `make clean` never asks for Python.
PYTHON_VERSION = $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
NEED_PYTHON = searchapp needs Python 3.11 and '$(PYTHON)' is $(if $(PYTHON_VERSION),Python $(PYTHON_VERSION),not found): install python3.11 or name one with: make run PYTHON=/path/to/python3.11

$(VENV)/.installed: pyproject.toml
	$(if $(wildcard $(BIN)/python),,$(if $(filter 3.11,$(PYTHON_VERSION)),,$(error $(NEED_PYTHON))))
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

install-test: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium for the browser test; Playwright drives it and never downloads a browser.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser test"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

run: install
	@if [ ! -e "$(INDEX_DIR)/current" ]; then \
	  echo "index $(INDEX_DIR) is empty: indexing the sample archive in samples/"; \
	  $(BIN)/searchapp reindex samples --index-dir "$(INDEX_DIR)"; \
	fi
	SEARCHAPP_INDEX_DIR="$(INDEX_DIR)" $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: install-test browser
	$(BIN)/python -m pytest -m "not slow" $(PYTEST_ARGS)

test-all: install-test browser
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache test-artifacts
