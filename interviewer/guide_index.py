"""What the grader embeds and loads once per guide: STAR prototypes, question profiles, labelled answers, models.

`build_index` embeds the STAR prototypes (star.py), each question's text and headline points (coverage.py) in one
`embed()` call, and loads what was fitted for this embedder: the answer centroids and labelled neighbours of
exemplars.py, the STAR model (star_model.py) and the learned flags (flag_model.py). grading.py builds it lazily,
once per Grader; tests and fitting scripts swap parts of it with `dataclasses.replace`. It grades nothing and
never calls the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from interviewer import coverage, exemplars, flag_model, star, star_model
from interviewer.models import Guide


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class GuideIndex:
    """What the grader embeds once for the whole guide: STAR prototypes and one topic vector per question."""

    ids: list[str]
    prototypes: np.ndarray
    profiles: np.ndarray
    """(n_questions, dim): question text plus the centroid of its headline points."""
    near: np.ndarray
    """(n_questions, n_questions) True where two questions overlap (coverage.near_questions)."""
    subjects: list[str]
    """Each question as a phrase for the off-topic message ("how you estimate story points")."""
    centroids: np.ndarray
    """(n_questions, dim): the centroid of labelled on-topic answers to each question (exemplars.py); a zero row
    where a question has none."""
    neighbours: list[exemplars.Neighbours] = field(default_factory=list)
    """Per question, its labelled training answers (exemplars.neighbours_for): (on topic, off topic), either
    possibly empty."""
    model: star_model.StarModel | None = None
    """The learned STAR model (star_model.py) when it was fitted with this embedder, else None."""
    flags: dict[str, flag_model.FlagModel] = field(default_factory=dict)
    """The learned decisions of flag_model.py (vague, rambling, five, covered) that match the STAR model's embedder."""
    answers: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    """Every labelled on-topic answer of the neighbours, to any question (exemplars.topic_by_domain)."""


def build_index(guide: Guide, embedder: Embedder) -> GuideIndex:
    """Embed the guide's prototypes and questions (one call) and load what was fitted for this embedder."""
    questions = guide.questions
    headline = [coverage.topic_points(q) for q in questions]
    protos = star.prototype_texts()
    texts = protos + [q.text for q in questions] + [p for points in headline for p in points]
    vecs = np.asarray(embedder.embed(texts), dtype=np.float32)
    proto_vecs, rest = vecs[: len(protos)], vecs[len(protos) :]
    q_vecs, rest = rest[: len(questions)], rest[len(questions) :]
    profiles = []
    for i, points in enumerate(headline):
        profiles.append(coverage.topic_profile(q_vecs[i], rest[: len(points)]))
        rest = rest[len(points) :]
    profiles_arr = np.stack(profiles)
    near = coverage.near_questions(profiles_arr, [q.category for q in questions], [q.text for q in questions])
    name, dim = str(getattr(embedder, "name", "")), proto_vecs.shape[1]
    found = exemplars.centroids_for(guide, name, dim)
    centroids = np.stack([found.get(q.id, np.zeros(dim, np.float32)) for q in questions])
    labelled = exemplars.neighbours_for(guide, name, dim)
    none = (np.zeros((0, dim), np.float32), np.zeros((0, dim), np.float32))
    neighbours = [labelled.get(q.id, none) for q in questions]
    model = star_model.load(name, dim)
    learned = {f: m for f in flag_model.FEATURES if model is not None and (m := flag_model.load(f, name))}
    answers = np.concatenate([on for on, _ in neighbours] or [np.zeros((0, dim), np.float32)])
    return GuideIndex([q.id for q in questions], proto_vecs, profiles_arr, near,
                      [coverage.question_subject(q.text) for q in questions], centroids, neighbours, model, learned,
                      answers)
