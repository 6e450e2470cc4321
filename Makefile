# Montage: two commands. `make run` serves the app, `make test` runs the whole suite.
# Both set up everything first: .venv, Python and npm dependencies, migrations, the built-in data.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
DEV_LOCK := requirements/dev.lock
PROD_LOCK := requirements/prod.lock
# One resolution for every Python the project supports (3.11+) and every platform.
UV_COMPILE = $(BIN)/uv pip compile --quiet --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command 'make lock'

.PHONY: run test setup check-tools migrate lint lock lock-check demo bench load clean

run: setup migrate
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: setup
	$(BIN)/pytest $(PYTEST_ARGS)

setup: check-tools $(VENV)/.installed node_modules/.installed

check-tools:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || \
		{ echo "Montage needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1)."; \
		  echo "Install a newer Python, or run: make PYTHON=python3.12 run"; exit 1; }
	@command -v npm >/dev/null 2>&1 || \
		{ echo "Montage needs npm (Node.js) to install Chart.js; install nodejs and npm first."; exit 1; }

# Python dependencies come from the lock (exact versions, every file checked against its hash);
# the venv is refreshed only when the lock changes. The project itself is not installed: it runs
# from this directory (manage.py, pytest's pythonpath).
$(VENV)/.installed: $(DEV_LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(DEV_LOCK)
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: setup
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_catalogue

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Refresh the locks from pyproject.toml after changing its dependencies (versions already locked
# stay unless pyproject.toml rules them out; `make lock UPGRADE=1` moves everything to the newest).
lock: setup
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) --extra dev -o $(DEV_LOCK) pyproject.toml
	$(UV_COMPILE) $(if $(UPGRADE),--upgrade) -o $(PROD_LOCK) pyproject.toml

# Fails when pyproject.toml has changed since the locks were compiled (CI runs it).
lock-check: setup
	@tmp=$$(mktemp -d) && cp $(DEV_LOCK) $(PROD_LOCK) $$tmp/ && \
	$(UV_COMPILE) --extra dev -o $$tmp/dev.lock pyproject.toml && \
	$(UV_COMPILE) -o $$tmp/prod.lock pyproject.toml && \
	{ diff -u $(DEV_LOCK) $$tmp/dev.lock && diff -u $(PROD_LOCK) $$tmp/prod.lock; } || \
	{ echo "The locks are stale: run make lock and commit requirements/."; rm -rf $$tmp; exit 1; }; \
	rm -rf $$tmp

demo: setup migrate
	$(PY) manage.py seed_demo --username demo --years 2
	@echo "Demo ready: make run, then log in at http://127.0.0.1:$(PORT)/ as shown above."

bench: setup
	$(PY) bench/log_set.py
	$(PY) bench/dashboard.py
	$(PY) bench/export_history.py
	$(PY) bench/api_set.py
	$(PY) bench/import_history.py --repeat 3

# The load and fault tests (bench/load/; figures in bench/README.md): gunicorn nodes on loopback,
# a private PostgreSQL cluster (port 5433) and Redis (port 6390); several minutes, not in CI.
# make load SCENARIOS="pg2 kill9" runs some of them.
load: setup
	bench/load/run.sh $(SCENARIOS)

clean:
	rm -rf $(VENV) node_modules staticfiles
