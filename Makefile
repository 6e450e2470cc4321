# Montage: two commands. `make run` serves the app, `make test` runs the whole suite.
# Both set up everything first: .venv, Python and npm dependencies, migrations, the built-in data.

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test setup check-tools migrate lint demo bench clean

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

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
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

demo: setup migrate
	$(PY) manage.py seed_demo --username demo --years 2
	@echo "Demo ready: make run, then log in at http://127.0.0.1:$(PORT)/ as shown above."

bench: setup
	$(PY) bench/log_set.py
	$(PY) bench/dashboard.py
	$(PY) bench/api_set.py

clean:
	rm -rf $(VENV) node_modules staticfiles
