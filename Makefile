# fagvei — two commands on a fresh machine: `make run` and `make test`.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
STAMP := $(VENV)/.installed
VENDOR := static/vendor/designsystemet
HOST ?= 127.0.0.1
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := fagvei.settings

.PHONY: install system-packages run test lint typecheck migrations pytest bench messages clean

install: system-packages $(STAMP) $(VENDOR)/index.css locale/nb/LC_MESSAGES/django.mo

# Debian packages the project needs: Chromium for browser tests, gettext for translations,
# and what WeasyPrint loads at run time for PDFs (fagvei/documents/pdf.py): GLib, Pango with
# its FreeType backend, HarfBuzz (and its subsetter, for small embedded fonts), Fontconfig
# and the DejaVu fonts the PDFs are set in.
PDF_LIBRARIES := libglib2.0-0 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
system-packages:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v msgfmt >/dev/null || missing="$$missing gettext"; \
	[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing="$$missing fonts-dejavu-core"; \
	for package in $(PDF_LIBRARIES); do \
	  dpkg -s "$$package" >/dev/null 2>&1 || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(PYTHON) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@# pysqlite3-binary (the earlier pin) and pysqlite3 install the same files under the
	@# module name pysqlite3: remove both so the new package is installed whole.
	if $(BIN)/pip show -q pysqlite3-binary 2>/dev/null; then $(BIN)/pip uninstall -q -y pysqlite3-binary pysqlite3; fi
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $(STAMP)

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(VENDOR)/index.css: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/@digdir/designsystemet-css/dist/src/index.css $(VENDOR)/index.css
	cp node_modules/@digdir/designsystemet-theme/brand/digdir.css $(VENDOR)/theme.css

locale/nb/LC_MESSAGES/django.mo: locale/nb/LC_MESSAGES/django.po locale/en/LC_MESSAGES/django.po $(STAMP)
	$(PYTHON) manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules

# Regenerate the message catalogues after changing user-facing text.
messages: $(STAMP)
	$(PYTHON) manage.py makemessages -l nb -l en --no-obsolete --ignore=.venv --ignore=node_modules --ignore=tests

# The demo runs in debug mode with the development key (refused with debug off).
run: export FAGVEI_DEBUG ?= 1
run: install
	mkdir -p var
	$(PYTHON) manage.py migrate --noinput -v0
	$(PYTHON) manage.py load_demo --if-empty
	$(PYTHON) manage.py demo_logins
	@# The reminder worker beside the server (its e-mails go to the console), stopped
	@# with it: when the server exits or make is interrupted, the trap ends the worker.
	$(PYTHON) manage.py send_reminders --loop & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	trap 'exit 130' INT TERM; \
	$(PYTHON) manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check --no-cache fagvei tests
	$(BIN)/ruff format --no-cache --check fagvei tests

typecheck: install
	$(BIN)/mypy fagvei

# Fails when a model change has no migration.
migrations: install
	mkdir -p var
	$(PYTHON) manage.py makemigrations --check --dry-run --skip-checks -v0

pytest: install
	mkdir -p var
	$(BIN)/pytest -q

test: lint typecheck migrations pytest

bench: install
	mkdir -p var
	$(PYTHON) -m fagvei.bench

clean:
	rm -rf $(VENV) node_modules static/vendor var staticfiles
