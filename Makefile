# The two set-up commands: `make run` (install, prepare the model, ingest corpus/, serve on 127.0.0.1)
# and `make test` (install, then the test suite). Everything else here supports those two.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install debian-packages ocr ingest serve bench reliability clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt torch==2.13.0
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

ingest: install ocr
	$(BIN)/beleid ingest

serve: install
	$(BIN)/beleid serve

run: ingest serve

# Debian packages: Tesseract OCR for scanned PDF pages (Dutch data), and for the tests Chromium
# (Playwright cannot download its own browser here).
APT_INSTALL = SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq

# make run reads scanned pages when it can install Tesseract; without it they are reported by page number.
ocr:
	@tesseract --list-langs 2>/dev/null | grep -qx nld || { \
		echo "Installing Debian tesseract-ocr (Dutch) for scanned PDF pages"; \
		$(APT_INSTALL) tesseract-ocr tesseract-ocr-nld >/dev/null || echo "Tesseract not installed: scanned pages will be reported, not read"; }

debian-packages:
	@{ command -v chromium >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx nld; } || { \
		echo "Installing Debian chromium and tesseract-ocr (Dutch) for the tests"; \
		$(APT_INSTALL) chromium chromium-driver tesseract-ocr tesseract-ocr-nld >/dev/null; }

test: install debian-packages
	$(BIN)/python -m pytest

# Benchmarks (docs/BENCHMARKS.md): SIZE=small (< 3 min) or full (~20 min); report in docs/bench/.
SIZE ?= small
bench: install
	$(BIN)/python -m bench --sizes $(SIZE) --out docs/bench

# Long reliability runs (opt-in): many fuzz examples and SIGKILL rounds.
reliability: install
	FUZZ_EXAMPLES=5000 CRASH_RUNS=20 $(BIN)/python -m pytest tests/reliability

clean:
	rm -rf $(VENV) data
