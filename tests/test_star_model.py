"""The learned STAR model: features, fitting, the shipped file, and the grader's fallback without it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from interviewer import star_model
from interviewer.corpus import load_guide
from interviewer.embeddings import get_embedder
from interviewer.grading import Grader
from interviewer.models import STAR_PARTS

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "corpus" / "senior-data-engineer-ai-round-guide.md"


def _bags(seed: int, n: int = 60, dim: int = 8) -> tuple[list[np.ndarray], np.ndarray]:
    """Answers of 2-5 sentences; part j is present when some sentence has a large value in column j."""
    rng = np.random.default_rng(seed)
    bags, labels = [], []
    for _ in range(n):
        x = rng.normal(0, 0.3, size=(int(rng.integers(2, 6)), dim)).astype(np.float32)
        present = rng.random(4) < 0.5
        for j in np.flatnonzero(present):
            x[int(rng.integers(len(x))), j] += 3.0
        bags.append(x)
        labels.append(present.astype(np.float32))
    return bags, np.stack(labels)


def test_features_have_the_documented_width_and_position() -> None:
    n, dim = 5, 384
    x = star_model.features(np.zeros((n, dim), np.float32), np.zeros((n, 4), np.float32),
                            np.zeros((n, 4), np.float32), np.ones(n, np.float32))
    assert x.shape == (n, dim + star_model.EXTRA_FEATURES)
    position = x[:, dim + 9]
    assert position[0] == 0.0 and position[-1] == 1.0 and np.all(np.diff(position) > 0)
    assert star_model.features(np.zeros((0, dim), np.float32), np.zeros((0, 4)), np.zeros((0, 4)),
                               np.zeros(0)).shape == (0, dim + star_model.EXTRA_FEATURES)


def test_fit_learns_which_sentence_carries_a_part_from_answer_labels_only() -> None:
    bags, labels = _bags(0)
    model = star_model.fit(bags, labels, l2=0.01, tau=3.0, epochs=300, lr=0.05)
    test_bags, test_labels = _bags(1)
    predicted = np.stack([model.answer_scores(model.logits(b)) >= 0 for b in test_bags])
    assert (predicted == test_labels.astype(bool)).mean() >= 0.95
    # the evidence is the sentence that carries the part
    x = np.zeros((4, 8), np.float32)
    x[2, 1] = 3.0
    assert int(np.argmax(model.logits(x)[:, 1])) == 2


def test_fit_is_deterministic_and_round_trips_through_json(tmp_path: Path) -> None:
    bags, labels = _bags(2, n=20, dim=4 + star_model.EXTRA_FEATURES)
    a = star_model.fit(bags, labels, l2=0.1, epochs=40, embedding_model="m", dim=4)
    b = star_model.fit(bags, labels, l2=0.1, epochs=40, embedding_model="m", dim=4)
    assert np.array_equal(a.weights, b.weights) and np.array_equal(a.bias, b.bias)
    path = tmp_path / "model.json"
    path.write_text(star_model.to_json(a, fitted_on=["x"]), encoding="utf-8")
    loaded = star_model.load("m", 4, path)
    assert loaded is not None and star_model.load("m", 5, path) is None
    assert np.allclose(loaded.logits(bags[0]), a.logits(bags[0]), atol=1e-4)


def test_fit_refuses_no_answers() -> None:
    with pytest.raises(ValueError):
        star_model.fit([], np.zeros((0, 4)), l2=0.1)
    bags, labels = _bags(5, n=6)
    with pytest.raises(ValueError):  # a mask that gives the result part no answer
        star_model.fit(bags, labels, l2=0.1, mask=np.tile([1.0, 1.0, 1.0, 0.0], (6, 1)))


def test_a_mask_keeps_answers_to_the_parts_they_are_given() -> None:
    """Answers given to the task part only teach the task; their other labels, here all wrong, change nothing."""
    bags, labels = _bags(3)
    extra_bags, extra_labels = _bags(4)
    wrong = extra_labels.copy()
    task = STAR_PARTS.index("task")
    others = [j for j in range(4) if j != task]
    wrong[:, others] = 1 - wrong[:, others]
    mask = np.vstack([np.ones_like(labels), np.tile(np.eye(4)[task], (len(wrong), 1))])
    kw = {"l2": 0.01, "tau": 3.0, "epochs": 300, "lr": 0.05}
    masked = star_model.fit(bags + extra_bags, np.vstack([labels, wrong]), mask=mask, **kw)
    unmasked = star_model.fit(bags + extra_bags, np.vstack([labels, wrong]), **kw)
    test_bags, test_labels = _bags(1)
    accuracy = lambda m: (np.stack([m.answer_scores(m.logits(b)) >= 0 for b in test_bags])
                          == test_labels.astype(bool)).mean(axis=0)
    assert accuracy(masked)[others].min() >= 0.9 and accuracy(masked)[task] >= 0.9
    assert accuracy(unmasked)[others].max() < 0.9  # the wrong labels, let in, do harm


def test_shipped_model_matches_this_embedder_only() -> None:
    name = get_embedder().name
    model = star_model.load(name, 384)
    assert model is not None and model.weights.shape == (384 + star_model.EXTRA_FEATURES, 4)
    assert star_model.load("another-model", 384) is None
    assert star_model.load(name, 768) is None
    data = json.loads(star_model.MODEL_FILE.read_text(encoding="utf-8"))
    assert data["parts"] == list(STAR_PARTS)
    assert all(entry.startswith("evals/tune") for entry in data["fitted_on"])  # never dev or held-out splits


def test_grader_falls_back_to_prototype_thresholds_without_a_model(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = ("At my last company our nightly Airflow load into Snowflake failed twice a week. My job was to make "
              "it reliable. I added retries, a sensor for late files and dbt tests on the keys. As a result "
              "failures went from two a week to zero and the runtime dropped from 3 hours to 40 minutes.")
    guide = load_guide(GUIDE)
    with_model = Grader(guide, get_embedder()).grade("Q14", answer)
    assert "learned score" in with_model.star["result"].reason
    monkeypatch.setattr(star_model, "load", lambda *args, **kwargs: None)
    without = Grader(guide, get_embedder()).grade("Q14", answer)
    assert "learned score" not in without.star["result"].reason and "≥" in without.star["result"].reason
    assert all(without.star[p].present for p in STAR_PARTS) and all(with_model.star[p].present for p in STAR_PARTS)
