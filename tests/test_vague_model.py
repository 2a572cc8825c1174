"""The learned vague flag: fitting, the shipped file, its reason in a grade, and the literal rule without it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from interviewer import vague_model
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
    x = rng.normal(size=(n, len(vague_model.FEATURES)))
    x[:, 1] = rng.integers(0, 6, size=n)
    return x, (x[:, 1] < 2).astype(float)


def test_features_follow_the_declared_order() -> None:
    x = vague_model.features(99, 3, 1, 0, 2, True, 4, 5.5, [9.0, -1.0, 0.5, -9.0], 2, False)
    assert len(x) == len(vague_model.FEATURES)
    named = dict(zip(vague_model.FEATURES, x))
    assert named["log_words"] == pytest.approx(np.log(100))
    assert named["story_sentences_upto_2"] == 2 and named["too_short"] == 1.0
    assert named["situation_logit"] == 6.0 and named["result_logit"] == -6.0  # clipped


def test_fit_learns_the_rule_behind_the_labels_and_is_deterministic(tmp_path: Path) -> None:
    x, y = _answers(0)
    model = vague_model.fit(x, y, c=1.0, embedding_model="m")
    test_x, test_y = _answers(1)
    predicted = np.array([model.probability(row) >= 0.5 for row in test_x])
    assert (predicted == test_y.astype(bool)).mean() >= 0.95
    again = vague_model.fit(x, y, c=1.0, embedding_model="m")
    assert np.array_equal(model.weights, again.weights)
    path = tmp_path / "vague.json"
    path.write_text(vague_model.to_json(model), encoding="utf-8")
    loaded = vague_model.load("m", path)
    assert loaded is not None and loaded.probability(test_x[0]) == pytest.approx(model.probability(test_x[0]), abs=1e-5)
    assert vague_model.load("other", path) is None
    with pytest.raises(ValueError):
        vague_model.fit(np.zeros((0, len(vague_model.FEATURES))), np.zeros(0), c=1.0)


def test_shipped_model_matches_this_embedder_and_was_fitted_on_training_splits_only() -> None:
    assert vague_model.load(get_embedder().name) is not None
    assert vague_model.load("another-model") is None
    data = json.loads(vague_model.MODEL_FILE.read_text(encoding="utf-8"))
    assert data["features"] == list(vague_model.FEATURES)
    assert all(entry.startswith("evals/tune") for entry in data["fitted_on"])


def test_grade_explains_a_learned_vague_flag_and_falls_back_to_the_literal_rule(
        monkeypatch: pytest.MonkeyPatch) -> None:
    guide = load_guide(GUIDE)
    learned = Grader(guide, get_embedder())
    generic = learned.grade("Q14", GENERIC)
    assert "vague" in generic.red_flags and generic.overall == 2
    assert any("learned score" in r and "tell what happened" in r for r in generic.reasons)
    assert "vague" not in learned.grade("Q14", STORY).red_flags
    monkeypatch.setattr(vague_model, "load", lambda *args, **kwargs: None)
    literal = Grader(guide, get_embedder())
    generic = literal.grade("Q14", GENERIC)
    assert "vague" in generic.red_flags
    assert any("no concrete example, numbers or named tools" in r for r in generic.reasons)
    assert "vague" not in literal.grade("Q14", STORY).red_flags
