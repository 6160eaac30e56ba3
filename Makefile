# Two commands do everything on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
VENDOR := static/vendor
PYODIDE_FILES := pyodide.mjs pyodide.asm.mjs pyodide.asm.wasm python_stdlib.zip pyodide-lock.json
BUNDLE := static/build/chat.zip
STDLIB := static/build/python_stdlib.zip
SCREEN := static/build/screen.js
MANIFEST := static/build/offline.js
PACKS := static/build/file/runtime.js static/build/file/app.js
SOURCES := $(shell find chat -name '*.py')
SITE_FILES := index.html pyscript.toml sw.js $(shell find static/css static/img static/data static/js -type f)

.PHONY: setup run test lint typecheck unit e2e bench dist clean

setup: $(VENV)/.installed $(VENDOR)/.installed $(BUNDLE) $(SCREEN) $(MANIFEST) $(PACKS)

# The Python test tools (pytest, Playwright, ruff, mypy), pinned in pyproject.toml.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --group dev
	touch $@

# The runtime (PyScript core and Pyodide), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# The page loads the runtime from static/vendor/, copied here and never committed, and idb
# (the IndexedDB wrapper static/js/chatdb.mjs imports): its ES module build is one file with
# no imports of its own, kept with its licence.
$(VENDOR)/.installed: node_modules/.installed
	rm -rf $(VENDOR)
	mkdir -p $(VENDOR)/pyscript $(VENDOR)/pyodide $(VENDOR)/idb
	cp node_modules/@pyscript/core/dist/*.js node_modules/@pyscript/core/dist/*.css $(VENDOR)/pyscript/
	cp $(addprefix node_modules/pyodide/,$(PYODIDE_FILES)) $(VENDOR)/pyodide/
	cp node_modules/idb/build/index.js node_modules/idb/LICENSE $(VENDOR)/idb/
	touch $@

# Bytecode for start-up, compiled by the pinned Pyodide under Node (tools/compile.py): the
# `chat` package as one zip, and the standard library the page boots with.
$(BUNDLE) $(STDLIB) &: $(SOURCES) tools/bundle.py tools/compile.py tools/in_pyodide.mjs node_modules/.installed
	node tools/in_pyodide.mjs tools/compile.py static/build

# This build's id, and the default data's first screen rendered by the app's own views.
$(SCREEN): $(BUNDLE) $(STDLIB) $(VENDOR)/.installed $(SOURCES) index.html static/data/chats.json tools/prerender.py
	$(PYTHON) -m tools.prerender

# The service worker's list of the site's files, and the build version that names its cache.
$(MANIFEST): $(BUNDLE) $(STDLIB) $(SCREEN) $(VENDOR)/.installed $(SITE_FILES) tools/offline.py
	$(PYTHON) -m tools.offline

# The runtime and the app packed in classic scripts, for index.html opened from disk (file://).
$(PACKS) &: $(BUNDLE) $(STDLIB) $(VENDOR)/.installed pyscript.toml static/data/chats.json $(wildcard static/js/*.mjs) tools/filepack.py
	$(PYTHON) -m tools.filepack

run: setup
	@echo "Serving the Flux chat at http://127.0.0.1:$(PORT)/index.html (Ctrl+C stops)"
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m tools.csp --check

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/python -m pytest tests/unit

e2e: setup
	$(BIN)/python -m pytest tests/e2e

test: lint typecheck
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) node_modules $(VENDOR) static/build .pytest_cache .mypy_cache .ruff_cache

# The static site, for any web server: dist/ (see the README's hosting section).
dist: setup
	$(BIN)/python -m tools.dist dist

# The benchmark: `make bench`, or e.g. `make bench DATASET=large RUNS=3` (ARGS passes any option).
bench: setup
	$(BIN)/python -m bench $(if $(DATASET),--dataset $(DATASET)) $(if $(RUNS),--runs $(RUNS)) $(ARGS)
