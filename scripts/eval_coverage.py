"""Measure reference coverage: how well the grader marks each main point of the guide's answer covered or missed.

    $ .venv/bin/python scripts/eval_coverage.py                       # every evals/coverage/*.jsonl
    $ .venv/bin/python scripts/eval_coverage.py evals/coverage/dev.jsonl --details

SCHEMA.md has no key-point labels, so these files have their own format, one answer per line:
{"id", "question_id", "answer", "covered": [heading, ...], "missed": [heading, ...]}, where covered and missed
together name every main point the grader lists for that question (`coverage.main_points`), by its heading. Each
answer is graded as in an interview (`Grader.grade`) and every (answer, point) pair is one judgment: precision,
recall and F1 of "covered", and accuracy, beside a word-overlap baseline (covered when the answer contains any
content word of the heading, stemmed), so the margin of matching by meaning is visible.

It reads only the files it is given; it fits nothing.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from interviewer import coverage, eval_cases, evaluate, lexical
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.settings import DEFAULT_CORPUS


def word_overlap(heading: str, answer: str) -> bool:
    """The baseline: a content word of the heading (stemmed, as retrieval does) appears in the answer."""
    return bool(set(lexical.terms(heading)) & set(lexical.terms(answer)))


def score(gold: list[bool], predicted: list[bool]) -> dict[str, float | None]:
    return {**evaluate.precision_recall_f1(gold, predicted), "accuracy": evaluate.accuracy(gold, predicted)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="coverage label files (default: evals/coverage/*.jsonl)")
    parser.add_argument("--details", action="store_true", help="print every wrong judgment")
    args = parser.parse_args()
    guide = load_guide(next(DEFAULT_CORPUS.glob("*.md")))
    grader = Grader(guide, get_embedder())
    for path in args.files or sorted((ROOT / "evals" / "coverage").glob("*.jsonl")):
        gold, ours, base = [], [], []
        for case in eval_cases.load_coverage(path, lambda qid: coverage.main_points(guide.question(qid))[0]):
            grade = grader.grade(case["question_id"], case["answer"])
            for point in case["covered"] + case["missed"]:
                truth, found = point in case["covered"], point in grade.key_points.covered
                gold.append(truth)
                ours.append(found)
                base.append(word_overlap(point, case["answer"]))
                if args.details and truth != found:
                    print(f"  {case['id']} {case['question_id']} {point!r}: labelled {truth}, graded {found}")
        row = lambda s: " ".join(f"{k} {v:.3f}" if v is not None else f"{k} n/a" for k, v in s.items())
        print(f"{path.name}: {len(gold)} judgments, {sum(gold)} covered")
        print(f"  ours          {row(score(gold, ours))}")
        print(f"  word overlap  {row(score(gold, base))}")


if __name__ == "__main__":
    main()
