"""How far a grade moves when an answer changes in ways that must not matter: typos and a speech-transcript
rendering (made by perturb.py), and paraphrases written by people (evals/paraphrase/).

A paraphrase file is JSON Lines in its own format (SCHEMA.md has none), one paraphrase a line:
{"id", "paraphrase_of", "question_id", "answer"}. `paraphrase_of` names an answer in the answers file it goes
with, and `question_id` must be that answer's question: the same candidate telling the same story in other
words, every fact, flaw and strength kept, so it deserves the same grade. For each kind of change the report
gives how many answers were changed, the share graded the same, and the share within one grade (the bar: a typo
or a paraphrase moves a grade by no more than one).

It does not grade by itself (the grade function comes in), change text (perturb.py) or render the table
(eval_table.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from interviewer import perturb
from interviewer.eval_cases import AnswerCase, EvalDataError, load_jsonl
from interviewer.evaluate import GradeFn


class ParaphraseCase(BaseModel):
    """One line of a paraphrase file."""

    model_config = ConfigDict(extra="ignore")

    id: str
    paraphrase_of: str
    question_id: str
    answer: str


def load_paraphrases(path: str | Path, answers: Sequence[AnswerCase]) -> list[ParaphraseCase]:
    """Read a paraphrase file and check each line against `answers`: the answer it rephrases must be there, with
    the same question. A bad line raises EvalDataError naming file:line."""
    cases = load_jsonl(path, ParaphraseCase)
    known = {a.id: a.question_id for a in answers}
    for number, case in enumerate(cases, start=1):
        if case.paraphrase_of not in known:
            raise EvalDataError(f"{path}: paraphrase {case.id} (entry {number}) rephrases {case.paraphrase_of}, "
                                f"which is not in the answers file")
        if known[case.paraphrase_of] != case.question_id:
            raise EvalDataError(f"{path}: paraphrase {case.id} (entry {number}) answers {case.question_id}, but "
                                f"{case.paraphrase_of} answers {known[case.paraphrase_of]}")
    return cases


def moved(before: Sequence[int], after: Sequence[int]) -> dict[str, Any]:
    """{"n", "unchanged", "within_one"} for grades before and after a change (None when nothing was changed)."""
    steps = [abs(a - b) for a, b in zip(after, before, strict=True)]
    share = lambda ok: sum(ok) / len(steps) if steps else None
    return {"n": len(steps), "unchanged": share([s == 0 for s in steps]), "within_one": share([s <= 1 for s in steps])}


_PERTURBATIONS: dict[str, Callable[[AnswerCase], str]] = {
    "typos": lambda c: perturb.typos(c.answer, c.id),
    "transcript": lambda c: perturb.transcript(c.answer),
}


def stability(cases: Sequence[AnswerCase], grade: GradeFn, base: Sequence[int] | None = None, *,
              perturbations: bool = True, paraphrases: Sequence[ParaphraseCase] | None = None,
              details: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """How far changes move the grade: each answer graded as given (`base`, when the caller has graded them
    already), then with typos and as a speech transcript (`perturbations`), and each of `paraphrases` beside the
    answer it rephrases. Per-paraphrase records ({"set": "paraphrase", ...}) go to `details`."""
    if base is None:
        base = [grade(c.question_id, c.answer).overall for c in cases]
    out: dict[str, Any] = {}
    if perturbations:
        for name, change in _PERTURBATIONS.items():
            out[name] = moved(base, [grade(c.question_id, change(c)).overall for c in cases])
    if paraphrases is not None:
        given = {c.id: b for c, b in zip(cases, base, strict=True)}
        before = [given[p.paraphrase_of] for p in paraphrases]
        after = [grade(p.question_id, p.answer).overall for p in paraphrases]
        out["paraphrase"] = moved(before, after)
        if details is not None:
            details.extend({"set": "paraphrase", "id": p.id, "paraphrase_of": p.paraphrase_of, "original": b,
                            "paraphrase": a} for p, b, a in zip(paraphrases, before, after, strict=True))
    return out
