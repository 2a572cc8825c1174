"""Read labelled-case files: SCHEMA.md's answers.jsonl and retrieval.jsonl, and evals/coverage/'s own format.

Other writers' files are read as SCHEMA.md means them: a byte-order mark and Windows line ends, "q07", "7" or 7 for Q7,
"Behavioural" for behavioral, a flag's name in any case or with a space or hyphen ("Too short"), a list of flags
given as one string; a flag SCHEMA.md does not define is set apart (counted by the evaluator, not scored). A line
that still does not fit is an EvalDataError naming the file and line. It does not grade or score anything: that is
evaluate.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from interviewer.models import RED_FLAGS, Kind, RedFlag


class EvalDataError(ValueError):
    """A labelled-case file that cannot be read: the message names the file and line."""


class AnswerLabels(BaseModel):
    model_config = ConfigDict(extra="ignore")

    situation: bool
    task: bool
    action: bool
    result: bool
    on_topic: bool
    overall: int = Field(ge=1, le=5)
    red_flags: list[RedFlag] = Field(default_factory=list)
    unknown_flags: list[str] = Field(default_factory=list, exclude=True)
    """Flags SCHEMA.md does not define (say "ownership"): kept out of red_flags and not scored, only counted."""

    @model_validator(mode="before")
    @classmethod
    def _sort_flags(cls, data: Any) -> Any:
        """Read a flag as SCHEMA.md names it whatever its case or separator ("Too short", "too-short"), a list given
        as one string ("vague, too_short") or null as none; set apart the names it does not define rather than reject
        the whole file (what is not a name still fails)."""
        if not isinstance(data, dict) or "red_flags" not in data:
            return data
        flags = data["red_flags"]
        if flags is None:
            flags = []
        elif isinstance(flags, str):
            flags = [f for f in flags.split(",") if f.strip()]
        if not isinstance(flags, list):
            return data
        names = [re.sub(r"[\s-]+", "_", f.strip().lower()) if isinstance(f, str) else f for f in flags]
        unknown = [f for f in names if isinstance(f, str) and f not in RED_FLAGS]
        return {**data, "red_flags": [f for f in names if f not in unknown], "unknown_flags": unknown}


class AnswerCase(BaseModel):
    """One line of answers.jsonl."""

    model_config = ConfigDict(extra="ignore")

    id: str
    question_id: str
    question: str = ""
    kind: Kind | None = None
    answer: str
    labels: AnswerLabels

    @field_validator("question_id", mode="before")
    @classmethod
    def _guide_id(cls, qid: Any) -> Any:
        return _as_guide_id(qid)

    @field_validator("kind", mode="before")
    @classmethod
    def _kind(cls, kind: Any) -> Any:
        """Informative only (nothing is scored by it): "Behavioural" reads as behavioral, an unknown kind as none."""
        if not isinstance(kind, str):
            return kind
        kind = kind.strip().lower().replace("behavioural", "behavioral")
        return kind if kind in ("behavioral", "technical") else None


class RetrievalCase(BaseModel):
    """One line of retrieval.jsonl."""

    model_config = ConfigDict(extra="ignore")

    id: str
    query: str
    question_id: str

    @field_validator("question_id", mode="before")
    @classmethod
    def _guide_id(cls, qid: Any) -> Any:
        return _as_guide_id(qid)


_Case = TypeVar("_Case", bound=BaseModel)


def load_jsonl(path: str | Path, model: type[_Case]) -> list[_Case]:
    """Read a JSON Lines file of `model` records; blank lines are skipped, a bad line raises EvalDataError naming
    file:line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()  # -sig: a byte-order mark is not JSON
    except OSError as e:
        raise EvalDataError(f"cannot read {path}: {e.strerror or e}") from e
    cases: list[_Case] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            cases.append(model.model_validate_json(line))
        except ValidationError as e:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in err['loc']) or 'line'}: {err['msg']}" for err in e.errors()
            )
            raise EvalDataError(
                f"{path}:{number}: not a valid {model.__name__} ({problems}); see evals/SCHEMA.md"
            ) from e
    return cases


def load_answers(path: str | Path) -> list[AnswerCase]:
    """Read answers.jsonl; blank lines are skipped, a bad line raises EvalDataError naming file:line."""
    return load_jsonl(path, AnswerCase)


def load_retrieval(path: str | Path) -> list[RetrievalCase]:
    """Read retrieval.jsonl; blank lines are skipped, a bad line raises EvalDataError naming file:line."""
    return load_jsonl(path, RetrievalCase)


def load_coverage(path: str | Path, main_points: Callable[[str], list[str]]) -> list[dict[str, Any]]:
    """Read a key-point coverage file (evals/coverage/, its own format: SCHEMA.md has no such labels): one answer per
    line, {"id", "question_id", "answer", "covered": [...], "missed": [...]}, where covered and missed together name
    each of `main_points(question_id)` once. A bad line raises EvalDataError naming file:line."""
    cases = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
            points = main_points(case["question_id"])
            named = [*case["covered"], *case["missed"]]
        except (ValueError, KeyError, TypeError) as e:
            raise EvalDataError(f"{path}:{n}: {e}") from e
        if sorted(named) != sorted(points):
            raise EvalDataError(f"{path}:{n}: covered + missed must name each main point of {case['question_id']} "
                                f"once: {points}")
        cases.append(case)
    return cases


def _as_guide_id(qid: Any) -> Any:
    """A file's question id, a string or a bare number, as the guide spells it; anything else is left for the
    model's own error."""
    return canonical_qid(str(qid)) if isinstance(qid, (str, int)) and not isinstance(qid, bool) else qid


def canonical_qid(qid: str) -> str:
    """The guide's id for a question id as a store or a file may spell it: "q07", "Q 7", "question 7" or 7 -> "Q7"."""
    m = re.fullmatch(r"(?:q(?:uestion)?[\s_#.-]*)?0*(\d+)", qid.strip(), re.IGNORECASE)
    return f"Q{m.group(1)}" if m else qid.strip()
