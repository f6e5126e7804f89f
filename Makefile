# Everything runs from a virtual environment in .venv, built on first use from
# the hash-pinned requirements.lock and rebuilt when it or pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DATA ?= ../shared/data
APP := fact-check-workbench
APP_DIR := dist/$(APP)
APP_SOURCES := build.spec $(shell find workbench freeze resources seeds -type f -not -path '*/__pycache__/*')

.PHONY: run test lint postgres system-packages app bench eval model lock clean

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

test: lint system-packages
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

# Debian packages the tests need: the PostgreSQL server programs (the tests run
# against a throwaway server as well as SQLite files), and the validators of the
# desktop entry and the AppStream metadata. Installed when missing and run as root.
TEST_PACKAGES := postgresql desktop-file-utils appstream
system-packages:
	@missing="$$( (ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || echo postgresql; \
		command -v desktop-file-validate >/dev/null || echo desktop-file-utils; \
		command -v appstreamcli >/dev/null || echo appstream) | xargs)"; \
	[ -z "$$missing" ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } || \
	{ echo "make test needs these Debian packages: sudo apt-get install $$missing"; exit 1; }

postgres: system-packages

# The standalone app: one folder in dist/, rebuilt when a source, resource, seed,
# build helper (freeze/) or the spec changes. The X11 and Wayland libraries Qt's
# platform plugins need beyond a desktop's usual ones are bundled when the build
# machine has them (installed here when missing and run as root).
APP_LIBRARIES := libxcb-icccm.so.4:libxcb-icccm4 libxcb-keysyms.so.1:libxcb-keysyms1 \
	libxcb-cursor.so.0:libxcb-cursor0 libwayland-cursor.so.0:libwayland-cursor0
app: $(APP_DIR)/$(APP)

$(APP_DIR)/$(APP): $(STAMP) $(APP_SOURCES)
	@missing="$$(for pair in $(APP_LIBRARIES); do ldconfig -p | grep -q "$${pair%%:*} " || echo "$${pair#*:}"; done | xargs)"; \
	[ -z "$$missing" ] || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } || \
	echo "note: without $$missing on this machine, the app needs them on the user's"
	@echo "building the standalone app in $(APP_DIR) (log: build/app.log)"
	@mkdir -p build
	@$(BIN)/pyinstaller --noconfirm --log-level WARN --workpath build/pyinstaller \
		--distpath dist build.spec >build/app.log 2>&1 || { tail -n 40 build/app.log; exit 1; }
	@echo "built $(APP_DIR)/$(APP): $$(du -s --apparent-size -B MB $(APP_DIR) | cut -f1)"

bench: $(STAMP) app
	$(BIN)/python benchmarks/bench_app.py
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
	$(BIN)/uv pip compile pyproject.toml --extra dev --extra app --generate-hashes \
		--python-version 3.11 --universal -o requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build dist
