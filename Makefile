# The two set-up commands of the README: `make run` (the app on its embedded defaults) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export GRADIO_ANALYTICS_ENABLED := False
export HF_HUB_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False

.PHONY: run test install lint eval bench lock

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/interviewer ingest
	$(BIN)/interviewer web

test: $(STAMP)
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check interviewer tests evals scripts

# Grader and retrieval quality on training (tune, tune2), validation (dev2) and held-out answers, with baseline rows.
eval: $(STAMP)
	$(BIN)/interviewer eval --answers evals/tune/answers.jsonl --retrieval evals/tune/retrieval.jsonl --json evals/out/tune.json
	$(BIN)/interviewer eval --answers evals/tune2/answers.jsonl --retrieval evals/tune2/retrieval.jsonl --json evals/out/tune2.json
	$(BIN)/interviewer eval --answers evals/dev2/answers.jsonl --retrieval evals/dev2/retrieval.jsonl --json evals/out/dev2.json
	$(BIN)/interviewer eval --answers evals/holdout/answers.jsonl --retrieval evals/holdout/retrieval.jsonl --json evals/out/holdout.json

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# Re-pin every dependency with hashes after changing pyproject.toml (needs `uv`).
lock:
	uv pip compile pyproject.toml --extra test --extra voice --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements.lock
