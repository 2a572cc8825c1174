"""Whether an answer is vague: a logistic regression over a few answer-level measurements, learned from labels.

SCHEMA.md defines vague as "no concrete example, no numbers, no tools". Writers apply it less literally than
that: a generic answer that names a tool or two in passing is still vague to most of them, and a one-line answer
is vague to most but not all. So the flag is learned from the training splits' labels, over measurements the
grader already takes and a reader can check: how many sentences tell what happened, how many tools and numbers,
generic sentences, length, whether it is too short, filler, the learned STAR model's answer-level logits (story
parts told or not) and whether the result is measured. The weights are in `vague_model.json`, fitted by
`scripts/train_vague_model.py` (L2-regularised, Newton's method; numpy only; deterministic).

The file names the embedding model the STAR logits came from; for any other (or without the file) `load` returns
None and the grader keeps the SCHEMA's literal rule. It does not decide the grade or quote evidence.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MODEL_FILE = Path(__file__).with_name("vague_model.json")
FEATURES = ("log_words", "story_sentences", "story_sentences_upto_2", "tools", "tools_upto_2", "numbers",
            "numbers_upto_2", "generic_sentences", "too_short", "told_sentences", "filler_per_100",
            "situation_logit", "task_logit", "action_logit", "result_logit", "star_parts", "measured_result")


def features(words: int, story_sentences: int, tools: int, numbers: int, generic_sentences: int, too_short: bool,
             told_sentences: int, filler_per_100: float, star_logits: Sequence[float], star_parts: int,
             measured_result: bool) -> np.ndarray:
    """The measurements in FEATURES order; STAR logits are clipped to ±6 so one extreme answer cannot dominate."""
    logits = np.clip(np.asarray(star_logits, dtype=np.float64), -6.0, 6.0)
    return np.array([np.log1p(words), story_sentences, min(story_sentences, 2), tools, min(tools, 2), numbers,
                     min(numbers, 2), generic_sentences, float(too_short), told_sentences, filler_per_100,
                     *logits, star_parts, float(measured_result)], dtype=np.float64)


@dataclass(frozen=True)
class VagueModel:
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    embedding_model: str

    def probability(self, x: np.ndarray) -> float:
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return 1 / (1 + np.exp(-z))


def fit(x: np.ndarray, y: np.ndarray, c: float, embedding_model: str = "", steps: int = 50) -> VagueModel:
    """L2-regularised logistic regression (penalty ||w||² / 2c, bias free) by Newton's method on standardised
    features; `x` is (n_answers, len(FEATURES)), `y` 0/1."""
    if len(x) == 0:
        raise ValueError("no answers to fit")
    mean, scale = x.mean(axis=0), x.std(axis=0) + 1e-9
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    y = np.asarray(y, dtype=np.float64)
    w = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], 1.0 / c)
    penalty[-1] = 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(z @ w)))
        grad = z.T @ (p - y) + penalty * w
        hess = (z * (p * (1 - p))[:, None]).T @ z + np.diag(penalty) + 1e-9 * np.eye(len(w))
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return VagueModel(weights=w[:-1], bias=float(w[-1]), mean=mean, scale=scale, embedding_model=embedding_model)


def to_json(model: VagueModel, **meta: object) -> str:
    return json.dumps({**meta, "embedding_model": model.embedding_model, "features": list(FEATURES),
                       "weights": model.weights.round(6).tolist(), "bias": round(model.bias, 6),
                       "mean": model.mean.round(6).tolist(), "scale": model.scale.round(6).tolist()}, indent=1) + "\n"


@functools.cache
def _read(path: Path) -> VagueModel | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("features") != list(FEATURES):
        return None
    return VagueModel(weights=np.asarray(data["weights"], dtype=np.float64), bias=float(data["bias"]),
                      mean=np.asarray(data["mean"], dtype=np.float64),
                      scale=np.asarray(data["scale"], dtype=np.float64), embedding_model=str(data["embedding_model"]))


def load(embedding_model: str, path: Path = MODEL_FILE) -> VagueModel | None:
    """The shipped model if its STAR logits came from this embedding model, else None."""
    model = _read(path)
    return model if model is not None and model.embedding_model == embedding_model else None
