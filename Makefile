# Two commands on a fresh machine: `make build` and `make test`.
# Make only bootstraps (.venv from pinned requirements, system packages for the
# browser tests); everything else is an invoke task in tasks.py.
# Building needs only requirements.txt; the test tools (Playwright, Hypothesis, ...)
# come from requirements-test.txt, installed by `make test` alone.
VENV       := .venv
STAMP      := $(VENV)/.stamp-requirements
TEST_STAMP := $(VENV)/.stamp-requirements-test
INVOKE     := $(VENV)/bin/invoke
PIP        := $(VENV)/bin/pip install --quiet --disable-pip-version-check
# Text files are UTF-8 whatever the machine's locale (Python's UTF-8 mode): a test
# library that opens a file without an encoding must not depend on it.
export PYTHONUTF8 := 1

.PHONY: build serve test check clean setup setup-test publish bench

$(STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(PIP) -r requirements.txt
	touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt requirements-podcast.txt
	$(PIP) -r requirements-test.txt
	touch $@

setup: $(STAMP)

# The sound report (invoke check) and audio uploads (invoke publish --media): not needed to
# build. make test gets them through requirements-test.txt.
PODCAST_STAMP := $(VENV)/.stamp-podcast
$(PODCAST_STAMP): requirements-podcast.txt $(STAMP)
	$(PIP) -r requirements-podcast.txt
	touch $@

# The test tools, then the system's: a Chromium for Playwright, poppler, rsync, Java
# (vnu) from apt where there is apt (elsewhere the script says what to install), and
# vnu-jar and ESLint from npm, again whenever package-lock.json changes (npm ci writes
# node_modules/.package-lock.json last).
setup-test: $(TEST_STAMP)
	bash scripts/install-system-deps.sh
	test node_modules/.package-lock.json -nt package-lock.json || npm ci --no-audit --no-fund --ignore-scripts

build: setup
	$(INVOKE) build

# `make serve HOST=0.0.0.0` opens the preview to a phone on the same network (PORT=8001: another port).
serve: setup
	$(INVOKE) livereload $(if $(HOST),--host $(HOST)) $(if $(PORT),--port $(PORT))

check: setup $(PODCAST_STAMP)
	$(INVOKE) check

test: setup-test
	$(INVOKE) test

publish: setup $(PODCAST_STAMP)
	$(INVOKE) publish

bench: setup-test
	$(INVOKE) bench

clean:
	rm -rf output .output.building .output.old .output.live .output.preview-undo cache .pytest_cache drafts-preview
