"""Score a grader and a retriever against labelled cases (evals/SCHEMA.md) and report the numbers.

Loads `answers.jsonl` / `retrieval.jsonl`, runs the grade and search callables it is handed over every
case, and computes the SCHEMA metrics with pure functions: STAR precision/recall/F1 and macro-F1,
Spearman / within-one / exact agreement on the overall grade, on-topic accuracy, red-flag recall and
precision, retrieval recall@1, recall@3 and MRR. `run_eval` returns (and can write) the SCHEMA report,
with the naive baselines of `eval_baselines` beside it; `eval_table.format_table` renders it as plain text.

The files are read by eval_cases.py; a flag SCHEMA.md does not define is counted apart, not scored, and a question
the guide lacks is an EvalDataError before anything is graded.

It does not grade, embed or search by itself: the grader, the store and the embedder come in as
callables, so this module imports none of them and the runner is tested with fakes. An undefined
metric (a flag nobody labelled, a precision with no predictions, a Spearman over constant grades)
is None (JSON null), never a made-up 0.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from interviewer.eval_cases import (
    AnswerCase,
    EvalDataError,
    RetrievalCase,
    canonical_qid,
    load_answers,
    load_retrieval,
)
from interviewer.models import RED_FLAGS, STAR_PARTS, Grade, RedFlag

GradeFn = Callable[[str, str], Grade]
"""grade(question_id, answer) -> Grade, e.g. `Grader(guide, embedder).grade`."""
SearchFn = Callable[[str, int], list[str]]
"""search(query, k) -> question ids, best first, e.g. `lambda q, k: [h.question_id for h in store.search(q, k)]`."""
EmbedFn = Callable[[Sequence[str]], np.ndarray]
"""embed(texts) -> L2-normalised rows, e.g. `get_embedder().embed`."""

SEARCH_K = 10
"""How many hits each retrieval query asks for: MRR counts a question found below rank 10 as missed."""
REPORTED_FLAGS: tuple[RedFlag, ...] = ("blame", "rambling", "vague", "too_short")
"""Flags always reported; the others (arrogance) only when some case labels or predicts them."""


# --- pure metrics -------------------------------------------------------------------------------


def _ratio(num: float, den: float) -> float | None:
    return None if den == 0 else num / den


def _mean(values: Sequence[float | bool] | np.ndarray) -> float | None:
    return None if len(values) == 0 else float(np.mean(np.asarray(values, dtype=float)))


def precision_recall_f1(gold: Sequence[bool], predicted: Sequence[bool]) -> dict[str, float | None]:
    """Binary detection scores. Precision is None with no predictions, recall None with no positives;
    F1 = 2TP / (2TP + FP + FN), None only when there is neither a positive nor a prediction."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} labels but {len(predicted)} predictions")
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    fp = sum(p and not g for g, p in zip(gold, predicted, strict=True))
    fn = sum(g and not p for g, p in zip(gold, predicted, strict=True))
    return {
        "precision": _ratio(tp, tp + fp),
        "recall": _ratio(tp, tp + fn),
        "f1": _ratio(2 * tp, 2 * tp + fp + fn),
    }


def macro_f1(per_part: Mapping[str, Mapping[str, float | None]]) -> float | None:
    """Mean F1 over the parts whose F1 is defined."""
    return _mean([s["f1"] for s in per_part.values() if s["f1"] is not None])


def average_ranks(values: Sequence[float]) -> np.ndarray:
    """1-based ranks; tied values share the mean of the ranks they span ([10, 20, 20] -> [1, 2.5, 2.5])."""
    _, inverse, counts = np.unique(np.asarray(values, dtype=float), return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return ((ends - counts + 1 + ends) / 2.0)[inverse]


def spearman(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Spearman's rho as Pearson's r of average ranks (as scipy.stats.spearmanr); None when undefined
    (fewer than two pairs, or either side constant)."""
    if len(x) != len(y):
        raise ValueError(f"{len(x)} values against {len(y)}")
    if len(x) < 2:
        return None
    rx, ry = average_ranks(x), average_ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    den = float(np.sqrt((rx @ rx) * (ry @ ry)))
    return None if den == 0 else float((rx @ ry) / den)


def grade_agreement(gold: Sequence[int], predicted: Sequence[int]) -> dict[str, float | None]:
    """Spearman, share within one grade, exact share."""
    diff = np.abs(np.asarray(gold, dtype=int) - np.asarray(predicted, dtype=int))
    return {"spearman": spearman(gold, predicted), "within_one": _mean(diff <= 1), "exact": _mean(diff == 0)}


def accuracy(gold: Sequence[bool], predicted: Sequence[bool]) -> float | None:
    return _mean([g == p for g, p in zip(gold, predicted, strict=True)])


def flag_scores(gold: Sequence[Sequence[str]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Recall and precision for each reported flag: blame, rambling, vague, too_short always, any other
    flag (arrogance) only when some case labels or predicts it."""
    seen = {f for flags in (*gold, *predicted) for f in flags}
    reported = [f for f in RED_FLAGS if f in REPORTED_FLAGS or f in seen]
    out: dict[str, Any] = {}
    for flag in reported:
        s = precision_recall_f1([flag in g for g in gold], [flag in p for p in predicted])
        out[flag] = {"recall": s["recall"], "precision": s["precision"]}
    return out


def rank_of(gold: str, ranked: Sequence[str]) -> int | None:
    """1-based rank of the gold question among the distinct ids of `ranked`; None if absent."""
    distinct = list(dict.fromkeys(canonical_qid(q) for q in ranked))
    target = canonical_qid(gold)
    return distinct.index(target) + 1 if target in distinct else None


def retrieval_metrics(gold: Sequence[str], ranked: Sequence[Sequence[str]]) -> dict[str, Any]:
    """n, recall@1, recall@3 and mean reciprocal rank (0 for a question not retrieved at all)."""
    ranks = [rank_of(g, r) for g, r in zip(gold, ranked, strict=True)]
    return {
        "n": len(ranks),
        "recall_at_1": _mean([r is not None and r <= 1 for r in ranks]),
        "recall_at_3": _mean([r is not None and r <= 3 for r in ranks]),
        "mrr": _mean([0.0 if r is None else 1.0 / r for r in ranks]),
    }


# --- running ------------------------------------------------------------------------------------


def _predicted(grade: Grade) -> dict[str, Any]:
    return {
        **{part: grade.star[part].present for part in STAR_PARTS},
        "on_topic": grade.on_topic,
        "overall": grade.overall,
        "red_flags": sorted(grade.red_flags),
    }


def evaluate_answers(
    cases: Sequence[AnswerCase], grade: GradeFn, details: list[dict[str, Any]] | None = None, progress: bool = False
) -> dict[str, Any]:
    """Grade every case and return the SCHEMA "answers" section; per-case records go to `details`; `progress` shows
    a bar on stderr."""
    from tqdm import tqdm

    grades: list[Grade] = []
    total = 0.0
    for case in tqdm(cases, desc="grading", unit="answer", disable=not progress, leave=False):
        start = time.perf_counter()
        try:
            g = grade(case.question_id, case.answer)
        except Exception as e:
            raise RuntimeError(f"grading case {case.id!r} ({case.question_id}) failed: {e}") from e
        seconds = time.perf_counter() - start
        total += seconds
        grades.append(g)
        if details is not None:
            labels = case.labels.model_dump()
            labels["red_flags"] = sorted(labels["red_flags"])
            predicted = _predicted(g)
            details.append(
                {
                    "set": "answers",
                    "id": case.id,
                    "question_id": case.question_id,
                    "labels": labels,
                    "predicted": predicted,
                    "mismatches": [k for k in labels if labels[k] != predicted[k]],
                    "reasons": g.reasons,
                    "seconds": round(seconds, 4),
                }
            )
    labels = [c.labels for c in cases]
    star = {
        part: precision_recall_f1(
            [getattr(lab, part) for lab in labels], [g.star[part].present for g in grades]
        )
        for part in STAR_PARTS
    }
    return {
        "n": len(cases),
        "star": {**star, "macro_f1": macro_f1(star)},
        "overall": grade_agreement([lab.overall for lab in labels], [g.overall for g in grades]),
        "on_topic": {"accuracy": accuracy([lab.on_topic for lab in labels], [g.on_topic for g in grades])},
        "red_flags": flag_scores([lab.red_flags for lab in labels], [g.red_flags for g in grades]),
        "seconds_per_answer": _ratio(total, len(cases)),
        **({"unknown_flags": dict(sorted(unknown.items()))}
           if (unknown := Counter(f for lab in labels for f in lab.unknown_flags)) else {}),
    }


def _check_questions(path: str | Path, cases: Sequence[AnswerCase | RetrievalCase],
                     questions: Mapping[str, str] | None) -> None:
    """Raise EvalDataError, before anything is graded, when a case names a question the guide does not have."""
    if questions is None:
        return
    unknown = [f"{c.id} ({c.question_id})" for c in cases if c.question_id not in questions]
    if unknown:
        ids = list(questions)
        raise EvalDataError(f"{path}: {len(unknown)} case(s) name a question the guide does not have: "
                            f"{', '.join(unknown[:5])}{' …' if len(unknown) > 5 else ''}; it has {ids[0]}…{ids[-1]}")


def evaluate_retrieval(
    cases: Sequence[RetrievalCase], search: SearchFn, details: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """Search every query and return the SCHEMA "retrieval" section; per-case records go to `details`."""
    ranked = [search(case.query, SEARCH_K) for case in cases]
    if details is not None:
        for case, ids in zip(cases, ranked, strict=True):
            details.append(
                {
                    "set": "retrieval",
                    "id": case.id,
                    "query": case.query,
                    "question_id": case.question_id,
                    "ranked": list(ids),
                    "rank": rank_of(case.question_id, ids),
                }
            )
    return retrieval_metrics([c.question_id for c in cases], ranked)


def run_eval(
    answers_path: str | Path | None,
    retrieval_path: str | Path | None,
    grade: GradeFn | None,
    search: SearchFn | None,
    grader_name: str,
    *,
    details_path: str | Path | None = None,
    embed: EmbedFn | None = None,
    reference_text: Callable[[str], str] | None = None,
    questions: Mapping[str, str] | None = None,
    with_stability: bool = False,
    paraphrases_path: str | Path | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """The SCHEMA report: {"answers", "retrieval", "grader"} (a part absent when its file is not given),
    plus "baseline" (word count always; reference cosine with `embed` + `reference_text`; question-only
    dense retrieval with `embed` + `questions`). Writes the per-case predictions, one JSON object a
    line, to `details_path` when given; the caller prints `format_table(report)` and saves the report.
    `with_stability` adds "stability": how far typos and a transcript rendering move each grade, and
    `paraphrases_path` (paraphrases of the answers, stability.py) how far a paraphrase moves it. `progress` shows
    a bar on stderr while the answers are graded."""
    # Imported here: these build on this module's metrics and loaders, so a top-level import would be circular.
    from interviewer.eval_baselines import baseline_answers, baseline_retrieval
    from interviewer.stability import load_paraphrases, stability

    if answers_path is None and retrieval_path is None:
        raise ValueError("nothing to evaluate: give an answers file, a retrieval file, or both")
    if paraphrases_path is not None and answers_path is None:
        raise ValueError("paraphrases are compared with the answers they rephrase: give the answers file too")
    report: dict[str, Any] = {}
    baseline: dict[str, Any] = {}
    details: list[dict[str, Any]] = []
    if answers_path is not None:
        if grade is None:
            raise ValueError("an answers file needs a grade function")
        answer_cases = load_answers(answers_path)
        _check_questions(answers_path, answer_cases, questions)
        paraphrases = load_paraphrases(paraphrases_path, answer_cases) if paraphrases_path is not None else None
        report["answers"] = evaluate_answers(answer_cases, grade, details, progress=progress)
        baseline["answers"] = baseline_answers(answer_cases, embed, reference_text)
        if with_stability or paraphrases is not None:
            graded = [d["predicted"]["overall"] for d in details if d["set"] == "answers"]
            report["stability"] = stability(answer_cases, grade, graded, perturbations=with_stability,
                                            paraphrases=paraphrases, details=details)
    if retrieval_path is not None:
        if search is None:
            raise ValueError("a retrieval file needs a search function")
        retrieval_cases = load_retrieval(retrieval_path)
        _check_questions(retrieval_path, retrieval_cases, questions)
        report["retrieval"] = evaluate_retrieval(retrieval_cases, search, details)
        if embed is not None and questions is not None:
            baseline["retrieval"] = baseline_retrieval(retrieval_cases, embed, questions)
    report["grader"] = grader_name
    report["baseline"] = baseline
    if details_path is not None:
        Path(details_path).parent.mkdir(parents=True, exist_ok=True)
        with Path(details_path).open("w", encoding="utf-8") as f:
            f.writelines(json.dumps(record) + "\n" for record in details)
    return report
