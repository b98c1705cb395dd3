# parkgis — every target sets up what it needs itself (DESIGN §1).
#   make run      set up .venv and open the desktop app on the sample project in layers/
#   make test     set up .venv with the dev tools and run the whole suite
#   make bench    run the benchmark scripts (print figures)
#   make mutants  check that the tests catch the hand-written one-line bugs of benchmarks/mutants.py
#   make package  build the wheel and the desktop bundle dist/parkgis/, and smoke-test the bundle

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLE := layers/ordos_sample.gpkg
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Debian packages: Qt's xcb/offscreen platforms and QtWebEngine (web-map preview), CJK fonts,
# GDAL 3.6 tools (the bureaus' ogrinfo), Xvfb + x11-utils (xwininfo) for the tests that start the app
# as users do (tests/gui/test_app_start.py), Chromium for web-map checks; PostgreSQL 15 + PostGIS 3
# for the team-database tests (tests/pgserver.py starts a private server on loopback; the package's
# own cluster service is not needed and not started).
SYSTEM_PACKAGES_RUN := python3-venv libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libxcb-cursor0 \
	libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 \
	libxcb-xinerama0 libxcb-xkb1 libfontconfig1 libdbus-1-3 fonts-noto-cjk \
	libnss3 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libasound2 libxshmfence1 libgbm1 libxkbfile1
SYSTEM_PACKAGES_TEST := $(SYSTEM_PACKAGES_RUN) xvfb xauth x11-utils gdal-bin chromium postgresql-15 \
	postgresql-15-postgis-3 poppler-utils

.PHONY: run test test-core-nogui lint bench mutants package system-run system-test clean

system-run:
	@missing=$$(for p in $(SYSTEM_PACKAGES_RUN); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

system-test:
	@missing=$$(for p in $(SYSTEM_PACKAGES_TEST); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; fi

$(VENV)/.installed-run: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[gui]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[gui,dev]"
	touch $@ $(VENV)/.installed-run

run: system-run $(VENV)/.installed-run
	$(VENV)/bin/parkgis $(SAMPLE)

test: system-test $(VENV)/.installed-dev
	cd $(CURDIR) && $(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -p no:cacheprovider

# The core, map-view, web-map and CLI tests in an environment without PySide6 (proves the dependency rule).
test-core-nogui: $(VENV)/.installed-dev
	$(PYTHON) -m venv .venv-nogui
	.venv-nogui/bin/python -m pip install -q --upgrade pip
	.venv-nogui/bin/python -m pip install -q -e ".[team]" pytest psutil
	@! .venv-nogui/bin/python -c "import PySide6" 2>/dev/null || (echo "PySide6 must not be installed here"; exit 1)
	.venv-nogui/bin/python -m pytest -q -p no:cacheprovider tests/core tests/mapview tests/webmap tests/cli parkgis

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check parkgis tests benchmarks layers
	$(VENV)/bin/lint-imports

bench: $(VENV)/.installed-dev
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

# one-line bugs put into a copy of the tree, one at a time: each must make its tests fail
mutants: $(VENV)/.installed-dev
	$(PY) benchmarks/mutants.py

$(VENV)/.installed-package: $(VENV)/.installed-dev
	$(PY) -m pip install -q -e ".[gui,dev,package]"
	touch $@

# the wheel, then the one-folder desktop bundle dist/parkgis/ (programs parkgis and parkgis-gui) and its
# smoke test: the frozen programs in an empty environment, the desktop one under a private Xvfb
package: system-test $(VENV)/.installed-package
	$(PY) -m pip wheel -q --no-deps -w dist .
	rm -rf dist/parkgis build/pyinstaller
	$(PY) packaging/make_icons.py build/icons
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/parkgis.spec
	mkdir -p dist/parkgis/linux && cp packaging/linux/* dist/parkgis/linux/ && cp -r build/icons dist/parkgis/linux/
	$(PY) packaging/smoke_test.py dist/parkgis

clean:
	rm -rf $(VENV) .venv-nogui build dist *.egg-info
