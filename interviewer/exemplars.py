"""What answers to each guide question look like, for the on-topic check: the centroid of its labelled on-topic
answers, and the labelled answers themselves.

`answer_centroids.json` is built by `scripts/build_exemplars.py` from labelled training answers (never dev or
held-out sets). Centroids: for each guide question, the mean of the answer vectors (as the grader computes them:
sentence vectors pooled by `coverage.answer_vector`) of every answer labelled on topic in `evals/tune*/`, whoever
wrote it and however good it is. An answer whose vector is clearly closer to another question's centroid than to
the asked one's answers that other question ("this answers how you optimise costs, not how you estimate story
points"): answers to a question share what they talk about, whatever story they tell, which a question's wording
and its reference answer alone capture less well. Neighbours: the same answers one by one, with those labelled off
topic, and the keyword traps of `evals/topic/` (the question's words in another sense, and real answers that touch
that other sense). An answer whose nearest labelled answer is off topic is off topic (`neighbour_lead`): a Postgres
lock "blocker" is not a sprint blocker, though both are data-engineering stories. And an answer that resembles no
labelled on-topic answer to any question is off topic (`topic_by_domain`): a React form's validation for "validate
correctness".

Both are keyed by the exact text of the question and tagged with the embedding model that made them, so a
different guide, a reworded question or another embedder simply gets none, and the grader falls back to the
question's own profile. Pure: lookup and the decisions (`topic_by_centroids`, `topic_by_neighbours`); no embedding, no
I/O beyond reading the one JSON file (once, cached).
"""

from __future__ import annotations

import base64
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


def encode_rows(rows: np.ndarray) -> str:
    """(k, dim) vectors as base64 of little-endian float16: a fifth of the size of decimals in JSON, and similarities
    computed from them differ from float32 ones by less than 0.001."""
    return base64.b64encode(np.asarray(rows, dtype="<f2").tobytes()).decode("ascii")


def decode_rows(text: str, dim: int) -> np.ndarray:
    """The inverse of `encode_rows`, as unit-length float32 rows; (0, dim) for an empty string."""
    flat = np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float32)
    return _unit_rows(flat.reshape(-1, dim)) if flat.size else np.zeros((0, dim), dtype=np.float32)


Neighbours = tuple[np.ndarray, np.ndarray]
"""One question's labelled answers as unit vectors: (on topic (k, dim), off topic (j, dim))."""


@functools.cache
def _table(path: Path = CENTROIDS_FILE) -> tuple[str, dict[str, np.ndarray], dict[str, Neighbours]]:
    if not path.is_file():
        return "", {}, {}
    data = json.loads(path.read_text(encoding="utf-8"))
    vectors = {_key(text): np.asarray(v, dtype=np.float32) for text, v in data.get("centroids", {}).items()}
    dim = int(data.get("dim", 0))
    neighbours = {_key(text): (decode_rows(v.get("on", ""), dim), decode_rows(v.get("off", ""), dim))
                  for text, v in data.get("neighbours", {}).items()} if dim else {}
    return (str(data.get("model", "")), {k: v / np.linalg.norm(v) for k, v in vectors.items() if np.linalg.norm(v)},
            neighbours)


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


def neighbours_for(guide: Guide, model: str, dim: int, path: Path = CENTROIDS_FILE) -> dict[str, Neighbours]:
    """Question id -> its labelled training answers as unit vectors, (on topic, off topic), for the questions of
    `guide` that have both kinds made by `model` in `dim` dimensions; empty for any other model."""
    made_by, _, table = _table(path)
    if made_by != model:
        return {}
    found = {q.id: table.get(_key(q.text)) for q in guide.questions}
    return {qid: pair for qid, pair in found.items()
            if pair is not None and len(pair[0]) and len(pair[1]) and pair[0].shape[1] == dim}


def neighbour_lead(on: np.ndarray, off: np.ndarray, answer_vec: np.ndarray) -> float:
    """How much more the answer resembles its nearest labelled answer OFF topic for the asked question than its
    nearest one ON topic (unit rows, (k, dim) and (j, dim)): above 0, the nearest labelled answer is off topic; -inf
    where either kind is missing. A Postgres lock told for "how do you communicate blockers?" sits next to other
    writers' lock stories labelled off topic, however much it shares the data-engineering words of real answers."""
    if not len(on) or not len(off):
        return float("-inf")
    return float((off @ answer_vec).max()) - float((on @ answer_vec).max())


def topic_by_domain(bank: np.ndarray, answer_vec: np.ndarray, subject: str, question_id: str,
                    floor: float) -> tuple[bool, None, str] | None:
    """(False, None, reason) when the answer's nearest labelled on-topic answer to ANY guide question (unit rows of
    `bank`) is less alike than `floor`; None otherwise, or without a bank. Work from another field told as a story
    (a React form's validation for "validate correctness", immigration paperwork for shifting requirements) has the
    shape of an answer but resembles no answer to any question, which the centroids and neighbours of one question
    cannot tell."""
    if not len(bank):
        return None
    # Multiplied out rather than by BLAS: a matrix this size wakes OpenBLAS's threads, whose spinning then slows
    # the next embedding pass by half (scripts/bench.py: 1.3× → 1.8× one embedding pass).
    nearest = float((bank * answer_vec).sum(axis=1).max())
    if nearest >= floor:
        return None
    return False, None, (f"this does not answer {subject} ({question_id}): it reads like no labelled answer to any "
                         f"question of the guide (the nearest is {nearest:.3f} alike, below {floor:.2f})")


def topic_by_neighbours(on: np.ndarray, off: np.ndarray, answer_vec: np.ndarray, subject: str, question_id: str,
                        margin: float) -> tuple[bool, None, str] | None:
    """(False, None, reason) when the answer's nearest labelled answer off topic for the asked question leads its
    nearest one on topic by more than `margin` (`neighbour_lead`: the same words in another sense, a Postgres lock
    for "blockers", a loyalty-points ledger for story points); None otherwise. No other question is named: such an
    answer often answers none of the guide's questions."""
    lead = neighbour_lead(on, off, answer_vec)
    if not lead > margin:
        return None
    nearest_on = float((on @ answer_vec).max())
    return False, None, (f"this does not answer {subject} ({question_id}): it is most like answers labelled off topic "
                         f"for it ({nearest_on + lead:.2f}, against {nearest_on:.2f} for the nearest answer on topic)")


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
