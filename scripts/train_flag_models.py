"""Fit the learned vague and rambling flags and the 5-or-4 decision (interviewer/flag_model.py); write flag_models.json.

    $ .venv/bin/python scripts/train_flag_models.py           # choose C per flag by leave-one-split-out, fit, write
    $ .venv/bin/python scripts/train_flag_models.py --check   # only report the saved models

Run it after scripts/train_star_model.py: the features include the STAR model's logits and parts. Each answer is
graded once (the grade gives its STAR parts, measured result and too-short flag; the Analysis the rest). For each
flag the regularisation C is chosen from a small grid by leave-one-split-out over the training splits (each
writer's split predicted by a model fitted on the others), for the best mean F1; the final model is fitted on all
training splits. Vague applies to answers on topic; rambling to answers that rambling.py's rules do not already
call too long or repetitive (those rules decide them); "five" (a 5 rather than a 4) to answers the grader takes to
4 or more (all four STAR parts, no cap) within SCHEMA's 150-450 words, whose label is 4 or 5 (a label below 4
disagrees about the STAR parts, which this model does not decide). Validation splits (dev,
dev2-dev9) are only reported; it never reads evals/holdout. About 3 minutes on 2 cores, almost all of it measuring.
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

from interviewer import evaluate, flag_model, rambling
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.models import STAR_PARTS
from interviewer.settings import DEFAULT_CORPUS

TRAIN = ("tune", "tune2", "tune4", "tune5", "tune6", "tune7", "tune8", "tune9")
VALIDATE = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9")
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
Data = dict[str, tuple[np.ndarray, np.ndarray]]


def measure(name: str, grader: Grader) -> Data:
    """Per flag, (features, labels) of the split's answers that the flag applies to."""
    rows: dict[str, tuple[list, list]] = {flag: ([], []) for flag in flag_model.FEATURES}
    for case in evaluate.load_answers(ROOT / "evals" / name / "answers.jsonl"):
        a = grader.analyse(case.question_id, case.answer)
        if not a.seg.word_count or a.star_answer is None:
            continue
        g = grader.decide(a)
        parts = sum(part.present for part in g.star.values())
        labels = case.labels.red_flags
        if g.on_topic:
            rows["vague"][0].append(flag_model.vague_features(
                a.seg.word_count, a.narrative, len(a.tools), len(a.numbers), a.generic_sentences,
                "too_short" in g.red_flags, a.told_sentences, a.filler_density, a.star_answer, parts,
                g.specificity.measured_result))
            rows["vague"][1].append(float("vague" in labels))
        p = grader.params
        if g.overall >= 4 and case.labels.overall >= 4 and p["words_for_5_min"] <= a.seg.word_count <= p["words_for_5_max"]:
            points = len(g.key_points.covered) + len(g.key_points.missed)
            rows["five"][0].append(flag_model.five_features(
                len(a.tools), len(a.numbers), g.specificity.measured_result, len(g.key_points.covered) / max(points, 1),
                a.seg.word_count, float(a.star_answer[STAR_PARTS.index("result")])))
            rows["five"][1].append(float(case.labels.overall == 5))
        if rambling.too_long(a, grader.params) is not None:
            continue  # too long or repetitive: the rules decide those, the model the rest
        rows["rambling"][0].append(flag_model.rambling_features(
            a.seg.word_count, a.repeat_share, a.filler_density, a.digressions, a.signposts, a.generic_sentences,
            a.told_sentences, parts))
        rows["rambling"][1].append(float("rambling" in labels))
    return {flag: (np.array(x), np.array(y)) for flag, (x, y) in rows.items()}


def scores(model: flag_model.FlagModel, x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    predicted = np.array([model.probability(row) >= flag_model.THRESHOLD for row in x], dtype=bool)
    gold = y.astype(bool)
    hit = float((predicted & gold).sum())
    if not gold.any() and not predicted.any():
        return float("nan"), float("nan"), float("nan")  # nothing to find and nothing found: no score
    recall, precision = hit / max(gold.sum(), 1), hit / max(predicted.sum(), 1)
    return recall, precision, 2 * recall * precision / (recall + precision) if hit else 0.0


def choose(flag: str, train: dict[str, Data], name: str) -> tuple[flag_model.FlagModel, float, dict[str, float]]:
    search = {}
    for c in C_GRID:
        f1 = []
        for held in TRAIN:
            rest = [n for n in TRAIN if n != held]
            model = flag_model.fit(flag, np.concatenate([train[n][flag][0] for n in rest]),
                                   np.concatenate([train[n][flag][1] for n in rest]), c, name)
            f1.append(scores(model, *train[held][flag])[2])
        search[f"C={c}"] = round(float(np.nanmean(f1)), 4)
        print(f"{flag:8s} C {c:<5} leave-one-split-out F1 {np.nanmean(f1):.3f} ({' '.join(f'{v:.2f}' for v in f1)})")
    best = max(C_GRID, key=lambda v: search[f"C={v}"])
    model = flag_model.fit(flag, np.concatenate([train[n][flag][0] for n in TRAIN]),
                           np.concatenate([train[n][flag][1] for n in TRAIN]), best, name)
    return model, best, search


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report the saved models on every split; write nothing")
    args = parser.parse_args()
    embedder = get_embedder()
    grader = Grader(load_guide(next(DEFAULT_CORPUS.glob("*.md"))), embedder)
    start = time.perf_counter()
    train = {n: measure(n, grader) for n in TRAIN}
    validate = {n: measure(n, grader) for n in VALIDATE if (ROOT / "evals" / n / "answers.jsonl").is_file()}
    print(f"measured {len(train) + len(validate)} splits in {time.perf_counter() - start:.0f}s")
    models, meta = [], {}
    for flag in flag_model.FEATURES:
        if args.check:
            model = flag_model.load(flag, embedder.name)
            if model is None:
                sys.exit(f"no {flag} model for {embedder.name} in {flag_model.MODEL_FILE}")
        else:
            model, c, search = choose(flag, train, embedder.name)
            meta[flag] = {"C": c, "search": search}
        models.append(model)
        for name, data in {**train, **validate}.items():
            r, p, f = scores(model, *data[flag])
            meta.setdefault(flag, {}).setdefault("scores", {})[name] = {"recall": None if np.isnan(r) else round(r, 3),
                                                                   "precision": None if np.isnan(p) else round(p, 3)}
            role = "train" if name in TRAIN else "validation, not fitted"
            print(f"{flag:8s} {name:6s} ({role}): recall {r:.2f} precision {p:.2f} F1 {f:.2f}")
    if args.check:
        return
    fitted_on = [f"evals/{n}/answers.jsonl sha256:"
                 f"{hashlib.sha256((ROOT / 'evals' / n / 'answers.jsonl').read_bytes()).hexdigest()[:16]}"
                 for n in TRAIN]
    flag_model.MODEL_FILE.write_text(flag_model.to_json(
        models, fitted_on=fitted_on, fits=meta, made_by="scripts/train_flag_models.py"), encoding="utf-8")
    print(f"wrote {flag_model.MODEL_FILE}")


if __name__ == "__main__":
    main()
