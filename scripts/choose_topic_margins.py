"""Choose the on-topic check's exemplar and neighbour margins by leave-one-split-out; with --write, store them.

    $ .venv/bin/python scripts/choose_topic_margins.py           # print the search and the choice
    $ .venv/bin/python scripts/choose_topic_margins.py --write   # also store it in interviewer/grader_params.json

An answer is off topic when it is closer, by `exemplar_margin`, to the centroid of labelled answers to another
question than to the asked one's (by `exemplar_near_margin` when the other question overlaps the asked one), or
when its nearest labelled answer to the asked question is off topic by `neighbour_margin` (see exemplars.py and
`Grader._topic`). The shipped centroids and neighbours are built from all training answers, so scoring a training
answer against them would flatter it (its own vector is in its question's centroid, and is its own neighbour).
Here each training split, and each keyword-trap file of TOPIC_TRAIN (evals/topic/a, b, d-k.jsonl), is decided
against centroids and neighbours from the others only, the way an unseen writer's answers meet the shipped ones.
The margins with the fewest topic errors win, an on-topic answer called off topic counting twice (the costlier
mistake); ties go to the larger margins. The validation splits (dev, dev2-dev10, dev13-dev26) and the other topic
files (scripts/splits.py's TOPIC_VALIDATE) are only reported, against the shipped centroids and neighbours (which
also hold tune10-tune12's answers: build_exemplars.py reads every tune split); evals/holdout is never read.
Run it after scripts/build_exemplars.py. About 4 minutes on 2 cores, most of it measuring.
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

from splits import TOPIC_TRAIN, TOPIC_VALIDATE, TRAIN, VALIDATE, answers_path

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
NEIGHBOUR_MARGINS = (*(round(-0.04 + 0.02 * i, 2) for i in range(8)), 2.0)
"""-0.04 … 0.10, and 2.0, which no answer's lead reaches: neighbours unused."""
TRAPS, REPORT = TOPIC_TRAIN, TOPIC_VALIDATE
"""The keyword-trap files build_exemplars.py takes neighbours from (each one writer's fold), and those only reported."""
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


def neighbours(splits: list[Split], ids: list[str], dim: int) -> list[exemplars.Neighbours]:
    """Per question, the unit vectors of the answers in `splits`, (on topic, off topic) by label: what
    build_exemplars stores."""
    found: dict[tuple[str, bool], list[np.ndarray]] = defaultdict(list)
    for split in splits:
        for case, a in split:
            if np.linalg.norm(a.answer_vec):
                found[(case.question_id, case.labels.on_topic)].append(a.answer_vec / np.linalg.norm(a.answer_vec))
    return [(np.asarray(found[(q, True)], dtype=np.float32).reshape(-1, dim),
             np.asarray(found[(q, False)], dtype=np.float32).reshape(-1, dim)) for q in ids]


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
    return {"exemplar_margin": m[0], "exemplar_near_margin": m[1], "neighbour_margin": m[2]}


Fold = tuple[np.ndarray, list[exemplars.Neighbours], Split]


def search(grader: Grader, folds: list[Fold]) -> dict[Margins, tuple[int, int]]:
    """(margin, near margin, neighbour margin) -> (errors, false off-topics) summed over `folds`, each decided
    against its own centroids and neighbours."""
    index = grader._index()
    totals: dict[Margins, list[int]] = defaultdict(lambda: [0, 0])
    for cents, near, split in folds:
        grader._index_cache = replace(index, centroids=cents, neighbours=near)
        for margin in MARGINS:
            for extra in NEAR_EXTRA:
                for lead in NEIGHBOUR_MARGINS:
                    m = (margin, round(margin + extra, 2), lead)
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
    for name in (*TRAIN, *VALIDATE, *TRAPS, *REPORT):
        path = answers_path(name)
        if path.is_file():
            measured[name] = [(c, grader.analyse(c.question_id, c.answer)) for c in evaluate.load_answers(path)]
    print(f"measured {sum(map(len, measured.values()))} answers in {time.perf_counter() - start:.0f}s")
    dim = index.prototypes.shape[1]
    labelled = (*TRAIN, *TRAPS)
    folds = [(centroids([measured[o] for o in TRAIN if o != n], index.ids, dim),
              neighbours([measured[o] for o in labelled if o != n], index.ids, dim), measured[n]) for n in labelled]
    found = search(grader, folds)
    n_train = sum(len(measured[n]) for n in labelled)
    best = min(found, key=lambda m: (found[m][0] + found[m][1], -m[0], -m[1], -m[2]))
    print(f"topic errors (on-topic answers called off topic) in {n_train} training answers, leave-one-split-out, "
          f"at neighbour margin {best[2]}:")
    print("margin  " + "  ".join(f"near +{e:.2f}" for e in NEAR_EXTRA))
    for margin in MARGINS:
        cells = [found[(margin, round(margin + e, 2), best[2])] for e in NEAR_EXTRA]
        print(f"{margin:.2f}    " + "  ".join(f"{w:4d} ({f})  " for w, f in cells))
    by_lead = [(d, *found[(best[0], best[1], d)]) for d in NEIGHBOUR_MARGINS]
    print(f"at exemplar margins {best[0]}, {best[1]}, by neighbour margin: "
          + ", ".join(f"{d} {w} ({f})" for d, w, f in by_lead))
    before = (grader.params["exemplar_margin"], grader.params["exemplar_near_margin"],
              grader.params["neighbour_margin"])
    print(f"chosen: exemplar_margin {best[0]}, exemplar_near_margin {best[1]}, neighbour_margin {best[2]} "
          f"({found[best][0]} errors, {found[best][1]} false); now {before} ({found.get(before, ('-',))[0]} errors)")
    # search() left the shipped index in place: validation meets it as the grader does (build_exemplars.py also took
    # tune10-tune12, which are no fold here)
    for label, m in (("no neighbours", (best[0], best[1], 2.0)), ("now", before), ("chosen", best)):
        per = {n: errors(grader, measured[n], as_params(m)) for n in (*VALIDATE, *REPORT) if n in measured}
        print(f"validation, not fitted ({label} {m}): "
              + ", ".join(f"{n} {w} ({f})" for n, (w, f) in per.items())
              + f"; total {sum(w for w, _ in per.values())} of {sum(len(measured[n]) for n in per)}")
    if args.write:
        data = json.loads(PARAMS_FILE.read_text(encoding="utf-8"))
        data["params"].update(as_params(best))
        data["topic_margins"] = {
            "made_by": "scripts/choose_topic_margins.py",
            "fitted_on": [f"{path.relative_to(ROOT)} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"
                          for path in map(answers_path, labelled)],
            "leave_one_split_out_errors": found[best][0], "false_off_topic": found[best][1],
            "training_answers": n_train}
        PARAMS_FILE.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {PARAMS_FILE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
