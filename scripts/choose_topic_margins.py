"""Choose the on-topic check's exemplar and decoy margins by leave-one-split-out; with --write, store them.

    $ .venv/bin/python scripts/choose_topic_margins.py           # print the search and the choice
    $ .venv/bin/python scripts/choose_topic_margins.py --write   # also store it in interviewer/grader_params.json

An answer is off topic when it is closer, by `exemplar_margin`, to the centroid of labelled answers to another
question than to the asked one's (by `exemplar_near_margin` when the other question overlaps the asked one), or
closer by `decoy_margin` to one training answer labelled off topic for the asked question than to its centroid (see
exemplars.py and `Grader._topic`). The shipped centroids and decoys are built from all training splits, so scoring
a training answer against them would flatter it (its own vector is in its question's centroid, or is a decoy).
Here each training split is decided against centroids and decoys from the other training splits only, the way an
unseen writer's answers meet the shipped ones, and the margins with the fewest topic errors over all training
answers win; ties go to fewer on-topic answers called off topic (the costlier mistake), then to the larger margins.
The validation splits (dev, dev2-dev10) are only reported, against centroids and decoys from all training splits;
evals/holdout is never read. Run it after scripts/build_exemplars.py. About 3 minutes on 2 cores, most of it measuring.
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
DECOY_MARGINS = (*(round(0.02 * i, 2) for i in range(11)), 1.0)
"""0 … 0.20, and 1.0, which no answer's lead reaches: decoys unused."""
Split = list[tuple[evaluate.AnswerCase, Analysis]]
Margins = tuple[float, float, float]


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


def decoys(splits: list[Split], ids: list[str], dim: int) -> list[np.ndarray]:
    """Per question, the vectors of the answers in `splits` labelled off topic for it: what build_exemplars stores."""
    vectors: dict[str, list[np.ndarray]] = defaultdict(list)
    for split in splits:
        for case, a in split:
            if not case.labels.on_topic and np.linalg.norm(a.answer_vec):
                vectors[case.question_id].append(a.answer_vec / np.linalg.norm(a.answer_vec))
    return [np.asarray(vectors[q], dtype=np.float32).reshape(-1, dim) for q in ids]


def errors(grader: Grader, split: Split, params: dict[str, float]) -> tuple[int, int]:
    """(topic errors, on-topic answers called off topic) of `split` under `params`: the grader's topic decision
    alone (`Grader._topic`, what `decide` reports as on_topic), so the search stays quick."""
    wrong = false_off = 0
    p = {**grader.params, **params}
    for case, a in split:
        on = bool(a.seg.sentences) and grader._topic(a, p)[0]
        wrong += on != case.labels.on_topic
        false_off += case.labels.on_topic and not on
    return wrong, false_off


def as_params(m: Margins) -> dict[str, float]:
    return {"exemplar_margin": m[0], "exemplar_near_margin": m[1], "decoy_margin": m[2]}


def search(grader: Grader, folds: list[tuple[np.ndarray, list[np.ndarray], Split]]) -> dict[Margins, tuple[int, int]]:
    """(margin, near margin, decoy margin) -> (errors, false off-topics) summed over `folds`, each decided against
    its own centroids and decoys."""
    index = grader._index()
    totals: dict[Margins, list[int]] = defaultdict(lambda: [0, 0])
    for cents, decs, split in folds:
        grader._index_cache = replace(index, centroids=cents, decoys=decs)
        for margin in MARGINS:
            for extra in NEAR_EXTRA:
                for decoy in DECOY_MARGINS:
                    m = (margin, round(margin + extra, 2), decoy)
                    wrong, false_off = errors(grader, split, as_params(m))
                    totals[m][0] += wrong
                    totals[m][1] += false_off
    grader._index_cache = index
    return {m: (v[0], v[1]) for m, v in totals.items()}


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
    folds = [(centroids(rest := [measured[o] for o in TRAIN if o != n], index.ids, dim), decoys(rest, index.ids, dim),
              measured[n]) for n in TRAIN]
    found = search(grader, folds)
    n_train = sum(len(measured[n]) for n in TRAIN)
    best = min(found, key=lambda m: (*found[m], -m[0], -m[1], -m[2]))
    print(f"topic errors (on-topic answers called off topic) in {n_train} training answers, leave-one-split-out, "
          f"at decoy margin {best[2]}:")
    print("margin  " + "  ".join(f"near +{e:.2f}" for e in NEAR_EXTRA))
    for margin in MARGINS:
        cells = [found[(margin, round(margin + e, 2), best[2])] for e in NEAR_EXTRA]
        print(f"{margin:.2f}    " + "  ".join(f"{w:4d} ({f})  " for w, f in cells))
    by_decoy = [(d, *found[(best[0], best[1], d)]) for d in DECOY_MARGINS]
    print(f"at exemplar margins {best[0]}, {best[1]}, by decoy margin: "
          + ", ".join(f"{d} {w} ({f})" for d, w, f in by_decoy))
    before = (grader.params["exemplar_margin"], grader.params["exemplar_near_margin"], grader.params["decoy_margin"])
    print(f"chosen: exemplar_margin {best[0]}, exemplar_near_margin {best[1]}, decoy_margin {best[2]} "
          f"({found[best][0]} errors); now {before} ({found.get(before, ('-',))[0]} errors)")
    grader._index_cache = replace(index, centroids=centroids(train := [measured[n] for n in TRAIN], index.ids, dim),
                                  decoys=decoys(train, index.ids, dim))
    for label, m in (("no decoys", (before[0], before[1], 1.0)), ("now", before), ("chosen", best)):
        per = {n: errors(grader, measured[n], as_params(m)) for n in VALIDATE if n in measured}
        print(f"validation, not fitted ({label} {m}): "
              + ", ".join(f"{n} {w} ({f})" for n, (w, f) in per.items())
              + f"; total {sum(w for w, _ in per.values())} of {sum(len(measured[n]) for n in per)}")
    grader._index_cache = index
    if args.write:
        data = json.loads(PARAMS_FILE.read_text(encoding="utf-8"))
        data["params"].update(as_params(best))
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
