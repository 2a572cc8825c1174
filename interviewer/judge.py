"""A second opinion on a grade from the LLM, checked before it is shown; the offline grade stays the grade of record.

The model grades with the rubric in `prompts/judge.yaml` and answers with a `Judgement` (STAR parts with quotes,
key points covered, red flags, 1-5 with reasons). Every quote is checked against the answer: a quote that is not
in it is rejected, and a STAR part left without a quote counts as absent. Key points must be the reference's
own. A judgement more than one point away from the offline grade is shown as a disagreement with both sets of
reasons; nothing is averaged. `combine` is the one combination `interviewer eval --llm` measures.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer import prompts
from interviewer.llm import LLMError
from interviewer.models import STAR_PARTS, Grade, Judgement, Question, SecondOpinion, StarPart

if TYPE_CHECKING:
    from interviewer.llm import LLM

ROLE = "judge"
DISAGREEMENT = 1
"""Grades further apart than this are a disagreement."""
MAX_ANSWER_CHARS = 6000
_QUOTE_CHARS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-",
                              "\u2013": "-", "\u2026": "..."})


def second_opinion(llm: LLM, question: Question, answer: str, grade: Grade) -> SecondOpinion:
    """The model's checked judgement of `answer`; raises `LLMError` when the model gives none."""
    messages = prompts.messages(ROLE, "judge", question=question.text, kind=question.kind,
                                reference_points=question.key_points, answer=answer[:MAX_ANSWER_CHARS])
    raw = llm.structured(messages, Judgement)
    judgement, rejected = check(raw, answer, question.key_points)
    return SecondOpinion(
        judgement=judgement, rejected_quotes=rejected, offline_overall=grade.overall,
        disagrees=abs(judgement.overall - grade.overall) > DISAGREEMENT, model=llm.name,
        prompt=prompts.version(ROLE),
    )


def _norm(text: str) -> str:
    text = text.translate(_QUOTE_CHARS).lower()
    return " ".join(re.findall(r"[a-z0-9%$£€']+", text))


def check(judgement: Judgement, answer: str, key_points: list[str]) -> tuple[Judgement, list[str]]:
    """`judgement` with every quote not found in `answer` removed (and listed), and unknown key points dropped."""
    said = _norm(answer)
    star: dict = {}
    rejected: list[str] = []
    for part in STAR_PARTS:
        kept = []
        for quote in judgement.star.get(part, []):
            if _norm(quote) and _norm(quote) in said:
                kept.append(quote)
            else:
                rejected.append(quote)
        star[part] = kept
    known = {_norm(k): k for k in key_points}
    covered = [known[_norm(k)] for k in judgement.key_points_covered if _norm(k) in known]
    checked = judgement.model_copy(update={"star": star, "key_points_covered": list(dict.fromkeys(covered))})
    return checked, rejected


def describe(opinion: SecondOpinion, grade: Grade) -> str:
    """The opinion in a few lines for the candidate: agreement, or a disagreement with both reasons."""
    j = opinion.judgement
    head = f"Second opinion ({opinion.model}, {opinion.prompt}): {j.overall}/5"
    lines = []
    if opinion.disagrees:
        lines.append(f"{head}. It disagrees with the grade of record ({grade.overall}/5, offline grader); "
                     "the offline grade stands.")
        lines.append("Model's reasons: " + ("; ".join(j.reasons) or "none given"))
        lines.append("Offline grader's reasons: " + ("; ".join(grade.reasons) or "none given"))
    else:
        lines.append(f"{head}, within a point of the grade of record ({grade.overall}/5).")
        if j.reasons:
            lines.append("Model's reasons: " + "; ".join(j.reasons))
    if opinion.rejected_quotes:
        n = len(opinion.rejected_quotes)
        lines.append(f"{n} quote{'s' if n != 1 else ''} the model gave {'are' if n != 1 else 'is'} not in the "
                     "answer and were rejected.")
    return "\n".join(lines)


def combine(grade: Grade, opinion: SecondOpinion) -> Grade:
    """Offline grade and second opinion together, as `interviewer eval --llm` scores them: a STAR part is present
    when either finds it (the model only with a checked quote); the model may move the grade by one point,
    never more (a bigger gap is a disagreement, and the offline grade stands)."""
    j = opinion.judgement
    star = {p: grade.star[p] if grade.star[p].present or not j.star.get(p)
            else StarPart(present=True, evidence=j.star[p], reason="second opinion") for p in STAR_PARTS}
    overall = grade.overall if opinion.disagrees else j.overall
    return grade.model_copy(update={"star": star, "overall": overall,
                                    "grader": f"{grade.grader} + {opinion.model} ({opinion.prompt})"})


def as_grade(grade: Grade, opinion: SecondOpinion) -> Grade:
    """The model's judgement alone, in the shape of a `Grade` (on-topic and specifics kept from the offline one)."""
    j = opinion.judgement
    star = {p: StarPart(present=bool(j.star.get(p)), evidence=j.star.get(p, [])) for p in STAR_PARTS}
    return grade.model_copy(update={"star": star, "overall": j.overall, "red_flags": list(j.red_flags),
                                    "reasons": j.reasons, "grader": f"{opinion.model} ({opinion.prompt})"})


class EvalJudge:
    """The grade functions `interviewer eval --llm` scores beside the offline grader: `combined` (see `combine`)
    and `alone` (the model's judgement only). Each answer is graded and judged once; an answer the model fails
    to judge keeps its offline grade in both, and is counted in `failures`."""

    def __init__(self, grade: Callable[[str, str], Grade], llm: LLM, question: Callable[[str], Question]) -> None:
        self._grade, self.llm, self._question = grade, llm, question
        self._seen: dict[tuple[str, str], tuple[Grade, SecondOpinion | None]] = {}
        self.failures: list[str] = []

    def _judged(self, question_id: str, answer: str) -> tuple[Grade, SecondOpinion | None]:
        key = (question_id, answer)
        if key not in self._seen:
            grade = self._grade(question_id, answer)
            try:
                opinion: SecondOpinion | None = second_opinion(self.llm, self._question(question_id), answer, grade)
            except LLMError as e:
                self.failures.append(f"{question_id}: {e}")
                opinion = None
            self._seen[key] = (grade, opinion)
        return self._seen[key]

    def combined(self, question_id: str, answer: str) -> Grade:
        grade, opinion = self._judged(question_id, answer)
        return combine(grade, opinion) if opinion else grade

    def alone(self, question_id: str, answer: str) -> Grade:
        grade, opinion = self._judged(question_id, answer)
        return as_grade(grade, opinion) if opinion else grade

    def summary(self) -> dict[str, int]:
        opinions = [o for _, o in self._seen.values() if o is not None]
        return {"answers": len(self._seen), "judged": len(opinions), "failed": len(self.failures),
                "disagreements": sum(o.disagrees for o in opinions),
                "rejected_quotes": sum(len(o.rejected_quotes) for o in opinions)}


def run_llm_eval(answers: Path, grade: Callable[[str, str], Grade], llm: LLM, question: Callable[[str], Question],
                 grader_name: str) -> tuple[dict[str, object], str]:
    """`interviewer eval --llm`: the labelled answers scored as offline+LLM combined and as the LLM alone.
    Returns the report section and the tables to print."""
    from interviewer.eval_table import format_table
    from interviewer.evaluate import run_eval
    from interviewer.tokens import Metered

    model = Metered(llm)
    judge = EvalJudge(grade, model, question)
    name = f"{model.name} ({prompts.version(ROLE)})"
    report: dict[str, object] = {}
    text: list[str] = []
    for row, fn, label in (("combined", judge.combined, f"{grader_name} + {name}, combined"),
                           ("alone", judge.alone, f"{name} alone")):
        rows = run_eval(answers, None, fn, None, label)
        rows.pop("baseline", None)
        text.append(format_table(rows))
        report[row] = rows
    s = judge.summary()
    text.append(f"second opinions: {s['judged']} of {s['answers']} answers judged, {s['failed']} failed (offline "
                f"grade kept), {s['disagreements']} disagreements, {s['rejected_quotes']} quotes rejected; "
                f"{model.usage.prompt_tokens} prompt + {model.usage.completion_tokens} completion tokens")
    return {**report, "summary": s, "failures": judge.failures[:20], "usage": model.usage.model_dump()}, \
        "\n\n" + "\n\n".join(text)
