"""The learned vague and rambling flags: fitting, the shipped file, their reasons in a grade, the rules without them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from interviewer import flag_model
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader

GUIDE = Path(__file__).resolve().parent.parent / "corpus" / "senior-data-engineer-ai-round-guide.md"
GENERIC = ("I usually try to make sure pipelines are reliable. In general you should test things and talk to "
           "people. It depends on the situation, but best practices matter and I would always keep an eye on things.")
STORY = ("At my last company our nightly Airflow load into Snowflake failed twice a week. My job was to make it "
         "reliable. I added retries, a sensor for late files and dbt tests on the keys. As a result failures went "
         "from two a week to zero and the runtime dropped from 3 hours to 40 minutes.")


def _answers(seed: int, n: int = 200) -> tuple[np.ndarray, np.ndarray]:
    """Answers whose vagueness follows how many sentences tell a story (column 1), with noise elsewhere."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, len(flag_model.FEATURES["vague"])))
    x[:, 1] = rng.integers(0, 6, size=n)
    return x, (x[:, 1] < 2).astype(float)


def test_features_follow_the_declared_order() -> None:
    x = flag_model.vague_features(99, 3, 1, 0, 2, True, 4, 5.5, [9.0, -1.0, 0.5, -9.0], 2, False)
    assert len(x) == len(flag_model.FEATURES["vague"])
    named = dict(zip(flag_model.FEATURES["vague"], x))
    assert named["log_words"] == pytest.approx(np.log(100))
    assert named["story_sentences_upto_2"] == 2 and named["too_short"] == 1.0
    assert named["situation_logit"] == 6.0 and named["result_logit"] == -6.0  # clipped


def test_fit_learns_the_rule_behind_the_labels_and_is_deterministic(tmp_path: Path) -> None:
    x, y = _answers(0)
    model = flag_model.fit("vague", x, y, c=1.0, embedding_model="m")
    test_x, test_y = _answers(1)
    predicted = np.array([model.probability(row) >= 0.5 for row in test_x])
    assert (predicted == test_y.astype(bool)).mean() >= 0.95
    again = flag_model.fit("vague", x, y, c=1.0, embedding_model="m")
    assert np.array_equal(model.weights, again.weights)
    path = tmp_path / "vague.json"
    path.write_text(flag_model.to_json([model]), encoding="utf-8")
    loaded = flag_model.load("vague", "m", path)
    assert loaded is not None and loaded.probability(test_x[0]) == pytest.approx(model.probability(test_x[0]), abs=1e-5)
    assert flag_model.load("vague", "other", path) is None
    assert flag_model.load("rambling", "m", path) is None
    with pytest.raises(ValueError):
        flag_model.fit("vague", np.zeros((0, len(flag_model.FEATURES["vague"]))), np.zeros(0), c=1.0)


def test_shipped_models_match_this_embedder_and_were_fitted_on_training_splits_only() -> None:
    for flag in ("vague", "rambling"):
        assert flag_model.load(flag, get_embedder().name) is not None
        assert flag_model.load(flag, "another-model") is None
    data = json.loads(flag_model.MODEL_FILE.read_text(encoding="utf-8"))
    assert {f: m["features"] for f, m in data["flags"].items()} == {f: list(v) for f, v in flag_model.FEATURES.items()}
    assert all(entry.startswith("evals/tune") for entry in data["fitted_on"])


def test_grade_explains_a_learned_vague_flag_and_falls_back_to_the_literal_rule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    guide = load_guide(GUIDE)
    learned = Grader(guide, get_embedder())
    generic = learned.grade("Q14", GENERIC)
    assert "vague" in generic.red_flags and generic.overall == 2
    assert any("learned score" in r and "tell what happened" in r for r in generic.reasons)
    assert "vague" not in learned.grade("Q14", STORY).red_flags
    monkeypatch.setattr(flag_model, "load", lambda *args, **kwargs: None)
    literal = Grader(guide, get_embedder())
    generic = literal.grade("Q14", GENERIC)
    assert "vague" in generic.red_flags
    assert any("no concrete example, numbers or named tools" in r for r in generic.reasons)
    assert "vague" not in literal.grade("Q14", STORY).red_flags


WANDERING = (
    "so um yeah when a job fails at night um that is a good question and basically you know i think the night "
    "jobs are like really important and um at my old job we had like a lot of airflow jobs at night and you know "
    "some of them failed at like two am and basically i got paged and um i think the main thing is like you "
    "have to you know look at the logs and um actually that reminds me of when we moved offices which was a whole "
    "thing but anyway um yeah so basically you just like rerun the failed job and you know tell people in the "
    "morning and um make sure that things are working and stuff like that and um yeah i think that is basically "
    "it you know night jobs fail and you have to look at the logs and rerun them and stuff"
)


def test_rambling_is_learned_and_explained_with_its_measurements(monkeypatch: pytest.MonkeyPatch) -> None:
    guide = load_guide(GUIDE)
    grade = Grader(guide, get_embedder()).grade("Q14", WANDERING)
    assert "rambling" in grade.red_flags and grade.flag_evidence["rambling"] in WANDERING
    assert any("rambling (learned score" in r and "filler words per 100" in r for r in grade.reasons)
    assert "rambling" not in Grader(guide, get_embedder()).grade("Q14", STORY).red_flags
    monkeypatch.setattr(flag_model, "load", lambda *args, **kwargs: None)
    rules = Grader(guide, get_embedder()).grade("Q14", WANDERING)
    assert not any("learned score" in r for r in rules.reasons if r.startswith(("- capped", "· also")))
