"""Fit the learned vague flag (interviewer/vague_model.py) on the training splits; write interviewer/vague_model.json.

    $ .venv/bin/python scripts/train_vague_model.py           # choose C by leave-one-split-out, fit, write
    $ .venv/bin/python scripts/train_vague_model.py --check   # only report the saved model

Run it after scripts/train_star_model.py: its features include the STAR model's answer-level logits. Each answer is
graded once (the grade gives its STAR parts, measured result and too-short flag; the Analysis the rest). The
regularisation C is chosen from a small grid by leave-one-split-out over the training splits (each writer's split
predicted by a model fitted on the others), for the best mean F1 of the flag; the final model is fitted on all
training splits. Validation splits (dev, dev2-dev7) are only reported; it never reads evals/holdout. Well under a
minute after the answers are measured (about 2 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer import evaluate, vague_model
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.settings import DEFAULT_CORPUS

TRAIN = ("tune", "tune2", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9")
VALIDATE = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7")
C_GRID = (0.03, 0.1, 0.3, 1.0)


def measure(name: str, grader: Grader) -> tuple[np.ndarray, np.ndarray]:
    """(features, labels) of the split's answers that the flag applies to: non-empty and graded on topic."""
    xs, ys = [], []
    for case in evaluate.load_answers(ROOT / "evals" / name / "answers.jsonl"):
        a = grader.analyse(case.question_id, case.answer)
        if not a.seg.word_count or a.star_answer is None:
            continue
        g = grader.decide(a)
        if not g.on_topic:
            continue
        xs.append(vague_model.features(
            a.seg.word_count, a.narrative, len(a.tools), len(a.numbers), a.generic_sentences,
            "too_short" in g.red_flags, a.told_sentences, a.filler_density, a.star_answer,
            sum(part.present for part in g.star.values()), g.specificity.measured_result))
        ys.append(float("vague" in case.labels.red_flags))
    return np.array(xs), np.array(ys)


def scores(model: vague_model.VagueModel, x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    predicted = np.array([model.probability(row) >= 0.5 for row in x], dtype=bool)
    gold = y.astype(bool)
    hit = float((predicted & gold).sum())
    recall, precision = hit / max(gold.sum(), 1), hit / max(predicted.sum(), 1)
    return recall, precision, 2 * recall * precision / (recall + precision) if hit else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report the saved model on every split; write nothing")
    args = parser.parse_args()
    embedder = get_embedder()
    grader = Grader(load_guide(next(DEFAULT_CORPUS.glob("*.md"))), embedder)
    start = time.perf_counter()
    train = {n: measure(n, grader) for n in TRAIN}
    validate = {n: measure(n, grader) for n in VALIDATE if (ROOT / "evals" / n / "answers.jsonl").is_file()}
    print(f"measured {sum(len(v[0]) for v in [*train.values(), *validate.values()])} answers "
          f"in {time.perf_counter() - start:.0f}s")
    search: dict[str, float] = {}
    if args.check:
        model = vague_model.load(embedder.name)
        if model is None:
            sys.exit(f"no model for {embedder.name} in {vague_model.MODEL_FILE}")
        c = None
    else:
        for c in C_GRID:
            f1 = []
            for held in TRAIN:
                rest = [n for n in TRAIN if n != held]
                model = vague_model.fit(np.concatenate([train[n][0] for n in rest]),
                                        np.concatenate([train[n][1] for n in rest]), c, embedder.name)
                f1.append(scores(model, *train[held])[2])
            search[f"C={c}"] = round(float(np.mean(f1)), 4)
            print(f"C {c:<5} leave-one-split-out vague F1 {np.mean(f1):.3f} ({' '.join(f'{v:.2f}' for v in f1)})")
        c = max(C_GRID, key=lambda v: search[f"C={v}"])
        model = vague_model.fit(np.concatenate([train[n][0] for n in TRAIN]),
                                np.concatenate([train[n][1] for n in TRAIN]), c, embedder.name)
    report = {}
    for name, (x, y) in {**train, **validate}.items():
        r, p, f = scores(model, x, y)
        report[name] = {"recall": round(r, 3), "precision": round(p, 3)}
        role = "train" if name in TRAIN else "validation, not fitted"
        print(f"{name:6s} ({role}): vague recall {r:.2f} precision {p:.2f} F1 {f:.2f}")
    if args.check:
        return
    fitted_on = [f"evals/{n}/answers.jsonl sha256:"
                 f"{hashlib.sha256((ROOT / 'evals' / n / 'answers.jsonl').read_bytes()).hexdigest()[:16]}"
                 for n in TRAIN]
    vague_model.MODEL_FILE.write_text(vague_model.to_json(
        model, fitted_on=fitted_on, c=c, search=search, vague=report, made_by="scripts/train_vague_model.py"),
        encoding="utf-8")
    print(f"wrote {vague_model.MODEL_FILE} (C {c})")


if __name__ == "__main__":
    main()
