# The two set-up commands: `make run` (install, prepare the model, ingest corpus/, serve on 127.0.0.1)
# and `make test` (install, then the test suite). Everything else here supports those two.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install ingest serve bench clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

ingest: install
	$(BIN)/beleid ingest

serve: install
	$(BIN)/beleid serve

run: ingest serve

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) data
