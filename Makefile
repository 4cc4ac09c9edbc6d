# Two commands on a fresh machine: `make build` and `make test`.
# Make only bootstraps (.venv from pinned requirements, system packages for the
# browser tests); everything else is an invoke task in tasks.py.
VENV    := .venv
STAMP   := $(VENV)/.stamp-requirements
INVOKE  := $(VENV)/bin/invoke
# Text files are UTF-8 whatever the machine's locale (Python's UTF-8 mode): a test
# library that opens a file without an encoding must not depend on it.
export PYTHONUTF8 := 1

.PHONY: build serve test check clean setup setup-test publish bench

$(STAMP): requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(STAMP)

# The sound report (invoke check) and audio uploads (invoke publish --media): not needed to build.
PODCAST_STAMP := $(VENV)/.stamp-podcast
$(PODCAST_STAMP): requirements-podcast.txt $(STAMP)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements-podcast.txt
	touch $@

# Debian's chromium (Playwright drives it), poppler, rsync; vnu-jar from npm.
setup-test: $(STAMP) $(PODCAST_STAMP)
	bash scripts/install-system-deps.sh
	test -f node_modules/vnu-jar/build/dist/vnu.jar || npm ci --no-audit --no-fund --ignore-scripts

build: setup
	$(INVOKE) build

serve: setup
	$(INVOKE) livereload

check: setup $(PODCAST_STAMP)
	$(INVOKE) check

test: setup-test
	$(INVOKE) test

publish: setup $(PODCAST_STAMP)
	$(INVOKE) publish

bench: setup
	$(INVOKE) bench

clean:
	rm -rf output .output.building .output.old cache .pytest_cache
