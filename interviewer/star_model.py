"""A small learned model of the four STAR parts: one linear scorer per part over each sentence's features.

Each sentence is described by its embedding (the same MiniLM vector the rest of the grader uses), its
similarity to the hand-written STAR prototypes and the STAR cue patterns (star.py), whether it speaks as "I",
and where it sits in the answer. Each part has its own weights; a sentence's logit says how strongly it shows
that part, and an answer shows the part when the soft maximum of its sentences' logits is above zero. The
labels are per answer, not per sentence, so the model is fitted as multiple-instance logistic regression: the
soft maximum (log-sum-exp at temperature `tau`) is what the loss sees, and its gradient flows mostly to the
sentences that carry the part. The best-scoring sentences are the evidence the scorecard quotes.

`fit` trains it (deterministic full-batch Adam with L2; numpy only); `scripts/train_star_model.py` fits it on
the training splits (the task part on the blame-boundary splits too, whose writers count a task the situation
and actions imply) and writes `star_model.json`, which ships in the package. The file names the embedding
model and dimension it was fitted with: any other embedder gets no model (`load` returns None) and the grader
falls back to prototype thresholds, so vectors of different spaces never meet.

It does not embed text, find cues or apply the labelling conventions (no story, blame): star.py does.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from interviewer.models import STAR_PARTS

MODEL_FILE = Path(__file__).with_name("star_model.json")
EXTRA_FEATURES = 13
"""Features beside the embedding: prototype similarity (4), cues (4), "I", position, early, task-as-"I" (2)."""
EARLY = 1 / 3
"""A sentence whose position is below this share of the answer counts as early (where the context usually is)."""


def features(vectors: np.ndarray, similarity: np.ndarray, cues: np.ndarray, singular: np.ndarray) -> np.ndarray:
    """(n_sentences, dim + 13): embedding, prototype similarity (4), cues (4), speaks as "I", position in the
    answer (0 first … 1 last), early, and the task similarity and cue when spoken as "I"."""
    n = len(vectors)
    if n == 0:
        return np.zeros((0, vectors.shape[1] + EXTRA_FEATURES), dtype=np.float32)
    pos = np.arange(n, dtype=np.float32) / max(n - 1, 1)
    task = STAR_PARTS.index("task")
    extra = np.stack([singular, pos, (pos < EARLY).astype(np.float32),
                      similarity[:, task] * singular, cues[:, task] * singular], axis=1)
    return np.hstack([vectors, similarity, cues, extra]).astype(np.float32)


def soft_max(logits: np.ndarray, tau: float) -> np.ndarray:
    """Log-sum-exp over sentences (axis 0) at temperature `tau`: close to the largest logit, smooth to fit."""
    if len(logits) == 0:
        return np.full(logits.shape[1:], -np.inf, dtype=np.float32)
    top = logits.max(axis=0)
    return top + np.log(np.exp(tau * (logits - top)).sum(axis=0)) / tau


@dataclass(frozen=True)
class StarModel:
    weights: np.ndarray
    """(n_features, 4): one column per STAR part, applied to standardised features."""
    bias: np.ndarray
    """(4,)"""
    mean: np.ndarray
    scale: np.ndarray
    tau: float
    embedding_model: str
    dim: int

    def logits(self, x: np.ndarray) -> np.ndarray:
        """(n_sentences, 4): how strongly each sentence shows each part (above 0: more likely than not)."""
        return (((x - self.mean) / self.scale) @ self.weights + self.bias).astype(np.float32)

    def answer_scores(self, logits: np.ndarray) -> np.ndarray:
        """(4,): the answer-level logit of each part; the part is present when it is at least 0."""
        return soft_max(logits, self.tau).astype(np.float32)


def fit(bags: Sequence[np.ndarray], labels: np.ndarray, l2: float, tau: float = 5.0, epochs: int = 300,
        lr: float = 0.01, embedding_model: str = "", dim: int = 0, mask: np.ndarray | None = None) -> StarModel:
    """Fit all four parts at once. `bags[i]` is answer i's feature matrix (n_sentences, n_features), non-empty;
    `labels` is (n_answers, 4) of 0/1 in STAR order. `mask` (same shape, 0/1; default all 1) says which of an
    answer's labels a part learns from: a part's loss is the mean over the answers it is given, so answers given to
    one part only do not dilute the others' fit (their sentences still enter the standardisation). Deterministic:
    zero start, full batch, fixed steps."""
    if not bags:
        raise ValueError("no answers to fit")
    given = np.ones((len(bags), 4)) if mask is None else np.asarray(mask, dtype=np.float64)
    if given.shape != (len(bags), 4) or not given.sum(axis=0).all():
        raise ValueError("mask must be (n_answers, 4) and give every part at least one answer")
    stacked = np.concatenate(bags).astype(np.float64)
    mean, scale = stacked.mean(axis=0), stacked.std(axis=0) + 1e-6
    x = (stacked - mean) / scale  # all sentences, answer after answer
    starts = np.cumsum([0] + [len(b) for b in bags[:-1]])
    owner = np.repeat(np.arange(len(bags)), [len(b) for b in bags])
    y = np.asarray(labels, dtype=np.float64)
    w = np.zeros((x.shape[1], 4))
    bias = np.zeros(4)
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), np.zeros_like(bias), np.zeros_like(bias)
    for step in range(1, epochs + 1):
        z = x @ w + bias  # (n_sentences, 4)
        top = np.maximum.reduceat(z, starts, axis=0)
        e = np.exp(tau * (z - top[owner]))
        total = np.add.reduceat(e, starts, axis=0)
        score = top + np.log(total) / tau  # (n_answers, 4)
        error = (1 / (1 + np.exp(-score)) - y) * given / given.sum(axis=0)  # each part: mean over its answers
        g_z = e / total[owner] * error[owner]  # d(soft max)/d(logit) times the answer's error
        g_w = x.T @ g_z + l2 * w
        g_b = g_z.sum(axis=0)
        for param, grad, m, v in ((w, g_w, m_w, v_w), (bias, g_b, m_b, v_b)):
            m *= 0.9
            m += 0.1 * grad
            v *= 0.999
            v += 0.001 * grad**2
            param -= lr * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return StarModel(weights=w.astype(np.float32), bias=bias.astype(np.float32), mean=mean.astype(np.float32),
                     scale=scale.astype(np.float32), tau=tau, embedding_model=embedding_model, dim=dim)


def to_json(model: StarModel, **meta: object) -> str:
    data = {**meta, "embedding_model": model.embedding_model, "dim": model.dim, "tau": model.tau,
            "parts": list(STAR_PARTS), "mean": model.mean.round(6).tolist(), "scale": model.scale.round(6).tolist(),
            "bias": model.bias.round(6).tolist(), "weights": model.weights.round(6).tolist()}
    return json.dumps(data, indent=1) + "\n"


@functools.cache
def _read(path: Path) -> StarModel | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("parts") != list(STAR_PARTS):
        return None
    f32 = lambda k: np.asarray(data[k], dtype=np.float32)
    return StarModel(weights=f32("weights"), bias=f32("bias"), mean=f32("mean"), scale=f32("scale"),
                     tau=float(data["tau"]), embedding_model=str(data["embedding_model"]), dim=int(data["dim"]))


def load(embedding_model: str, dim: int, path: Path = MODEL_FILE) -> StarModel | None:
    """The shipped model if it was fitted with this embedding model and dimension, else None."""
    model = _read(path)
    if (model is None or model.embedding_model != embedding_model or model.dim != dim
            or model.weights.shape[0] != dim + EXTRA_FEATURES):
        return None
    return model
