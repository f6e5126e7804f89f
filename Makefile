# Everything runs from a virtual environment in .venv, built on first use from
# the hash-pinned requirements.lock and rebuilt when it or pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data

.PHONY: run test lint postgres bench eval model lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=24.2"
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/workbench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint postgres
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# The tests run against a throwaway PostgreSQL server as well as SQLite files;
# Debian's postgresql package provides the server programs.
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || \
	{ [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; } || \
	{ echo "make test needs the PostgreSQL server programs: sudo apt-get install postgresql"; exit 1; }

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_window.py --data $(DATA)
	QT_QPA_PLATFORM=offscreen $(BIN)/python benchmarks/bench_desk.py --data $(DATA)
	$(BIN)/python benchmarks/bench_import.py --data $(DATA)
	$(BIN)/python benchmarks/bench_scale.py --data $(DATA)

eval: $(STAMP)
	$(BIN)/python benchmarks/eval_checkworthiness.py \
		--claimbuster $(DATA)/claimbuster/train.json \
		--clef2019 $(DATA)/clef2019-task1-checkworthiness/training
	$(BIN)/python benchmarks/eval_matching.py \
		--verified-claims $(DATA)/clef2020-task2-claim-retrieval/verified_claims.docs.tsv \
		--queries $(DATA)/clef2020-task2-claim-retrieval/dev/tweets.queries.tsv \
		--qrels $(DATA)/clef2020-task2-claim-retrieval/dev/tweet-vclaim-pairs.qrels

# Retrain the check-worthiness model (about 15 minutes on 2 cores): writes
# resources/models/checkworthiness.json and its metrics file.
model: $(STAMP)
	$(BIN)/python benchmarks/train_checkworthiness.py \
		--claimbuster $(DATA)/claimbuster/train.json \
		--clef2019 $(DATA)/clef2019-task1-checkworthiness/training

# Re-resolve requirements.lock after changing the bounds in pyproject.toml.
lock: $(STAMP)
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes \
		--python-version 3.11 --universal -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
