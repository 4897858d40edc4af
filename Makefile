# sitrep: `make site` builds the report site from articles/, `make test` runs the tests.
# The same targets run in CI (.ci/run) and are described in README.md.

PYTHON   ?= python3
export NO_MKDOCS_2_WARNING := 1
VENV     := .venv
BIN      := $(VENV)/bin
ARTICLES ?= articles
DOCS     ?= docs
STAMP    := $(VENV)/.installed
# One build at a time in this project: a second `make site`/`pages`/`serve`
# waits for the first (see generator/publish/lock.py).
LOCKED   := $(BIN)/python -m generator.publish.lock

.DEFAULT_GOAL := help
.PHONY: help install lock site pages test check lint serve eval bench clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-8s %s\n", $$1, $$2}'

# The venv's own pip, not upgraded: the install a user gets from `python3 -m venv`
# is the one tested (tests/test_install.py), every package pinned by constraints.txt.
PIP := $(BIN)/python -m pip --disable-pip-version-check

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install sitrep with every package pinned by constraints.txt

lock: ## after changing a pin in pyproject.toml: resolve, install, rewrite constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet -e '.[dev]'
	$(BIN)/python tools/lock.py
	touch $(STAMP)

pages: $(STAMP) ## extract incidents from $(ARTICLES)/ and write the Markdown pages into $(DOCS)/
	$(LOCKED) $(BIN)/sitrep build $(ARTICLES) --docs $(DOCS)

site: $(STAMP) ## pages, then build the HTML site into site/ (mkdocs --strict), under one lock
	$(LOCKED) sh -c '$(BIN)/sitrep build "$$1" --docs "$$2" && $(BIN)/mkdocs build --strict --quiet' \
		sh $(ARTICLES) $(DOCS)
	@echo "site built into site/: read it with 'make serve' (http://127.0.0.1:8000) or any web server;"
	@echo "opened from disk (file://), its links show folder listings and search cannot load"

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest

check: $(STAMP) ## fail with a diff if the committed $(DOCS)/ is stale
	$(BIN)/sitrep build $(ARTICLES) --docs $(DOCS) --check --quiet

lint: $(STAMP) ## ruff and mypy on generator/
	$(BIN)/ruff check generator tests
	$(BIN)/mypy generator

serve: pages ## preview the site on http://127.0.0.1:8000; an article added or edited in $(ARTICLES)/ rebuilds it
	SITREP_ARTICLES=$(ARTICLES) $(BIN)/mkdocs serve

eval: $(STAMP) ## score the extractor on the seed gold and FA-KES dev, and the merge into events
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python ../shared/eval/score.py seeds
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python ../shared/eval/score.py fakes
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python ../shared/eval/score.py dedup --text-dates

# The scale rows (tools/bench_scale.py): distinct articles, the whole make site,
# an add-one rebuild, peak memory, largest page, search bytes per query, and
# zensical build of the same docs/ as a reference, from a venv of its own (the
# `bench` extra of pyproject.toml pins it; sitrep does not depend on it).
# The default, 5,000, takes minutes on 2 idle cores (the size of the 1.3x target);
# the archive rows are asked for by name: SCALE=20000 (about an hour on 2 cores),
# SCALE=20000,100000 (hours). SCALE= (empty) leaves them out.
SCALE    ?= 5000
ZVENV    := .venv-zensical

$(ZVENV)/bin/zensical: pyproject.toml
	$(PYTHON) -m venv $(ZVENV)
	$(ZVENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		"$$($(BIN)/python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["bench"])')"
	touch $@

bench: $(STAMP) $(if $(SCALE),$(ZVENV)/bin/zensical) ## time extraction, rendering and mkdocs at 413 to 5,000 articles, then make site at SCALE articles (default 5,000: minutes; SCALE=20000,100000: hours)
	$(BIN)/python tools/bench.py --out /tmp/sitrep-bench
	$(if $(SCALE),$(BIN)/python tools/bench_scale.py --sizes "$(SCALE)" --out /tmp/sitrep-bench --zensical $(ZVENV)/bin)

clean: ## remove the built site and caches (keeps .venv and docs/)
	rm -rf site .sitrep-cache .pytest_cache .mypy_cache .ruff_cache
