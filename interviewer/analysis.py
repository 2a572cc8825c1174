"""What the grader measures of one answer before any threshold: the `Analysis` that the verdict and the trainers read.

Data only: `Grader.analyse` (grading.py) fills it from one embedding call, `Grader.decide` turns it into a
grade, and scripts/train_*.py fit the learned models on it. It measures nothing itself.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from interviewer.segment import Segmented, Sentence
from interviewer.stance import Stance


@dataclass(frozen=True)
class Analysis:
    """The raw measurements of one answer, before any threshold: what the grade and the trainer read."""

    question_id: str
    seg: Segmented
    star_similarity: np.ndarray
    """(n_sentences, 4) similarity to the STAR prototypes."""
    star_cues: np.ndarray
    """(n_sentences, 4) 1 where a STAR cue pattern matches."""
    singular: np.ndarray
    """(n_sentences,) 1 where the sentence speaks as "I"."""
    narrative: int
    """How many sentences narrate what happened: none means no concrete example."""
    point_sims: np.ndarray
    """(n_sentences, n_points) similarity to the asked question's main points."""
    topic_scores: np.ndarray
    answer_vec: np.ndarray
    repeat_share: float
    tools: list[str]
    numbers: list[str]
    ownership: float
    blame: Sentence | None
    arrogance: Sentence | None
    generic_sentences: int
    filler_density: float
    """Content-free words ("so", "like", "basically", "um") per 100 words."""
    digressions: int
    star_logits: np.ndarray | None = None
    """(n_sentences, 4) the learned STAR model's logits (star_model.py); None without a model for this embedder."""
    star_answer: np.ndarray | None = None
    """(4,) the learned model's answer-level logit per part: present when at least 0."""
    signposts: int = 0
    """Words that show the answer's structure (flags.SIGNPOST)."""
    told_sentences: int = 0
    """Sentences as the candidate wrote or said them, before short ones are merged for embedding."""
    stance: Stance | None = None
    """How the answer speaks of others (stance.py): what the learned blame decision reads."""
    told: tuple[Sentence, ...] = ()
    """Those sentences themselves (typos mended): the grader quotes the ones that show a part (evidence.py)."""
    told_cues: np.ndarray | None = None
    """(len(told), 4) 1 where a STAR cue pattern matches a told sentence."""
