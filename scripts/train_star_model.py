"""Fit the learned STAR model (interviewer/star_model.py) on the training splits; write interviewer/star_model.json.

    $ .venv/bin/python scripts/train_star_model.py            # choose l2 and tau by leave-one-split-out, fit, write
    $ .venv/bin/python scripts/train_star_model.py --l2 0.2 --tau 3   # skip the search
    $ .venv/bin/python scripts/train_star_model.py --check    # only report the saved model

Each answer is measured once (`Grader.analyse` for the cues, its sentences embedded for the vectors). The
regularisation (l2) and the soft-maximum temperature (tau) are chosen from a small grid by leave-one-split-out
over the training splits: each writer's split is predicted by a model fitted on the other writers' splits, and the
pair with the best mean STAR macro-F1 wins (verdicts as the grader gives them, with its no-story rule and its own
blame decision, which rules out a task). The final model is fitted on all training splits. The task part also
learns from the splits written at blame's boundary (splits.BLAME_TRAIN, evals/tune10-tune12; in every fit of the
search too, never held out): their writers count a task that the situation and the candidate's actions imply, where
the eight others rarely mark a task that is not said. Their other labels are not used (fitted on them too, the
model read results more readily everywhere; evals/README.md, "After 0.18"). The validation splits (dev,
dev2-dev26) are only reported; never point it at evals/holdout. Deterministic up to the embeddings' floating-point
noise (a rerun's weights differ by under 0.001). Refit whenever the cue patterns in star.py, the embedding model or
the training splits change. About 11 minutes on 2 cores with the search.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from splits import BLAME_TRAIN, BLAME_VALIDATE, TRAIN, VALIDATE

from interviewer import evaluate, star, star_model
from interviewer.analysis import Analysis
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.models import STAR_PARTS
from interviewer.settings import DEFAULT_CORPUS

L2_GRID = (0.05, 0.1, 0.2, 0.5, 1.0)
TAU_GRID = (3.0, 5.0, 10.0)


class Split:
    """One labelled split, measured: per answer its Analysis, feature matrix and 0/1 STAR labels."""

    def __init__(self, name: str, grader: Grader, embedder) -> None:
        self.name = name
        self.path = ROOT / "evals" / name / "answers.jsonl"
        cases = evaluate.load_answers(self.path)
        self.analyses: list[Analysis] = []
        self.bags: list[np.ndarray] = []
        self.blames: list[bool] = []  # the grader's own blame decision (saved models), which rules out a task
        labels = []
        for case in cases:
            a = grader.analyse(case.question_id, case.answer)
            if not a.seg.sentences:
                continue
            vecs = np.asarray(embedder.embed([s.text for s in a.seg.sentences]), dtype=np.float32)
            self.analyses.append(a)
            self.blames.append(grader._blame(a)[0] is not None)
            self.bags.append(star_model.features(vecs, a.star_similarity, a.star_cues, a.singular))
            labels.append([float(getattr(case.labels, p)) for p in STAR_PARTS])
        self.labels = np.asarray(labels, dtype=np.float32)


def star_f1(model: star_model.StarModel, split: Split, story_sentences: float) -> dict[str, float]:
    """Per-part F1 of the verdicts the grader would give with `model` (star.detect with its story/blame rules)."""
    predicted = []
    for a, x, blames in zip(split.analyses, split.bags, split.blames):
        logits = model.logits(x)
        parts = star.detect(a.seg.sentences, logits, {}, story=a.narrative >= story_sentences, how_to=bool(a.tools),
                            blames=blames, answer_scores=model.answer_scores(logits))
        predicted.append([parts[p].present for p in STAR_PARTS])
    return {p: evaluate.precision_recall_f1([bool(v) for v in split.labels[:, j]], [row[j] for row in predicted])["f1"]
            for j, p in enumerate(STAR_PARTS)}


TASK_ONLY = np.eye(4)[STAR_PARTS.index("task")]


def fit_on(splits: list[Split], task_only: list[Split], l2: float, tau: float, name: str,
           dim: int) -> star_model.StarModel:
    """Fit every part on `splits`, and the task part on `task_only` as well."""
    both = splits + task_only
    mask = np.concatenate([np.ones_like(s.labels) for s in splits]
                          + [np.tile(TASK_ONLY, (len(s.labels), 1)) for s in task_only])
    return star_model.fit([b for s in both for b in s.bags], np.concatenate([s.labels for s in both]), l2=l2,
                          tau=tau, embedding_model=name, dim=dim, mask=mask)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--l2", type=float, help="skip the search: use this regularisation")
    parser.add_argument("--tau", type=float, help="skip the search: use this temperature")
    parser.add_argument("--check", action="store_true", help="report the saved model on every split; write nothing")
    args = parser.parse_args()
    guide = load_guide(next(DEFAULT_CORPUS.glob("*.md")))
    embedder = get_embedder()
    grader = Grader(guide, embedder)
    story = grader.params["story_sentences"]
    start = time.perf_counter()
    train = [Split(n, grader, embedder) for n in TRAIN]
    task_train = [Split(n, grader, embedder) for n in BLAME_TRAIN]
    validate = [Split(n, grader, embedder) for n in (*VALIDATE, *BLAME_VALIDATE)
                if (ROOT / "evals" / n / "answers.jsonl").is_file()]
    dim = train[0].bags[0].shape[1] - star_model.EXTRA_FEATURES
    measured = sum(len(s.bags) for s in train + task_train + validate)
    print(f"measured {measured} answers in {time.perf_counter() - start:.0f}s")

    search = {}
    if args.check:
        model = star_model.load(embedder.name, dim)
        if model is None:
            sys.exit(f"no model for {embedder.name} in {star_model.MODEL_FILE}")
        l2, tau = None, model.tau
    else:
        grid = [(args.l2, args.tau)] if args.l2 is not None and args.tau is not None else list(
            itertools.product(L2_GRID, TAU_GRID))
        for l2, tau in grid if len(grid) > 1 else []:
            scores = []
            for held in train:
                model = fit_on([s for s in train if s is not held], task_train, l2, tau, embedder.name, dim)
                scores.append(float(np.mean(list(star_f1(model, held, story).values()))))
            search[f"l2={l2} tau={tau}"] = round(float(np.mean(scores)), 4)
            print(f"l2 {l2:<5} tau {tau:<4}  leave-one-split-out macro-F1 {np.mean(scores):.4f}  "
                  f"({' '.join(f'{s:.3f}' for s in scores)})", flush=True)
        l2, tau = max(grid, key=lambda lt: search.get(f"l2={lt[0]} tau={lt[1]}", 0.0)) if search else grid[0]
        model = fit_on(train, task_train, l2, tau, embedder.name, dim)

    report = {}
    roles = {**dict.fromkeys(TRAIN, "train"), **dict.fromkeys(BLAME_TRAIN, "train, task only")}
    for split in train + task_train + validate:
        f1 = star_f1(model, split, story)
        report[split.name] = {"macro_f1": round(float(np.mean(list(f1.values()))), 4),
                              **{p: round(v, 4) for p, v in f1.items()}}
        role = roles.get(split.name, "validation, not fitted")
        print(f"{split.name:6s} ({role}): macro-F1 {report[split.name]['macro_f1']:.3f}  "
              + "  ".join(f"{p} {v:.3f}" for p, v in f1.items()))
    if args.check:
        return
    fitted_on = [f"evals/{s.name}/answers.jsonl sha256:{hashlib.sha256(s.path.read_bytes()).hexdigest()[:16]} "
                 f"({len(s.bags)} answers{'' if s in train else ', task part only'})" for s in train + task_train]
    star_model.MODEL_FILE.write_text(star_model.to_json(
        model, fitted_on=fitted_on, l2=l2, search=search,
        star_f1={k: v for k, v in report.items()}, made_by="scripts/train_star_model.py"), encoding="utf-8")
    print(f"wrote {star_model.MODEL_FILE} (l2 {l2}, tau {tau})")


if __name__ == "__main__":
    main()
