"""Build interviewer/answer_centroids.json from the training splits' labelled answers.

    $ .venv/bin/python scripts/build_exemplars.py

Reads evals/tune*/answers.jsonl only (never dev or held-out sets). Each answer is measured the way the grader
measures it (`Grader.analyse(...).answer_vec`). Those labelled on topic are averaged into their question's centroid;
those labelled off topic are kept one by one as that question's decoys (exemplars.decoys_for). Both are keyed by the
guide question's text and tagged with the embedding model's name.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from pathlib import Path

import numpy as np

from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.evaluate import load_answers
from interviewer.exemplars import CENTROIDS_FILE, unit_mean
from interviewer.grading import Grader
from interviewer.settings import DEFAULT_CORPUS

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted((ROOT / "evals").glob("tune*/answers.jsonl"))


def main() -> None:
    guide = load_guide(DEFAULT_CORPUS)
    embedder = get_embedder()
    grader = Grader(guide, embedder)
    known = {q.id for q in guide.questions}
    vectors: dict[str, list[np.ndarray]] = defaultdict(list)
    decoys: dict[str, list[np.ndarray]] = defaultdict(list)
    sources = []
    for path in SOURCES:
        cases = load_answers(path)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
        sources.append(f"{path.relative_to(ROOT)} sha256:{digest} ({len(cases)} answers)")
        for case in cases:
            if case.question_id in known and case.answer.strip():
                vec = grader.analyse(case.question_id, case.answer).answer_vec
                if np.linalg.norm(vec):
                    (vectors if case.labels.on_topic else decoys)[case.question_id].append(vec)
    centroids, counts = {}, {}
    for q in guide.questions:
        if vectors[q.id]:
            centroids[q.text] = [round(float(x), 5) for x in unit_mean(vectors[q.id])]
            counts[q.id] = len(vectors[q.id])
    off_topic = {q.text: [[round(float(x), 4) for x in v] for v in decoys[q.id]] for q in guide.questions
                 if decoys[q.id]}
    CENTROIDS_FILE.write_text(json.dumps({"model": embedder.name, "built_from": sources, "answers": counts,
                                          "centroids": centroids, "off_topic": off_topic},
                                         ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {CENTROIDS_FILE.relative_to(ROOT)}: centroids for {len(centroids)} questions from "
          f"{sum(counts.values())} on-topic answers, and {sum(map(len, off_topic.values()))} off-topic answers to "
          f"{len(off_topic)} questions, in {len(SOURCES)} files")


if __name__ == "__main__":
    main()
