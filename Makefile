# Huurwijzer: every command a person needs. `make serve` and `make test` work on a fresh
# machine (Python 3.11, make, and Debian's apt as root); they install what they need.
#
# Arguments are data, never shell text. A value given as `make … FILE=…` (also ID, NAME,
# REASON, HOW, and OUTPUT, CONTENT, PORT) may hold any character: quotes, backticks, `$(…)`.
# Rules for every recipe:
#   - never write $(FILE), $(ID), … in a recipe: make would paste the value into shell text;
#   - the program reads the value from its environment (make exports it), or the recipe
#     passes it as "$$FILE": the shell expands an environment variable inside double quotes
#     as one word, and never runs what it holds;
#   - each such variable is listed in ARGUMENTS below: `override X := $(value X)` keeps make
#     from expanding a `$(shell …)` inside the value when it is exported.
# PELICANOPTS is the one exception: extra options for Pelican, split into words on purpose.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PELICAN := $(PY) -m pelican
PORT ?= 8000
HOST ?= 127.0.0.1
# The preview servers read both from the environment, and pelicanconf.py derives the site's
# own address (feeds, sitemap, robots.txt) from PORT.
export PORT HOST
OUTPUT ?= output
CONTENT ?= content
PELICANOPTS ?=
ARGUMENTS := FILE ID NAME REASON HOW OUTPUT CONTENT PORT HOST
$(foreach name,$(ARGUMENTS),$(if $(filter command line environment,$(origin $(name))),\
  $(eval override $(name) := $$(value $(name)))))
export $(ARGUMENTS)
export PYTHONPATH := $(CURDIR)/plugins
export COLUMNS ?= 200

.PHONY: help venv venv-dev node chromium html clean regenerate serve serve-address devserver \
	publish check test test-fast lint corporation submit review approve headers bench

help:
	@echo "make serve      build and serve at http://localhost:$$PORT (PORT=…, HOST=0.0.0.0 for a phone)"
	@echo "make test       install what the tests need and run them all"
	@echo "make html       development build into $$OUTPUT/"
	@echo "make publish    production build (publishconf.py) into $$OUTPUT/"
	@echo "make devserver  build, serve, rebuild and reload the browser on change"
	@echo "make regenerate rebuild on change (no server)"
	@echo "make check      validate all content without building"
	@echo "make submit FILE=…  take in a corporation's update (FILE=- for standard input)"
	@echo "make review     list pending updates and how they differ"
	@echo "make approve ID=…   publish one pending update"
	@echo "make corporation NAME=\"…\"  start a new corporation in the register"
	@echo "make clean      remove the built site and caches"

# Two sets, two stamps: `venv` is what building and serving need (requirements.txt);
# `venv-dev` adds the test and development tools (requirements-dev.txt). Each stamp is
# renewed when its requirement files change, so an existing .venv upgrades to the pins.
venv: $(VENV)/.installed-runtime
$(VENV)/.installed-runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

venv-dev: $(VENV)/.installed-dev
$(VENV)/.installed-dev: requirements-dev.txt requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $(VENV)/.installed-runtime $@

node: node_modules/.installed
node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Chromium from Debian's packages (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

check: venv
	$(PY) -m huurwijzer.check pelicanconf.py "$$CONTENT"

submit: venv
	$(PY) -m huurwijzer.submissions submit "$$FILE"

review: venv
	$(PY) -m huurwijzer.submissions review

approve: venv
	$(PY) -m huurwijzer.submissions approve "$$ID"

corporation: venv
	$(PY) -m huurwijzer.scaffold "$$NAME" content

# Build into a fresh folder in $(OUTPUT).builds/, then point the link $(OUTPUT) at it with
# one rename (tools/build.py): a failed or killed build never leaves a half or missing site.
define build
	$(PY) tools/build.py "$$OUTPUT" -- $(PELICAN) "$$CONTENT" -s $(1) --fatal warnings \
	  $(PELICANOPTS)
endef

html: check
	$(call build,pelicanconf.py)

publish: check
	$(call build,publishconf.py)

clean:
	rm -rf "$$OUTPUT" "$$OUTPUT.builds" "$$OUTPUT.new" "$$OUTPUT.old" cache .pytest_cache .hypothesis
	find . -name __pycache__ -not -path "./$(VENV)/*" -prune -exec rm -rf {} +

# Development only: rewrites the current build (behind the link $(OUTPUT)) in place.
regenerate: venv
	$(PELICAN) "$$CONTENT" -s pelicanconf.py -o "$$OUTPUT" -r $(PELICANOPTS)

# `serve-address` first: a busy port or a wrong HOST is reported before the build, in one line.
serve: serve-address html
	@$(PY) tools/serve.py "$$OUTPUT"

serve-address: venv
	@$(PY) tools/address.py serve

devserver: venv
	@$(PY) tools/devserver.py

test: venv-dev node chromium
	$(PY) -m pytest tests

# Everything but whole-site builds and browser tests (rules, parsing, validation, commands).
test-fast: venv-dev
	$(PY) -m pytest tests -m "not slow" -q

headers: venv
	$(PY) -m huurwijzer.headers nginx publishconf.py > deploy/nginx-headers.conf

lint: venv-dev
	$(PY) -m ruff check .

bench: venv-dev chromium
	$(PY) bench/bench.py
