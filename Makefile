# Two commands do all set-up on a fresh machine (see README):
#   make demo   -> creates .venv if missing, installs marsad, ingests samples/ into SQLite, prints a summary,
#                  the documents and the events reported by two or more of them
#   make test   -> same set-up, then runs the test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DEMO_DB ?= marsad-demo.db

.PHONY: demo test bench setup clean-demo lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e ".[test]"
	touch $@

setup: $(VENV)/.installed

demo: setup
	@$(BIN)/marsad ingest samples --db $(DEMO_DB); rc=$$?; [ $$rc -le 1 ] || exit $$rc
	@$(BIN)/marsad docs --db $(DEMO_DB)
	@$(BIN)/marsad events --db $(DEMO_DB) --min-articles 2

test: setup
	$(BIN)/python -m pytest -q

bench: setup
	$(BIN)/python bench/ingest.py --docs 5000
	$(BIN)/python bench/pipeline.py --docs 20000
	@for b in dates places; do [ ! -f bench/$$b.py ] || $(BIN)/python bench/$$b.py; done
	$(BIN)/python bench/stories.py --sizes 1000,10000
	$(BIN)/python bench/merge.py --sizes 1000,10000

clean-demo:
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm

# Regenerate the transitive pins after changing dependencies in pyproject.toml.
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^marsad' > requirements.lock
