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

# Grader and retrieval quality on training (tune, tune2, tune4-tune12), validation (dev2-dev26) and held-out answers,
# with baseline rows; where evals/paraphrase/ has paraphrases of a split's answers, how far they move the grade.
EVAL_SETS := tune tune2 tune4 tune5 tune6 tune7 tune8 tune9 tune10 tune11 tune12 dev2 dev3 dev4 dev5 dev6 dev7 dev8 dev9 \
             dev10 dev11 dev12 dev13 dev14 dev15 dev16 dev17 dev18 dev19 dev20 dev21 dev22 dev23 dev24 dev25 dev26 \
             holdout
eval: $(STAMP)
	@for s in $(EVAL_SETS); do \
	  r=; test -f evals/$$s/retrieval.jsonl && r="--retrieval evals/$$s/retrieval.jsonl"; \
	  p=; test -f evals/paraphrase/$$s.jsonl && p="--paraphrases evals/paraphrase/$$s.jsonl"; \
	  echo "== $$s"; $(BIN)/interviewer eval --answers evals/$$s/answers.jsonl $$r $$p --json evals/out/$$s.json || exit 1; \
	done

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# Re-pin every dependency with hashes after changing pyproject.toml (needs `uv`).
lock:
	uv pip compile pyproject.toml --extra test --extra voice --generate-hashes --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 -o requirements.lock
