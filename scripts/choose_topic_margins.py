"""Choose the on-topic check's two exemplar margins by leave-one-split-out; with --write, store them.

    $ .venv/bin/python scripts/choose_topic_margins.py           # print the search and the choice
    $ .venv/bin/python scripts/choose_topic_margins.py --write   # also store it in interviewer/grader_params.json

An answer is off topic when it is closer, by `exemplar_margin`, to the centroid of labelled answers to another
question than to the asked one's (by `exemplar_near_margin` when the other question overlaps the asked one; see
exemplars.py and `Grader._topic`). The shipped centroids are built from all training splits, so scoring a
training answer against them would flatter it (its own vector is in its question's centroid). Here each training
split is decided against centroids built from the other training splits only, the way an unseen writer's answers
meet the shipped ones, and the pair with the fewest topic errors over all training answers wins; ties go to
fewer on-topic answers called off topic (the costlier mistake), then to the larger margins. The validation splits
(dev, dev2-dev10) are only reported, against centroids from all training splits; evals/holdout is never read.
Run it after scripts/build_exemplars.py. About 2 minutes on 2 cores, almost all of it measuring.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from splits import TRAIN, VALIDATE

from interviewer import evaluate, exemplars
from interviewer.analysis import Analysis
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.params import PARAMS_FILE
from interviewer.settings import DEFAULT_CORPUS

MARGINS = tuple(round(0.06 + 0.01 * i, 2) for i in range(9))  # 0.06 … 0.14
NEAR_EXTRA = (0.0, 0.02, 0.04, 0.06, 0.08, 0.10)
"""How much more an overlapping question must lead by: exemplar_near_margin = exemplar_margin + this."""
Split = list[tuple[evaluate.AnswerCase, Analysis]]


def centroids(splits: list[Split], ids: list[str], dim: int) -> np.ndarray:
    """(n_questions, dim) unit centroids of the on-topic answers in `splits`, a zero row where a question has none:
    the same average scripts/build_exemplars.py stores (exemplars.unit_mean)."""
    vectors: dict[str, list[np.ndarray]] = defaultdict(list)
    for split in splits:
        for case, a in split:
            if case.labels.on_topic and np.linalg.norm(a.answer_vec):
                vectors[case.question_id].append(a.answer_vec)
    out = np.zeros((len(ids), dim), dtype=np.float32)
    for qid, vecs in vectors.items():
        out[ids.index(qid)] = exemplars.unit_mean(vecs)
    return out


def errors(grader: Grader, split: Split, params: dict[str, float]) -> tuple[int, int]:
    """(topic errors, on-topic answers called off topic) of `split` under `params`."""
    wrong = false_off = 0
    for case, a in split:
        on = grader.decide(a, params).on_topic
        wrong += on != case.labels.on_topic
        false_off += case.labels.on_topic and not on
    return wrong, false_off


def search(grader: Grader, folds: list[tuple[np.ndarray, Split]]) -> dict[tuple[float, float], tuple[int, int]]:
    """(margin, near margin) -> (errors, false off-topics) summed over `folds`, each decided against its centroids."""
    index = grader._index()
    totals: dict[tuple[float, float], list[int]] = defaultdict(lambda: [0, 0])
    for cents, split in folds:
        grader._index_cache = replace(index, centroids=cents)
        for margin in MARGINS:
            for extra in NEAR_EXTRA:
                pair = (margin, round(margin + extra, 2))
                wrong, false_off = errors(grader, split, {"exemplar_margin": pair[0], "exemplar_near_margin": pair[1]})
                totals[pair][0] += wrong
                totals[pair][1] += false_off
    grader._index_cache = index
    return {pair: (v[0], v[1]) for pair, v in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the chosen margins in grader_params.json")
    args = parser.parse_args()
    grader = Grader(load_guide(next(DEFAULT_CORPUS.glob("*.md"))), get_embedder())
    index = grader._index()
    start = time.perf_counter()
    measured: dict[str, Split] = {}
    for name in (*TRAIN, *VALIDATE):
        path = ROOT / "evals" / name / "answers.jsonl"
        if path.is_file():
            measured[name] = [(c, grader.analyse(c.question_id, c.answer)) for c in evaluate.load_answers(path)]
    print(f"measured {sum(map(len, measured.values()))} answers in {time.perf_counter() - start:.0f}s")
    dim = index.prototypes.shape[1]
    folds = [(centroids([measured[o] for o in TRAIN if o != n], index.ids, dim), measured[n]) for n in TRAIN]
    found = search(grader, folds)
    n_train = sum(len(measured[n]) for n in TRAIN)
    print(f"topic errors (on-topic answers called off topic) in {n_train} training answers, leave-one-split-out:")
    print("margin  " + "  ".join(f"near +{e:.2f}" for e in NEAR_EXTRA))
    for margin in MARGINS:
        print(f"{margin:.2f}    " + "  ".join(f"{found[(margin, round(margin + e, 2))][0]:4d} ({found[(margin, round(margin + e, 2))][1]})  "
                                       for e in NEAR_EXTRA))
    best = min(found, key=lambda pair: (*found[pair], -pair[0], -pair[1]))
    before = (grader.params["exemplar_margin"], grader.params["exemplar_near_margin"])
    print(f"chosen: exemplar_margin {best[0]}, exemplar_near_margin {best[1]} ({found[best][0]} errors); "
          f"now {before[0]}, {before[1]} ({found.get(before, ('-',))[0]} errors)")
    grader._index_cache = replace(index, centroids=centroids([measured[n] for n in TRAIN], index.ids, dim))
    for label, pair in (("now", before), ("chosen", best)):
        params = {"exemplar_margin": pair[0], "exemplar_near_margin": pair[1]}
        per = {n: errors(grader, measured[n], params) for n in VALIDATE if n in measured}
        print(f"validation, not fitted ({label} {pair[0]}, {pair[1]}): "
              + ", ".join(f"{n} {w} ({f})" for n, (w, f) in per.items())
              + f"; total {sum(w for w, _ in per.values())} of {sum(len(measured[n]) for n in per)}")
    grader._index_cache = index
    if args.write:
        data = json.loads(PARAMS_FILE.read_text(encoding="utf-8"))
        data["params"].update(exemplar_margin=best[0], exemplar_near_margin=best[1])
        data["topic_margins"] = {
            "made_by": "scripts/choose_topic_margins.py",
            "fitted_on": [f"evals/{n}/answers.jsonl sha256:"
                          f"{hashlib.sha256((ROOT / 'evals' / n / 'answers.jsonl').read_bytes()).hexdigest()[:16]}"
                          for n in TRAIN],
            "leave_one_split_out_errors": found[best][0], "training_answers": n_train}
        PARAMS_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {PARAMS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
