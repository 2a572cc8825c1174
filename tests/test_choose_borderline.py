"""scripts/choose_borderline.py: counting paraphrase pairs two apart and agreement with labels at each width."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest


def _case(case_id: str, overall: int) -> dict:
    labels = {"situation": True, "task": True, "action": True, "result": True, "on_topic": True,
              "overall": overall, "red_flags": []}
    return {"id": case_id, "question_id": "Q1", "question": "q", "kind": "behavioral", "answer": case_id,
            "labels": labels}


class _Grader:
    """Grades by the text: "a" answers 5 whatever the width; "b" answers 5, and "b-para" 3 unless the band is 1 or
    wider (then 4): one pair two apart at narrow widths, none at wide ones."""

    def analyse(self, question_id: str, answer: str) -> str:
        return answer

    def decide(self, answer: str, params: dict[str, float]) -> SimpleNamespace:
        if answer == "b-para":
            return SimpleNamespace(overall=4 if params["borderline_logit"] >= 1.0 else 3)
        return SimpleNamespace(overall=5)


def test_counts_pairs_two_apart_and_agreement_per_width(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "scripts"))
    import choose_borderline

    (tmp_path / "evals" / "s").mkdir(parents=True)
    (tmp_path / "evals" / "paraphrase").mkdir()
    (tmp_path / "evals" / "s" / "answers.jsonl").write_text(
        "\n".join(json.dumps(_case(i, g)) for i, g in (("a", 5), ("b", 4))) + "\n", encoding="utf-8")
    paraphrases = [{"id": f"{i}-p", "paraphrase_of": i, "question_id": "Q1", "answer": f"{i}-para"} for i in "ab"]
    (tmp_path / "evals" / "paraphrase" / "s.jsonl").write_text(
        "\n".join(json.dumps(p) for p in paraphrases) + "\n", encoding="utf-8")
    monkeypatch.setattr(choose_borderline, "ROOT", tmp_path)

    out = choose_borderline.measure(["s"], _Grader(), [0.5, 1.0])
    assert out[0.5]["two_apart"] == 1 and out[1.0]["two_apart"] == 0
    assert out[0.5]["pairs"] == out[1.0]["pairs"] == 2
    assert out[0.5]["exact"] == 0.5 and out[0.5]["within_one"] == 1.0  # "b" graded 5 against a label of 4


def test_sweeps_the_parameter_it_is_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--param blame_borderline_logit sweeps blame's own band, leaving borderline_logit to the grader."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "scripts"))
    import choose_borderline

    (tmp_path / "evals" / "s").mkdir(parents=True)
    (tmp_path / "evals" / "s" / "answers.jsonl").write_text(json.dumps(_case("a", 5)) + "\n", encoding="utf-8")
    monkeypatch.setattr(choose_borderline, "ROOT", tmp_path)
    seen: list[dict[str, float]] = []

    class Recording(_Grader):
        def decide(self, answer: str, params: dict[str, float]) -> SimpleNamespace:
            seen.append(params)
            return SimpleNamespace(overall=5)

    choose_borderline.measure(["s"], Recording(), [0.75, 1.25], "blame_borderline_logit")
    assert seen == [{"blame_borderline_logit": 0.75}, {"blame_borderline_logit": 1.25}]
