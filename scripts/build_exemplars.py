"""Build interviewer/answer_centroids.json from the training splits' labelled answers.

    $ .venv/bin/python scripts/build_exemplars.py

Reads evals/tune*/answers.jsonl and the keyword-trap files of scripts/splits.py's TOPIC_TRAIN (evals/topic/a.jsonl,
b.jsonl, d.jsonl-k.jsonl) only, never dev or held-out sets. Each answer is measured the way the grader measures it
(`Grader.analyse(...).answer_vec`). The tune splits' answers labelled on topic are averaged into their question's
centroid; every answer is also kept one by one, on or off topic by its label, as that question's neighbours
(exemplars.neighbours_for). Both are keyed by the guide question's text and tagged with the embedding model's name.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

import numpy as np
from splits import TOPIC_TRAIN

from interviewer import exemplars
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.evaluate import load_answers
from interviewer.exemplars import CENTROIDS_FILE, unit_mean
from interviewer.grading import Grader
from interviewer.settings import DEFAULT_CORPUS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "evals").glob("tune*/answers.jsonl"))
TRAPS = tuple(ROOT / "evals" / f"{name}.jsonl" for name in TOPIC_TRAIN)
"""Neighbours only: answers written around each question's keyword trap, off topic (the words in another sense) and
on topic (a real answer that touches that sense). Their writers' third kind, evals/topic/other.jsonl (answers to
another question, or evasions), is not used: those are what the centroids catch, and as neighbours they stand for real
answers to other questions, which made leave-one-split-out call on-topic answers off topic."""


def main() -> None:
    guide = load_guide(DEFAULT_CORPUS)
    embedder = get_embedder()
    grader = Grader(guide, embedder)
    known = {q.id for q in guide.questions}
    vectors: dict[str, list[np.ndarray]] = defaultdict(list)
    on: dict[str, list[np.ndarray]] = defaultdict(list)
    off: dict[str, list[np.ndarray]] = defaultdict(list)
    sources = []
    for path in (*SOURCES, *TRAPS):
        cases = load_answers(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        sources.append(f"{path.relative_to(ROOT)} sha256:{digest} ({len(cases)} answers)")
        for case in cases:
            if case.question_id in known and case.answer.strip():
                vec = grader.analyse(case.question_id, case.answer).answer_vec
                if not np.linalg.norm(vec):
                    continue
                (on if case.labels.on_topic else off)[case.question_id].append(vec)
                if case.labels.on_topic and path in SOURCES:
                    vectors[case.question_id].append(vec)
    centroids, counts = {}, {}
    for q in guide.questions:
        if vectors[q.id]:
            centroids[q.text] = [round(float(x), 5) for x in unit_mean(vectors[q.id])]
            counts[q.id] = len(vectors[q.id])
    dim = grader._index().prototypes.shape[1]
    neighbours = {q.text: {"on": exemplars.encode_rows(np.reshape(on[q.id], (-1, dim))),
                           "off": exemplars.encode_rows(np.reshape(off[q.id], (-1, dim)))} for q in guide.questions}
    CENTROIDS_FILE.write_text(json.dumps({"model": embedder.name, "dim": dim, "built_from": sources, "answers": counts,
                                          "centroids": centroids, "neighbours": neighbours},
                                         ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {CENTROIDS_FILE.relative_to(ROOT)}: centroids for {len(centroids)} questions from "
          f"{sum(counts.values())} on-topic answers; neighbours: {sum(map(len, on.values()))} answers on topic and "
          f"{sum(map(len, off.values()))} off topic, from {len(SOURCES) + len(TRAPS)} files")


if __name__ == "__main__":
    main()
