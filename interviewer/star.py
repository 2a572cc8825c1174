"""Find the four STAR parts (situation, task, action, result) in an answer's sentences.

Each sentence gets a score per part: its cosine similarity to generic prototype sentences of that part
(written here, not taken from any evaluation data) plus a bonus where a cue pattern of star_cues.py matches
("the problem was", "my job was", "I migrated", "cut … by 40%"). A part is present when its best sentence clears
the part's threshold; the sentences that clear it are the evidence, quoted verbatim. Two rules from the labelling
conventions sit on top: an answer with no narrated example (only how-to) has no situation, task or result, and
a task must be the candidate's own (a sentence that speaks as "I", never in an answer that blames others).

With the learned model of star_model.py (fitted with the grader's embedder) the model's sentence logits replace
these scores and a part is present when its answer-level logit is at least 0; the prototypes and cues are then
among the model's features, and the conventions above still apply. The thresholds remain for other embedders.

It does not embed text (the caller passes vectors), match cue patterns (star_cues.py), split sentences, or decide
the overall grade."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from interviewer.models import STAR_PARTS, StarName, StarPart
from interviewer.segment import Sentence

PROTOTYPES: dict[StarName, tuple[str, ...]] = {
    "situation": (
        "At my previous company we had a nightly pipeline that kept failing and reports were late.",
        "The problem was that our data warehouse could not keep up with the growing data volume.",
        "A couple of years ago our team was running a legacy system that nobody understood.",
        "The context was a migration of our reporting platform to the cloud.",
        "Two teams in the business needed the same data but wanted different things from it.",
        "We were a small data team supporting analysts across the company.",
    ),
    "task": (
        "My job was to fix the pipeline and make it reliable.",
        "I was responsible for the design and delivery of the new platform.",
        "I was asked to lead the migration and own it end to end.",
        "The goal was to cut the runtime and get the data to stakeholders on time.",
        "It was my responsibility to resolve the conflict and agree on a plan.",
        "I owned the ingestion layer and the on-call rotation for it.",
    ),
    "action": (
        "I rewrote the job in Spark and partitioned the tables by date.",
        "I set up automated data quality checks and alerts in the pipeline.",
        "I met with both stakeholders, wrote down their requirements and proposed a compromise.",
        "I built a proof of concept, benchmarked it and rolled it out in stages.",
        "First I traced the root cause, then I deployed a fix and added a test for it.",
        "I broke the work into smaller tickets and scheduled them across two sprints.",
    ),
    "result": (
        "As a result the runtime dropped from six hours to forty minutes.",
        "We reduced cloud costs by thirty percent and saved money every month.",
        "The dashboards were delivered on time and the stakeholders were happy.",
        "Since then we have had no failures and data quality issues went down.",
        "In the end the new process became the standard for the whole team.",
        "It improved query performance by three times and the analysts adopted it.",
    ),
}

DEFAULT_PARAMS: dict[str, float] = {
    "cue_weight": 0.3,
    "situation_threshold": 0.55,
    "task_threshold": 0.55,
    "action_threshold": 0.55,
    "result_threshold": 0.55,
}
MAX_EVIDENCE = 2

_REASON_PRESENT = {
    "situation": "sets the context",
    "task": "states the candidate's own responsibility",
    "action": "describes concrete steps the candidate took",
    "result": "states an outcome",
}
_REASON_ABSENT = {
    "situation": "no sentence sets the context (where, when, what problem)",
    "task": "no sentence says what the candidate was responsible for",
    "action": "no concrete steps the candidate took",
    "result": "no outcome or measured result",
}


def prototype_texts() -> list[str]:
    """All prototypes in a fixed order (part by part), for one embedding call."""
    return [t for p in STAR_PARTS for t in PROTOTYPES[p]]


def part_similarity(vectors: np.ndarray, proto_vectors: np.ndarray) -> np.ndarray:
    """(n_sentences, 4): each sentence's best cosine similarity to each part's prototypes, parts in STAR order."""
    sims = vectors @ proto_vectors.T
    columns, offset = [], 0
    for part in STAR_PARTS:
        k = len(PROTOTYPES[part])
        columns.append(sims[:, offset : offset + k].max(axis=1) if len(vectors) else np.zeros(0, np.float32))
        offset += k
    return np.stack(columns, axis=1).astype(np.float32)


def part_scores(similarity: np.ndarray, cues: np.ndarray, params: Mapping[str, float],
                singular: np.ndarray | None = None) -> np.ndarray:
    """Prototype similarity plus the cue bonus. A task must be the candidate's own: a sentence that does not
    speak as "I" ("we needed to…", "the goal was…") scores nothing for task."""
    scores = similarity + params["cue_weight"] * cues
    if singular is not None and len(scores):
        scores[:, STAR_PARTS.index("task")] *= singular
    return scores


STORY_PARTS = ("situation", "task", "result")


def detect(sentences: Sequence[Sentence], scores: np.ndarray, params: Mapping[str, float],
           story: bool = True, how_to: bool = False, blames: bool = False,
           answer_scores: np.ndarray | None = None) -> dict[StarName, StarPart]:
    """The STAR verdict for each part, with up to MAX_EVIDENCE verbatim sentences as evidence.

    With `answer_scores` (the learned model's answer-level logits, star_model.py) a part is present when its
    logit is at least 0 and `scores` are the model's sentence logits; without, a part is present when a
    sentence's score clears the part's threshold in `params`. Without a story (no sentence narrates what
    happened) there is no situation, task or result to find, and the action counts only as a concrete how-to
    (`how_to`: named tools), not from scores alone. An answer that `blames` others takes no ownership, so it
    states no task of the candidate's own."""
    out: dict[StarName, StarPart] = {}
    for j, part in enumerate(STAR_PARTS):
        if blames and part == "task":
            out[part] = StarPart(present=False, reason=f"{_REASON_ABSENT[part]} (blames others instead)")
            continue
        if not story and (part in STORY_PARTS or not how_to):
            why = "no concrete example: the answer never says what happened"
            out[part] = StarPart(present=False, reason=f"{_REASON_ABSENT[part]} ({why})")
            continue
        if not story:
            out[part] = StarPart(present=True, evidence=[sentences[0].quote],
                                 reason="describes concrete steps as a how-to, naming tools, without a real example")
            continue
        column = scores[:, j] if len(sentences) else np.zeros(0)
        if answer_scores is not None:
            mine = scores.argmax(axis=1) == j if len(sentences) else np.zeros(0, dtype=bool)
            out[part] = _learned_verdict(part, sentences, column, float(answer_scores[j]), mine)
            continue
        threshold = params[f"{part}_threshold"]
        hits = [i for i in np.argsort(-column, kind="stable") if column[i] >= threshold][:MAX_EVIDENCE]
        if hits:
            best = float(column[hits[0]])
            out[part] = StarPart(
                present=True,
                evidence=[sentences[i].quote for i in sorted(hits)],
                reason=f"{_REASON_PRESENT[part]} (score {best:.2f} ≥ {threshold:.2f})",
            )
        else:
            best = float(column.max()) if len(column) else 0.0
            out[part] = StarPart(present=False, reason=f"{_REASON_ABSENT[part]} (best {best:.2f} < {threshold:.2f})")
    return out


def _learned_verdict(part: StarName, sentences: Sequence[Sentence], logits: np.ndarray, answer: float,
                     mine: np.ndarray) -> StarPart:
    """Present when the answer-level logit is at least 0 (probability 0.5); the evidence is the sentence with the
    best logit and, if its logit is also at least 0, the next best that reads more as this part than as any other
    (`mine`), or the single best sentence when the part shows only across several."""
    chance = 1 / (1 + np.exp(-answer))
    if answer < 0 or not len(logits):
        return StarPart(present=False, reason=f"{_REASON_ABSENT[part]} (learned score {chance:.2f} < 0.50)")
    order = [int(i) for i in np.argsort(-logits, kind="stable")]
    hits = [i for n, i in enumerate(order) if logits[i] >= 0 and (n == 0 or mine[i])][:MAX_EVIDENCE] or order[:1]
    return StarPart(present=True, evidence=[sentences[i].quote for i in sorted(hits)],
                    reason=f"{_REASON_PRESENT[part]} (learned score {chance:.2f} ≥ 0.50)")


def untold(parts: Mapping[StarName, StarPart], why: str) -> dict[StarName, StarPart]:
    """Every part absent, each with its own reason and `why` ("a sentence or two tells no story"): what the grade
    reports for an answer too short to tell a STAR story, as the labelled answers of every writer have it."""
    return {name: StarPart(present=False, reason=f"{_REASON_ABSENT[name]} ({why})") for name in parts}
