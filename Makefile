# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PO     := negosim/translations/fr/LC_MESSAGES/messages.po
MO     := $(PO:.po=.mo)
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: setup model run test lint format bench db clean

$(STAMP): pyproject.toml package.json package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	npm ci --no-audit --no-fund --loglevel=error
	$(BIN)/python -m negosim.assets
	touch $@

# The catalog is compiled whenever its .po changes, not only at install.
$(MO): $(PO) $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d negosim/translations -D messages >/dev/null

# The act model is fitted from the corpus once per corpus version (a cache, see analysis/trained.py).
model: $(STAMP)
	$(BIN)/python -c "from negosim.analysis.trained import act_model; act_model()"

setup: $(STAMP) $(MO) model

db: setup
	$(BIN)/negosim db upgrade
	$(BIN)/negosim scenarios load

run: db
	$(BIN)/negosim serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup
	$(BIN)/ruff check .
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/nlu.py

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) node_modules web/static/vendor instance .pytest_cache negosim/analysis/trained
