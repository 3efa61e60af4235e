# Huurwijzer: every command a person needs. `make serve` and `make test` work on a fresh
# machine (Python 3.11, make, and Debian's apt as root); they install what they need.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PELICAN := $(PY) -m pelican
PORT ?= 8000
OUTPUT ?= output
CONTENT ?= content
PELICANOPTS ?=
export PYTHONPATH := $(CURDIR)/plugins
export COLUMNS ?= 200

.PHONY: help venv node chromium html clean regenerate serve devserver publish check test lint \
	corporation submit review approve headers bench reject verify receiver inbox-backup \
	inbox-restore inbox-purge inbox-erase inbox-notify deploy-files bench-receiver

help:
	@echo "make serve      build and serve at http://localhost:$(PORT)"
	@echo "make test       install what the tests need and run them all"
	@echo "make html       development build into $(OUTPUT)/"
	@echo "make publish    production build (publishconf.py) into $(OUTPUT)/"
	@echo "make devserver  build, serve, rebuild and reload the browser on change"
	@echo "make regenerate rebuild on change (no server)"
	@echo "make check      validate all content without building"
	@echo "make receiver   run the submission receiver on 127.0.0.1 (HOST, PORT, INBOX)"
	@echo "make submit FILE=…  put a corporation's update in the inbox (FILE=- for standard input)"
	@echo "make review     list the inbox and how each update differs"
	@echo "make approve ID=HW-…   publish one update as a record file"
	@echo "make reject ID=HW-… REASON=…   refuse one item"
	@echo "make verify ID=slug/record HOW=…   the editors checked a published record"
	@echo "make inbox-backup / inbox-restore BACKUP=… / inbox-purge / inbox-erase EMAIL=…"
	@echo "make corporation NAME=\"…\"  start a new corporation in the register"
	@echo "make clean      remove the built site and caches"

venv: $(VENV)/.installed
$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

node: node_modules/.installed
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Chromium from Debian's packages (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

check: venv
	$(PY) -m huurwijzer.check pelicanconf.py $(CONTENT)

# Inbox and receiver (huurwijzer.intake). FILE, ID, AS, REASON, HOW, BY, BACKUP, EMAIL, INBOX,
# HOST and PORT reach the programs through the environment, never through shell text.
INTAKE := $(PY) -m huurwijzer.intake.commands
submit review approve reject verify inbox-backup inbox-restore inbox-purge inbox-erase \
inbox-notify: venv
	$(INTAKE) $@

receiver: venv
	$(PY) -m huurwijzer.intake.receiver

deploy-files: venv
	$(PY) -m huurwijzer.intake.deploy publishconf.py deploy

bench-receiver: venv
	$(PY) bench/receiver_load.py 1000 50

corporation: venv
	$(PY) -m huurwijzer.scaffold

# Build into a fresh folder, then swap it in: a failed build never leaves a half site.
define build
	rm -rf $(OUTPUT).new
	$(PELICAN) $(CONTENT) -s $(1) -o $(OUTPUT).new --fatal warnings $(PELICANOPTS) \
	  || { rm -rf $(OUTPUT).new; exit 1; }
	rm -rf $(OUTPUT).old; if [ -d $(OUTPUT) ]; then mv $(OUTPUT) $(OUTPUT).old; fi
	mv $(OUTPUT).new $(OUTPUT); rm -rf $(OUTPUT).old
endef

html: check
	$(call build,pelicanconf.py)

publish: check
	$(call build,publishconf.py)

clean:
	rm -rf $(OUTPUT) $(OUTPUT).new $(OUTPUT).old cache .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

regenerate: venv
	$(PELICAN) content -s pelicanconf.py -o $(OUTPUT) -r $(PELICANOPTS)

serve: html
	PORT=$(PORT) $(PY) tools/serve.py $(OUTPUT)

devserver: venv
	PORT=$(PORT) $(PY) tools/devserver.py

test: venv node chromium
	$(PY) -m pytest tests

headers: venv
	$(PY) -m huurwijzer.headers nginx publishconf.py > deploy/nginx-headers.conf

lint: venv
	$(PY) -m ruff check plugins tests tools bench

bench: venv chromium
	$(PY) bench/bench.py
