# The two commands a newcomer needs:  make serve  and  make test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1:8000

.PHONY: install lock serve preview build check test lint translations screenshots lighthouse bench bench-serve bench-weight bench-search clean

# Every package from requirements.lock, pinned with its hashes (pip and setuptools included),
# then the project itself, which adds none.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation .
	touch $(STAMP)

## install: install the pinned tools into .venv (the other targets do it when needed)
install: $(STAMP)

## lock: rewrite requirements.lock from pyproject.toml, after changing a version there
LOCK_TOOL := uv==0.13.8
LOCK_VENV := $(VENV)/lock-tools
lock:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install --quiet $(LOCK_TOOL)
	$(LOCK_VENV)/bin/uv pip compile pyproject.toml --extra test --group pyproject.toml:install --universal \
	  --python-version 3.11 --generate-hashes --custom-compile-command "make lock" --output-file requirements.lock --quiet
	rm -rf $(LOCK_VENV)

## serve: install what is needed, then preview the site on http://$(HOST)/ (rebuilds on save)
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST)

## preview: a faster preview in one language, e.g. make preview LANGUAGE=fr (served at the root)
LANGUAGE ?= en
preview: $(STAMP)
	SITE_PREVIEW_LANGUAGE=$(LANGUAGE) $(BIN)/mkdocs serve --dev-addr $(HOST)

## check: check all data without building (file:line:column: field: message)
check: $(STAMP)
	bin/site check

## build: build the site into site/ (warnings are errors), the languages side by side
## (bin/site build: one `mkdocs build` per language, merged; the same files as `mkdocs build`)
build: $(STAMP)
	bin/site build

NODE_STAMP := node_modules/.installed

# The checkers the tests run: axe-core and the Nu Html Checker (npm, pinned in package-lock.json).
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

## test: install what the tests need (Chromium, Java, the checkers) and run the whole suite
test: $(STAMP) $(NODE_STAMP)
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || sh .ci/install-chromium
	@command -v java >/dev/null 2>&1 || sh .ci/install-java
	$(BIN)/ruff check hooks tests scripts bench
	$(BIN)/mypy
	$(BIN)/pytest

## translations: list what is not translated yet, per language and collection
translations: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m partnersite translations

## screenshots: desktop and mobile screenshots of every page type and language, in screenshots/
screenshots: build
	$(BIN)/python scripts/screenshots.py

## lighthouse: Lighthouse scores of every page type (LANGUAGES="en fr nl" for all three)
LANGUAGES ?= en
lighthouse: build
	$(BIN)/python bench/lighthouse.py $(LANGUAGES)

## bench: build time, pages per second, memory and size at 100, 300, 1000 and 3000 jobs (SIZES="...")
SIZES ?= 100 300 1000 3000
bench: $(STAMP)
	$(BIN)/python bench/build.py $(SIZES)

## bench-serve: seconds from saving a data file to the browser's reload under mkdocs serve
bench-serve: $(STAMP)
	$(BIN)/python bench/serve.py

## bench-weight: what the first visit to each page type transfers, gzipped (home page budget 150 KB)
bench-weight: build
	$(BIN)/python bench/weight.py

## bench-search: what a first search transfers, compressed, at the shipped data, 1000 and 3000 jobs
## (LUNR=/path/to/a/checkout/before/pagefind adds Material's lunr search for comparison)
bench-search: $(STAMP)
	$(BIN)/python bench/search_weight.py $(if $(LUNR),--lunr $(LUNR))

lint: $(STAMP)
	$(BIN)/ruff check hooks tests scripts bench
	$(BIN)/ruff format --check hooks tests scripts bench

clean:
	rm -rf site $(VENV)
