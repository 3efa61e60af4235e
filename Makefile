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
# PORT and HOST (when given) reach the servers through the environment: the preview
# (tools/address.py: default 127.0.0.1:8000; pelicanconf.py derives the site's own address
# from PORT). The receiver listens on RECEIVER_HOST:RECEIVER_PORT (the settings, or the
# same names given to make): PORT never moves it, so the site's address stays the preview's.
OUTPUT ?= output
CONTENT ?= content
PELICANOPTS ?=
ARGUMENTS := FILE ID CONFIRMED NAME REASON HOW BY BACKUP EMAIL INBOX OUTPUT CONTENT PORT HOST \
  RECEIVER_PORT RECEIVER_HOST
$(foreach name,$(ARGUMENTS),$(if $(filter command line environment,$(origin $(name))),\
  $(eval override $(name) := $$(value $(name)))))
export $(ARGUMENTS)
export PYTHONPATH := $(CURDIR)/plugins
export COLUMNS ?= 200

.PHONY: help venv venv-dev node chromium html clean regenerate serve serve-address devserver \
	publish check test test-fast test-clock faketime lint corporation submit review approve headers bench reject \
	verify receiver inbox-backup inbox-restore inbox-purge inbox-erase inbox-notify \
	deploy-files bench-receiver translations

help:
	@echo "make serve      build and serve at http://localhost:$${PORT:-8000} (PORT=…, HOST=0.0.0.0 for a phone)"
	@echo "make test       install what the tests need and run them all"
	@echo "make html       development build into $$OUTPUT/"
	@echo "make publish    production build (publishconf.py) into $$OUTPUT/"
	@echo "make devserver  build, serve, rebuild and reload the browser on change"
	@echo "make regenerate rebuild on change (no server)"
	@echo "make check      validate all content without building"
	@echo "make receiver   run the submission receiver on 127.0.0.1:8010 (RECEIVER_HOST, RECEIVER_PORT, INBOX)"
	@echo "make submit FILE=…  put a corporation's update in the inbox (FILE=- for standard input)"
	@echo "make review     list the inbox and how each update differs"
	@echo "make approve ID=HW-…   publish one update as a record file"
	@echo "make reject ID=HW-… REASON=…   refuse one item"
	@echo "make verify ID=slug/record HOW=…   the editors checked a published record"
	@echo "make inbox-backup / inbox-restore BACKUP=… / inbox-purge / inbox-erase EMAIL=…"
	@echo "make corporation NAME=\"…\"  start a new corporation in the register"
	@echo "make publish-update ID=HW-…  approve, commit, build, deploy, print the changed addresses"
	@echo "make rsync_upload / rollback / github   deploy the built site, or go back (docs/publiceren.md)"
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
	@command -v npm >/dev/null || { \
	  echo "Installing Node.js and npm from Debian's packages (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	@node -e 'const [a, b] = process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && b < 19)) { console.error("html-validate needs Node.js 20.19 or newer, this is " + process.version); process.exit(1); }'
	npm ci --no-audit --no-fund --silent
	touch $@

chromium:
	@command -v chromium >/dev/null || { \
	  echo "Installing Chromium from Debian's packages (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

check: venv
	$(PY) -m huurwijzer.commands.check pelicanconf.py "$$CONTENT"

# Inbox and receiver (huurwijzer.intake). FILE, ID, AS, CONFIRMED, REASON, HOW, BY, BACKUP, EMAIL, INBOX,
# HOST and PORT reach the programs through the environment, never through shell text.
INTAKE := $(PY) -m huurwijzer.intake.commands
submit review approve reject verify inbox-backup inbox-restore inbox-purge inbox-erase \
inbox-notify: venv
	$(INTAKE) $@

receiver: venv
	$(PY) -m huurwijzer.intake.receiver

deploy-files: venv
	$(PY) -m huurwijzer.intake.deploy publishconf.py deploy

bench-receiver: venv-dev
	$(PY) bench/receiver_load.py 1000 50

corporation: venv
	$(PY) -m huurwijzer.commands.scaffold

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

faketime:
	@command -v faketime >/dev/null || { \
	  echo "Installing faketime from Debian's packages (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq faketime >/dev/null; }

# Every test, then the date-dependent ones (marked `clock`, and every fast test) again with
# the machine's clock a year ahead and a year behind: the suite reads its one clock
# (tests/conftest.py), so they must pass the same on any date.
CLOCK_RUN := faketime -f
CLOCK_TESTS := tests -m "clock or not slow" -q -p no:cacheprovider
test: venv-dev node chromium faketime
	$(PY) -m pytest tests
	$(CLOCK_RUN) +365d $(PY) -m pytest $(CLOCK_TESTS)
	$(CLOCK_RUN) -365d $(PY) -m pytest $(CLOCK_TESTS)

# Only the date-dependent tests, a year ahead and a year behind.
test-clock: venv-dev chromium faketime
	$(CLOCK_RUN) +365d $(PY) -m pytest $(CLOCK_TESTS)
	$(CLOCK_RUN) -365d $(PY) -m pytest $(CLOCK_TESTS)

# Everything but whole-site builds and browser tests (rules, parsing, validation, commands).
test-fast: venv-dev
	$(PY) -m pytest tests -m "not slow" -q

# The theme's words: extract every translation call into theme/translations/messages.pot,
# merge it into each language's messages.po (new messages empty, changed ones fuzzy: a test
# fails until a translator fills them in) and compile each .po to .mo beside it. The build
# itself compiles the .po files in memory (plugins/huurwijzer/site/i18n.py): the .mo files are
# for other gettext tools and are not committed.
TRANSLATIONS := theme/translations
translations: venv
	$(PY) -m babel.messages.frontend extract -F babel.cfg --no-location --omit-header \
	  --sort-output -o $(TRANSLATIONS)/messages.pot theme/templates plugins/huurwijzer
	for po in $(TRANSLATIONS)/*/LC_MESSAGES/messages.po; do \
	  $(PY) -m babel.messages.frontend update -i $(TRANSLATIONS)/messages.pot -o "$$po" \
	    -l "$$(basename "$$(dirname "$$(dirname "$$po")")")" --no-wrap --ignore-obsolete \
	    --ignore-pot-creation-date || exit 1; \
	done
	$(PY) -m babel.messages.frontend compile -d $(TRANSLATIONS) --statistics

headers: venv
	$(PY) -m huurwijzer.site.headers nginx publishconf.py > deploy/nginx-headers.conf

lint: venv-dev
	$(PY) -m ruff check .

bench: venv-dev chromium
	$(PY) bench/bench.py

# Deploys (issue 24), named as Pelican's own Makefile names them and configured in
# publishconf.py (DEPLOY_TARGET, SSH_*, GITHUB_PAGES_*); docs/publiceren.md. SETTINGS=… picks
# another settings file; like every argument it is data, never shell text.
$(if $(filter command line environment,$(origin SETTINGS)),$(eval override SETTINGS := $$(value SETTINGS))$(eval export SETTINGS))
.PHONY: rsync_upload rollback github publish-update deploy-tools
DEPLOY := $(PY) -m huurwijzer.commands.deploy
# rsync_upload: the build behind $(OUTPUT) into a new release folder, `current` switched in
# one step; rollback: `current` back one release; github: ghp-import to gh-pages.
rsync_upload rollback github: venv
	$(DEPLOY) $@

# Approve one update, commit it, build with publishconf.py, deploy, print the live addresses.
publish-update: venv
	$(PY) -m huurwijzer.commands.publish

# The tests start their own sshd and deploy with rsync over ssh (Debian's packages).
deploy-tools:
	@command -v rsync >/dev/null && test -x /usr/sbin/sshd || { \
	  echo "Installing rsync and OpenSSH from Debian's packages (needs root)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    rsync openssh-server openssh-client >/dev/null; }

test: deploy-tools
bench: deploy-tools
