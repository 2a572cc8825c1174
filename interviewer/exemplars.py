"""What answers to each guide question look like: the centroid of labelled on-topic answers, for the on-topic check.

`answer_centroids.json` is built by `scripts/build_exemplars.py` from the training splits' labelled answers
(`evals/tune*/answers.jsonl`, never dev or held-out sets): for each guide question, the mean of the answer vectors
(as the grader computes them: sentence vectors pooled by `coverage.answer_vector`) of every answer labelled on
topic, whoever wrote it and however good it is. An answer whose vector is clearly closer to another question's
centroid than to the asked one's answers that other question ("this answers how you optimise costs, not how you
estimate story points"): answers to a question share what they talk about, whatever story they tell, which a
question's wording and its reference answer alone capture less well (a Postgres lock "blocker" is not a sprint
blocker; a merge conflict is not a disagreement).

Centroids are keyed by the exact text of the question and tagged with the embedding model that made them, so a
different guide, a reworded question or another embedder simply gets none, and the grader falls back to the
question's own profile. Pure: lookup and the decision by centroids (`topic_by_centroids`); no embedding, no I/O
beyond reading the one JSON file (once, cached).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from interviewer import coverage
from interviewer.models import Guide

CENTROIDS_FILE = Path(__file__).with_name("answer_centroids.json")


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def _unit_rows(rows: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(rows, axis=1, keepdims=True)
    return (rows / np.where(norms > 0, norms, 1.0)).astype(np.float32)


@functools.cache
def _table(path: Path = CENTROIDS_FILE) -> tuple[str, dict[str, np.ndarray], dict[str, np.ndarray]]:
    if not path.is_file():
        return "", {}, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    vectors = {_key(text): np.asarray(v, dtype=np.float32) for text, v in data.get("centroids", {}).items()}
    decoys = {_key(text): _unit_rows(np.asarray(v, dtype=np.float32).reshape(len(v), -1))
              for text, v in data.get("off_topic", {}).items() if v}
    return (str(data.get("model", "")), {k: v / np.linalg.norm(v) for k, v in vectors.items() if np.linalg.norm(v)},
            decoys)


def unit_mean(vectors: Sequence[np.ndarray]) -> np.ndarray:
    """A question's centroid: the mean of its on-topic answers' vectors, scaled to unit length (built by
    scripts/build_exemplars.py, and per fold by scripts/choose_topic_margins.py)."""
    mean = np.mean(vectors, axis=0)
    return mean / np.linalg.norm(mean)


def centroids_for(guide: Guide, model: str, dim: int, path: Path = CENTROIDS_FILE) -> dict[str, np.ndarray]:
    """Question id -> unit centroid, for the questions of `guide` that have one made by embedding model `model`
    with vectors of `dim` dimensions; empty for any other model, so vectors of different spaces never meet."""
    made_by, table, _ = _table(path)
    if made_by != model:
        return {}
    out: dict[str, np.ndarray] = {}
    for q in guide.questions:
        vec = table.get(_key(q.text))
        if vec is not None and vec.shape == (dim,):
            out[q.id] = vec
    return out


def decoys_for(guide: Guide, model: str, dim: int, path: Path = CENTROIDS_FILE) -> dict[str, np.ndarray]:
    """Question id -> (k, dim) unit vectors of the training answers labelled OFF topic for that question (a Postgres
    lock told for "how do you communicate blockers?"), for the questions of `guide` that have any made by `model`;
    empty for any other model."""
    made_by, _, table = _table(path)
    if made_by != model:
        return {}
    return {q.id: vecs for q in guide.questions
            if (vecs := table.get(_key(q.text))) is not None and vecs.shape[1:] == (dim,)}


def decoy_lead(decoys: np.ndarray, answer_vec: np.ndarray, own_centroid: float) -> float:
    """How much closer the answer is to the nearest answer labelled off topic for the asked question (`decoys`,
    (k, dim)) than to the centroid of its on-topic answers (`own_centroid`, the answer's similarity to it); -inf
    with no decoys. One answer is a narrower target than a centroid, so an on-topic answer rarely leads."""
    if not len(decoys):
        return float("-inf")
    return float((decoys @ answer_vec).max()) - own_centroid


def topic_by_centroids(scores: np.ndarray, asked: int, own_profile: float, near: np.ndarray, ids: Sequence[str],
                       subjects: Sequence[str], p: Mapping[str, float]) -> tuple[bool, str | None, str]:
    """(on_topic, better_match, reason) from the answer's similarity to each question's centroid (`scores`, -inf
    where a question has none): off topic when it is clearly closer to what answers to another question look like
    (by `exemplar_margin`, or `exemplar_near_margin` for a question `near` the asked one) than to answers to the
    asked one, or far from the asked question itself (`own_profile` below `topic_min`)."""
    # An overlapping question must lead by the larger margin: count its lead as if it were the smaller.
    handicap = np.where(near, p["exemplar_near_margin"] - p["exemplar_margin"], 0.0)
    handicap[asked] = 0.0
    on, better, reason = coverage.topic_decision(scores - handicap.astype(np.float32), asked, ids, -np.inf,
                                                 p["exemplar_margin"], None, subjects)
    if not on and better is not None:  # quote the real scores, not the handicapped ones
        b = list(ids).index(better)
        reason = (f"this answers {subjects[b]} ({better}), not {subjects[asked]} ({ids[asked]}) "
                  f"({scores[b]:.2f} vs {scores[asked]:.2f})")
        return on, better, f"{reason}: closer to answers to that question than to answers to this one"
    if own_profile < p["topic_min"]:
        return False, None, f"far from the question (similarity {own_profile:.2f} < {p['topic_min']:.2f})"
    return True, None, f"on topic (similarity {own_profile:.2f})"
