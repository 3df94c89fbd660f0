# Two commands do all set-up: `make run` and `make test`. `make install` is their shared, idempotent bootstrap.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint format messages bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)
	$(BIN)/livsmiljo migrate --noinput

run: install
	$(BIN)/livsmiljo demo
	$(BIN)/livsmiljo serve --host 127.0.0.1 --port 8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy livsmiljo

test: lint
	$(BIN)/pytest -q

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: install
	cd livsmiljo && ../$(BIN)/django-admin makemessages -l en --no-obsolete && ../$(BIN)/django-admin compilemessages

bench: install
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/load_bench.py --participants 300

clean:
	rm -rf $(VENV) var
