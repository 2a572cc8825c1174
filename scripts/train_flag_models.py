"""Fit the learned flags, the 5-or-4 decision and the covered bar (interviewer/flag_model.py); write flag_models.json.

    $ .venv/bin/python scripts/train_flag_models.py           # choose C per flag by leave-one-split-out, fit, write
    $ .venv/bin/python scripts/train_flag_models.py --check   # only report the saved models

Run it after scripts/train_star_model.py: the features include the STAR model's logits and parts. Each answer is
graded once (the grade gives its STAR parts, measured result and too-short flag; the Analysis the rest), a
too-short one twice: its grade reports no STAR part, and the parts counted are those the grader detects and its
models read (the same answer graded without the too-short rule). For each
flag the regularisation C is chosen from a small grid by leave-one-split-out over the training splits (each
writer's split predicted by a model fitted on the others), for the best mean F1; the final model is fitted on all
training splits. Vague applies to answers labelled on topic; rambling to answers that rambling.py's rules do not already
call too long or repetitive (those rules decide them; since 0.19 the grader does not ask the model under
`ramble_talk_words` either, but the fit keeps those answers, as 0.18's did, so its report counts them); "five" (a 5 rather than a 4) to answers the grader takes to
4 or more (all four STAR parts, no cap) within SCHEMA's 150-450 words, whose label is 4 or 5 (a label below 4
disagrees about the STAR parts, which this model does not decide). "covered" is fitted first, on the labelled main
points of evals/coverage/tune.jsonl and tune2.jsonl (C by four folds of eight questions), and reported on
evals/coverage/dev.jsonl; the splits are then graded with it, since the share of main points covered is one of the
"five" measurements. Blame applies to every answer and is also fitted on the splits written at its boundary
(splits.BLAME_TRAIN, evals/tune10-tune12) and reported on splits.BLAME_VALIDATE; its features include the STAR
model's result logit, and its decision moves a few task parts (an answer that blames states no task of its own), so
a second run after a changed blame model refits vague, rambling and five to the new parts and leaves blame as it
was. Validation splits (dev, dev2-dev26) are only reported; it never reads evals/holdout. About 6 minutes on 2
cores, almost all of it measuring.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from splits import BLAME_TRAIN, BLAME_VALIDATE, TRAIN, VALIDATE

from interviewer import coverage, eval_cases, evaluate, flag_model, rambling
from interviewer.analysis import Analysis
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.models import STAR_PARTS, Grade, StarName, StarPart
from interviewer.settings import DEFAULT_CORPUS

COVERAGE_TRAIN = (ROOT / "evals" / "coverage" / "tune.jsonl", ROOT / "evals" / "coverage" / "tune2.jsonl")
COVERAGE_VALIDATE = ROOT / "evals" / "coverage" / "dev.jsonl"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0)
Data = dict[str, tuple[np.ndarray, np.ndarray]]


def measure(name: str, grader: Grader) -> Data:
    """Per flag, (features, labels) of the split's answers that the flag applies to."""
    rows: dict[str, tuple[list, list]] = {flag: ([], []) for flag in flag_model.FEATURES}
    for case in evaluate.load_answers(ROOT / "evals" / name / "answers.jsonl"):
        a = grader.analyse(case.question_id, case.answer)
        if not a.seg.word_count or a.star_answer is None:
            continue
        g = grader.decide(a, {"borderline_logit": 0.0})  # the grade table's own verdict, not hedged
        parts = sum(part.present for part in detected(grader, a, g).values())
        labels = case.labels.red_flags
        rows["blame"][0].append(flag_model.blame_features(
            a.stance, len(a.seg.sentences), a.singular, a.ownership, float(a.star_answer[STAR_PARTS.index("result")]),
            a.seg.word_count))
        rows["blame"][1].append(float("blame" in labels))
        if case.labels.on_topic:  # by label: the fit must not move with the topic check's misses
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


def detected(grader: Grader, a: Analysis, g: Grade) -> dict[StarName, StarPart]:
    """The STAR parts the grader detects, which the vague and rambling models read as the grader does: a too-short
    answer reports none (star.untold), so its parts are those of the same answer graded without the too-short rule."""
    if "too_short" not in g.red_flags:
        return g.star
    return grader.decide(a, {"borderline_logit": 0.0, "too_short_words": 0, "too_short_two_sentences_words": 0}).star


def scores(model: flag_model.FlagModel, x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    predicted = np.array([model.probability(row) >= flag_model.THRESHOLD for row in x], dtype=bool)
    gold = y.astype(bool)
    hit = float((predicted & gold).sum())
    if not gold.any() and not predicted.any():
        return float("nan"), float("nan"), float("nan")  # nothing to find and nothing found: no score
    recall, precision = hit / max(gold.sum(), 1), hit / max(predicted.sum(), 1)
    return recall, precision, 2 * recall * precision / (recall + precision) if hit else 0.0


def measure_coverage(paths: Sequence[Path], grader: Grader) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Every (answer, main point) pair of coverage label files (evals/coverage/, see scripts/eval_coverage.py):
    the "covered" features, the label, and the answer's question (for folds by question)."""
    x, y, questions = [], [], []
    main_points = lambda qid: coverage.main_points(grader.guide.question(qid))[0]
    for case in (c for path in paths for c in eval_cases.load_coverage(path, main_points)):
        a = grader.analyse(case["question_id"], case["answer"])
        labels = main_points(case["question_id"])
        best = a.point_sims.max(axis=0) if len(a.point_sims) else np.zeros(len(labels))
        for j, label in enumerate(labels):
            x.append(flag_model.covered_features(float(best[j])))
            y.append(float(label in case["covered"]))
            questions.append(case["question_id"])
    return np.array(x), np.array(y), questions


def coverage_folds(paths: Sequence[Path], grader: Grader) -> dict[str, Data]:
    """The coverage training files as four folds of eight questions each (Q1-Q8, Q9-Q16, …), for choosing C."""
    x, y, questions = measure_coverage(paths, grader)
    fold = np.array([(int(q[1:]) - 1) // 8 for q in questions])
    return {f"coverage Q{8 * k + 1}-Q{8 * k + 8}": {"covered": (x[fold == k], y[fold == k])} for k in range(4)}


def choose(flag: str, train: dict[str, Data], name: str) -> tuple[flag_model.FlagModel, float, dict[str, float]]:
    """C from C_GRID by the mean F1 of each fold (a training split) predicted by a model fitted on the others."""
    folds = list(train)
    search = {}
    for c in C_GRID:
        f1 = []
        for held in folds:
            rest = [n for n in folds if n != held]
            model = flag_model.fit(flag, np.concatenate([train[n][flag][0] for n in rest]),
                                   np.concatenate([train[n][flag][1] for n in rest]), c, name)
            f1.append(scores(model, *train[held][flag])[2])
        search[f"C={c}"] = round(float(np.nanmean(f1)), 4)
        print(f"{flag:8s} C {c:<5} leave-one-split-out F1 {np.nanmean(f1):.3f} ({' '.join(f'{v:.2f}' for v in f1)})")
    best = max(C_GRID, key=lambda v: search[f"C={v}"])
    model = flag_model.fit(flag, np.concatenate([train[n][flag][0] for n in folds]),
                           np.concatenate([train[n][flag][1] for n in folds]), best, name)
    return model, best, search


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report the saved models on every split; write nothing")
    args = parser.parse_args()
    embedder = get_embedder()
    grader = Grader(load_guide(next(DEFAULT_CORPUS.glob("*.md"))), embedder)
    start = time.perf_counter()
    # "covered" first: the main points it covers feed the "five" measurements of the splits below.
    cover_train = coverage_folds(COVERAGE_TRAIN, grader)
    x, y, _ = measure_coverage([COVERAGE_VALIDATE], grader)
    cover_validate = {"coverage dev": {"covered": (x, y)}}
    models, meta = [], {}
    model = fit_or_load("covered", cover_train, embedder.name, args.check, meta)
    models.append(model)
    report("covered", model, cover_train, cover_validate, meta)
    # The splits are graded with this "covered" model (the Grader reads the saved file otherwise).
    grader._index_cache = replace(grader._index(), flags={**grader._index().flags, "covered": model})
    train = {n: measure(n, grader) for n in TRAIN}
    validate = {n: measure(n, grader) for n in VALIDATE if (ROOT / "evals" / n / "answers.jsonl").is_file()}
    # blame also learns from the splits written at its boundary (BLAME_TRAIN), and is reported on BLAME_VALIDATE
    blame_train = {**train, **{n: measure(n, grader) for n in BLAME_TRAIN}}
    blame_validate = {**validate, **{n: measure(n, grader) for n in BLAME_VALIDATE}}
    print(f"measured {len(train) + len(validate)} splits and the coverage labels in {time.perf_counter() - start:.0f}s")
    for flag in (f for f in flag_model.FEATURES if f != "covered"):
        on, off = (blame_train, blame_validate) if flag == "blame" else (train, validate)
        model = fit_or_load(flag, on, embedder.name, args.check, meta)
        models.append(model)
        report(flag, model, on, off, meta)
    if args.check:
        return
    fitted_on = [f"evals/{n}/answers.jsonl sha256:"
                 f"{hashlib.sha256((ROOT / 'evals' / n / 'answers.jsonl').read_bytes()).hexdigest()[:16]}"
                 for n in (*TRAIN, *BLAME_TRAIN)]
    fitted_on += [f"{path.relative_to(ROOT)} sha256:{hashlib.sha256(path.read_bytes()).hexdigest()[:16]}"
                  for path in COVERAGE_TRAIN]
    flag_model.MODEL_FILE.write_text(flag_model.to_json(
        models, fitted_on=fitted_on, fits=meta, made_by="scripts/train_flag_models.py"), encoding="utf-8")
    print(f"wrote {flag_model.MODEL_FILE}")


def fit_or_load(flag: str, train: dict[str, Data], name: str, check: bool, meta: dict) -> flag_model.FlagModel:
    if check:
        model = flag_model.load(flag, name)
        if model is None:
            sys.exit(f"no {flag} model for {name} in {flag_model.MODEL_FILE}")
        return model
    model, c, search = choose(flag, train, name)
    meta[flag] = {"C": c, "search": search}
    return model


def report(flag: str, model: flag_model.FlagModel, train: dict[str, Data], validate: dict[str, Data],
           meta: dict) -> None:
    for name, data in {**train, **validate}.items():
        r, p, f = scores(model, *data[flag])
        meta.setdefault(flag, {}).setdefault("scores", {})[name] = {"recall": None if np.isnan(r) else round(r, 3),
                                                               "precision": None if np.isnan(p) else round(p, 3)}
        role = "train" if name in train else "validation, not fitted"
        print(f"{flag:8s} {name:6s} ({role}): recall {r:.2f} precision {p:.2f} F1 {f:.2f}")


if __name__ == "__main__":
    main()
