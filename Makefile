# Two commands for a fresh machine: `make run` serves the demo, `make test` runs every test.
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
export FLASK_APP := wsgi

.PHONY: run test install lint translations

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -qq --upgrade pip
	$(BIN)/pip install -qq -e '.[dev]'
	touch $@

install: $(BIN)/.installed translations

translations: $(BIN)/.installed
	$(BIN)/pybabel compile -d translations

run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo --password demo-password || echo "Demo data already there; keeping it."
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: install
	bash scripts/test-all.sh

lint: install
	$(BIN)/ruff check workspace tests bench
