"""scripts/train_flag_models.py: the vague model is fitted on the features the grader gives it when grading."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from interviewer import flag_model
from interviewer.grading import Grader

ANSWER = "I restarted the failed Airflow DAG and told my manager."


def test_vague_features_of_a_too_short_answer_are_the_graders_own(
        grader: Grader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A too-short answer's grade reports no STAR part, but the grader's vague model reads the parts it detects;
    the fit must see the same, or a refit learns from features the grader never gives it."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "scripts"))
    import train_flag_models

    labels = {"situation": False, "task": False, "action": True, "result": False, "on_topic": True, "overall": 1,
              "red_flags": ["too_short"]}
    case = {"id": "s-1", "question_id": "Q17", "question": "q", "kind": "technical", "answer": ANSWER,
            "labels": labels}
    (tmp_path / "evals" / "s").mkdir(parents=True)
    (tmp_path / "evals" / "s" / "answers.jsonl").write_text(json.dumps(case) + "\n", encoding="utf-8")
    monkeypatch.setattr(train_flag_models, "ROOT", tmp_path)

    seen: list[np.ndarray] = []
    original = flag_model.vague_features

    def recorded(*args: object) -> np.ndarray:
        seen.append(original(*args))
        return seen[-1]

    monkeypatch.setattr(flag_model, "vague_features", recorded)
    grade = grader.decide(grader.analyse("Q17", ANSWER), {"borderline_logit": 0.0})
    graded = seen[0]
    assert "too_short" in grade.red_flags and not any(part.present for part in grade.star.values())
    star_parts = flag_model.FEATURES["vague"].index("star_parts")
    assert graded[star_parts] >= 1  # the grader detects an action (and reads it), though the grade reports none

    fitted = train_flag_models.measure("s", grader)["vague"][0]
    assert len(fitted) == 1
    np.testing.assert_array_equal(fitted[0], graded)
