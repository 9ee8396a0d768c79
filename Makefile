# Two commands on a fresh machine: `make run` (install and start) and `make test` (install and test).
# Each first installs the Debian packages it needs (.ci/system-deps: as root or through sudo), or says
# the exact apt-get command when it cannot; NO_INSTALL=1 only checks and says.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast install lint bench screenshots build build-windows clean

$(BIN)/.installed: pyproject.toml
	bash .ci/system-deps --venv $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev,build]"
	touch $@

install: $(BIN)/.installed

# The window also needs Qt's X11 libraries from the system: installed here (Debian) or named exactly.
run: install
	bash .ci/system-deps --run $(BIN)/python
	$(BIN)/python -m app

# Every test, the slow packaging ones included (Wine, LibreOffice, CJK fonts, Xvfb: .ci/system-deps).
test: install
	bash .ci/system-deps --test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

test-fast: install
	bash .ci/system-deps --test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -m "not slow"

lint: install
	$(BIN)/ruff check app tests bench packaging
	$(BIN)/ruff format --check app tests bench packaging

bench: install
	$(BIN)/python bench/bench_check.py

# Under Xvfb, at 1366×768 and at 1920×1080 with 150% scaling (offscreen when xvfb-run is missing).
screenshots: install
	bash .ci/system-deps --run $(BIN)/python
	$(BIN)/python tools/screenshots.py docs/screenshots

build: install
	$(BIN)/python packaging/build.py

# The Windows app, built on Debian under Wine (installs wine when missing): dist/windows/, and its zip.
build-windows: install
	$(BIN)/python packaging/build_windows.py

clean:
	rm -rf build dist .pytest_cache
