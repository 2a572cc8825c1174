"""Choose `domain_min` (interviewer/params.py) for exemplars.topic_by_domain, leave-one-file-out.

    $ .venv/bin/python scripts/choose_domain_min.py

The bank is what scripts/build_exemplars.py keeps as neighbours: every answer labelled on topic in its files
(evals/tune*/ and the keyword-trap training files, its SOURCES and TRAPS). Each of those answers of 30 words or
more is compared with the bank less its own file, as an answer no one labelled would be; for each floor of GRID the script
counts the on-topic answers it would call off topic and the off-topic answers below it. The floor kept is the
largest that calls no on-topic answer off topic, as the topic margins were chosen with none false
(scripts/choose_topic_margins.py). It reads no validation or held-out set. About 2½ minutes on 2 cores.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_exemplars import SOURCES, TRAPS

from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.evaluate import load_answers
from interviewer.grading import Grader
from interviewer.settings import DEFAULT_CORPUS

GRID = (0.50, 0.52, 0.55, 0.57, 0.60)
MIN_WORDS = 30
"""The rule applies from the grader's too_short_words (it is only asked for answers that long)."""


def measure(grader: Grader) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per answer of the bank's files: its unit answer vector, on topic by label, word count, and file index."""
    vecs, on, words, where = [], [], [], []
    for k, path in enumerate((*SOURCES, *TRAPS)):  # the files the neighbours are built from
        for case in load_answers(path):
            a = grader.analyse(case.question_id, case.answer)
            if not a.seg.word_count:
                continue
            vecs.append(a.answer_vec)
            on.append(case.labels.on_topic)
            words.append(a.seg.word_count)
            where.append(k)
        print(f"measured {path.relative_to(ROOT)}", flush=True)
    return np.array(vecs, dtype=np.float32), np.array(on), np.array(words), np.array(where)


def nearest_elsewhere(vecs: np.ndarray, on: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Each answer's similarity to its nearest on-topic answer of another file."""
    sims = vecs @ vecs[on].T
    sims[where[:, None] == where[on][None, :]] = -np.inf
    return sims.max(axis=1)


def main() -> None:
    grader = Grader(load_guide(next(DEFAULT_CORPUS.glob("*.md"))), get_embedder())
    vecs, on, words, where = measure(grader)
    nearest = nearest_elsewhere(vecs, on, where)
    asked = words >= MIN_WORDS
    print(f"bank: {int(on.sum())} on-topic answers; asked: {int((asked & on).sum())} on topic, "
          f"{int((asked & ~on).sum())} off topic ({MIN_WORDS} words or more)")
    kept = None
    for floor in GRID:
        false_off = int((asked & on & (nearest < floor)).sum())
        below = int((asked & ~on & (nearest < floor)).sum())
        print(f"domain_min {floor:.2f}: {false_off} on-topic answers called off topic, {below} off-topic answers below")
        if false_off == 0:
            kept = floor
    print(f"kept: {kept}")


if __name__ == "__main__":
    main()
