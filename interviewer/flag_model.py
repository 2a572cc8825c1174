"""Small decisions learned from labels: the vague, rambling and blame flags, whether a complete answer earns 5, and the
similarity at which a main point of the reference counts as covered.

Each is a logistic regression over measurements of the answer (of one main point, for "covered"). SCHEMA.md defines vague as "no concrete example, no
numbers, no tools" and rambling as "long, repetitive, structure buried". Writers apply both less literally than
any fixed rule: a generic answer that names a tool or two in passing is still vague to most of them, a one-line
answer is vague to most but not all, and talk that wanders for 200 words rambles as surely as a 600-word one (under
`ramble_talk_words`, 130, the grader does not ask the rambling model: too short to ramble).
Likewise a 5 is "specific (tools, numbers, measured result)" to them in degrees: a story with many numbers and a
plainly told outcome gets it without a number in the outcome sentence itself. So each is learned from the
training splits' labels over measurements the grader already takes and a reader can check (FEATURES): for
vague, the sentences that tell what happened, tools, numbers, generic sentences, length, too short, filler, the
learned STAR model's answer-level logits and whether the result is measured; for rambling, length, the share of
sentences that repeat an earlier one, filler and digressions, signposts of structure, sentence length and the
STAR parts told; for "five", tools, numbers, a measured result, the share of main points covered, length and the
result's logit (SCHEMA's 150–450 words stays a rule, in grade_table.py); for blame, whether conduct.py's patterns
find it and the answer's stance towards others (stance.py: others obstructing, faults no one did, the
candidate's own part cleared, sarcasm, a lesson learned), whether its last sentences speak as "I", ownership, the
result's logit and length; for "covered", a main point's best
similarity to the answer's sentences, fitted on labelled points (evals/coverage/tune*.jsonl), which gives the bar
(`similarity_bar`) in place of a hand-set one.

The weights are in `flag_models.json`, fitted by `scripts/train_flag_models.py` (L2-regularised logistic
regression by Newton's method; numpy only; deterministic). The file names the embedding model the measurements
came from; for any other embedder (or without the file) `load` returns None and the grader keeps its rules
(rambling.py; the SCHEMA's literal vague; tools, numbers and a measured result for 5; key_point_threshold). It
does not decide the grade or pick the sentence to quote.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from interviewer.stance import Stance


MODEL_FILE = Path(__file__).with_name("flag_models.json")
FEATURES: dict[str, tuple[str, ...]] = {
    "vague": ("log_words", "story_sentences", "story_sentences_upto_2", "tools", "tools_upto_2", "numbers",
              "numbers_upto_2", "generic_sentences", "too_short", "told_sentences", "filler_per_100",
              "situation_logit", "task_logit", "action_logit", "result_logit", "star_parts", "measured_result"),
    "rambling": ("log_words", "over_300_words", "over_450_words", "repeated_share", "filler_per_100", "digressions",
                 "signposts", "generic_sentences", "told_sentences", "words_per_sentence", "star_parts"),
    "five": ("tools", "numbers", "measured_result", "main_points_share", "log_words", "result_logit"),
    "covered": ("similarity",),
    "blame": ("rules_blame", "deflecting", "ownership_said", "told_as_fact", "obstructing", "obstructing_share",
              "fault_passive", "disowning", "disparaging", "reflection", "first_person_last_three", "ownership",
              "result_logit", "log_words"),
}
THRESHOLD = 0.5


def vague_features(words: int, story_sentences: int, tools: int, numbers: int, generic_sentences: int,
                   too_short: bool, told_sentences: int, filler_per_100: float, star_logits: Sequence[float],
                   star_parts: int, measured_result: bool) -> np.ndarray:
    """FEATURES["vague"] in order; STAR logits are clipped to ±6 so one extreme answer cannot dominate."""
    logits = np.clip(np.asarray(star_logits, dtype=np.float64), -6.0, 6.0)
    return np.array([np.log1p(words), story_sentences, min(story_sentences, 2), tools, min(tools, 2), numbers,
                     min(numbers, 2), generic_sentences, float(too_short), told_sentences, filler_per_100,
                     *logits, star_parts, float(measured_result)], dtype=np.float64)


def rambling_features(words: int, repeated_share: float, filler_per_100: float, digressions: int, signposts: int,
                      generic_sentences: int, told_sentences: int, star_parts: int) -> np.ndarray:
    """FEATURES["rambling"] in order."""
    return np.array([np.log1p(words), float(words > 300), float(words > 450), repeated_share, filler_per_100,
                     digressions, signposts, generic_sentences, told_sentences, words / max(told_sentences, 1),
                     star_parts], dtype=np.float64)


def five_features(tools: int, numbers: int, measured_result: bool, main_points_share: float, words: int,
                  result_logit: float) -> np.ndarray:
    """FEATURES["five"] in order: what SCHEMA's 5 asks beyond a 4 (tools, numbers, a measured result, the main
    points, the length) and how clearly the result is told (the STAR model's logit, clipped to ±6)."""
    return np.array([np.log1p(tools), np.log1p(numbers), float(measured_result), main_points_share, np.log(max(words, 1)),
                     float(np.clip(result_logit, -6.0, 6.0))], dtype=np.float64)


def blame_features(stance: Stance, sentences: int, first_person: Sequence[float], ownership: float,
                   result_logit: float, words: int) -> np.ndarray:
    """FEATURES["blame"] in order: what the rules decide, the stance counts (each capped at 3, obstructing at 4),
    whether the last three sentences speak as "I", the answer's ownership (flags.ownership), the result's logit."""
    last = np.asarray(first_person, dtype=np.float64)[-3:]
    return np.array([float(stance.found is not None), min(stance.deflecting, 3), float(stance.owned),
                     min(stance.told_as_fact, 3), min(stance.obstructing, 4), stance.obstructing / max(sentences, 1),
                     min(stance.fault_passive, 3), min(stance.disowning, 3), min(stance.disparaging, 3),
                     min(stance.reflection, 3), float(last.mean()) if len(last) else 0.0, ownership,
                     float(np.clip(result_logit, -6.0, 6.0)), np.log1p(words)], dtype=np.float64)


def covered_features(similarity: float) -> np.ndarray:
    """FEATURES["covered"]: a main point's best similarity to the answer's sentences. The answer's length is left
    out on purpose: in the labelled answers the long ones cover most points, and with length a model learns to
    call every point of any 300-word answer covered."""
    return np.array([similarity], dtype=np.float64)


def similarity_bar(model: FlagModel) -> float:
    """The similarity at which the "covered" model's probability is exactly THRESHOLD: a point is covered when its
    best sentence reaches it. Solved from the linear score, so the bar can be quoted."""
    w_sim = float(model.weights[0] / model.scale[0])
    if w_sim <= 0:  # a model that does not reward similarity cannot say what covers a point
        return float("inf")
    offset = model.bias - float(model.weights[0] * model.mean[0] / model.scale[0])
    return (float(np.log(THRESHOLD / (1 - THRESHOLD))) - offset) / w_sim


@dataclass(frozen=True)
class FlagModel:
    flag: str
    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    embedding_model: str

    def probability(self, x: np.ndarray) -> float:
        z = float(((x - self.mean) / self.scale) @ self.weights + self.bias)
        return float(1 / (1 + np.exp(-z)))


def fit(flag: str, x: np.ndarray, y: np.ndarray, c: float, embedding_model: str = "", steps: int = 50) -> FlagModel:
    """L2-regularised logistic regression (penalty ||w||² / 2c, bias free) by Newton's method on standardised
    features; `x` is (n_answers, len(FEATURES[flag])), `y` 0/1."""
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
    return FlagModel(flag=flag, weights=w[:-1], bias=float(w[-1]), mean=mean, scale=scale,
                     embedding_model=embedding_model)


def to_json(models: Sequence[FlagModel], **meta: object) -> str:
    """One file for all flags; every model must come from the same embedding model."""
    if len({m.embedding_model for m in models}) > 1:
        raise ValueError("flag models from different embedding models")
    return json.dumps({**meta, "embedding_model": models[0].embedding_model if models else "", "flags": {
        m.flag: {"features": list(FEATURES[m.flag]), "weights": m.weights.round(6).tolist(), "bias": round(m.bias, 6),
                 "mean": m.mean.round(6).tolist(), "scale": m.scale.round(6).tolist()} for m in models}},
        indent=1) + "\n"


@functools.cache
def _read(path: Path) -> dict[str, FlagModel]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for flag, m in data.get("flags", {}).items():
        if flag in FEATURES and m.get("features") == list(FEATURES[flag]):
            f64 = lambda k, m=m: np.asarray(m[k], dtype=np.float64)
            out[flag] = FlagModel(flag=flag, weights=f64("weights"), bias=float(m["bias"]), mean=f64("mean"),
                                  scale=f64("scale"), embedding_model=str(data.get("embedding_model", "")))
    return out


def load(flag: str, embedding_model: str, path: Path = MODEL_FILE) -> FlagModel | None:
    """The shipped model of `flag` if its measurements came from this embedding model, else None."""
    model = _read(path).get(flag)
    return model if model is not None and model.embedding_model == embedding_model else None
