"""Naive baselines scored on the same labelled cases, so the grader's and the store's margin is visible.

Answers: (a) the word count alone as the overall score; (b) the cosine between the answer and the
guide's reference answer, times a length factor that rewards the 150–450 words the rubric asks for.
Both are continuous scores, so only their Spearman correlation with the labelled grade is reported.
Retrieval: plain dense retrieval against the text of each question alone (no reference answer, no
key points, no reranking).

It loads no model: the embedder and the guide's texts come in as callables, as in `evaluate`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from interviewer.evaluate import AnswerCase, EmbedFn, RetrievalCase, retrieval_metrics, spearman

LOW_WORDS, HIGH_WORDS = 150, 450
"""The rubric's length for a grade-5 answer (evals/SCHEMA.md)."""


def word_count(text: str) -> int:
    return len(text.split())


def length_factor(words: int) -> float:
    """1 inside 150–450 words, rising linearly from 0 below, falling as 450/words above."""
    if words < LOW_WORDS:
        return words / LOW_WORDS
    if words <= HIGH_WORDS:
        return 1.0
    return HIGH_WORDS / words


def _unit_rows(texts: Sequence[str], embed: EmbedFn) -> np.ndarray:
    """Embedded rows, re-normalised so that a dot product is a cosine whatever the embedder returns."""
    m = np.asarray(embed(list(texts)), dtype=float)
    return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-12)


def baseline_answers(
    cases: Sequence[AnswerCase],
    embed: EmbedFn | None = None,
    reference_text: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """{"word_count": {"spearman"}} always, plus {"reference_cosine": {"spearman"}} when both `embed`
    and `reference_text` (question id -> reference answer) are given."""
    gold = [c.labels.overall for c in cases]
    counts = [word_count(c.answer) for c in cases]
    out: dict[str, Any] = {"word_count": {"spearman": spearman(gold, counts)}}
    if embed is not None and reference_text is not None and cases:
        answers = _unit_rows([c.answer for c in cases], embed)
        references = _unit_rows([reference_text(c.question_id) for c in cases], embed)
        cosine = np.einsum("ij,ij->i", answers, references)
        scores = cosine * np.array([length_factor(n) for n in counts])
        out["reference_cosine"] = {"spearman": spearman(gold, scores.tolist())}
    return out


def baseline_retrieval(
    cases: Sequence[RetrievalCase], embed: EmbedFn, questions: Mapping[str, str]
) -> dict[str, Any]:
    """{"question_only": {n, recall_at_1, recall_at_3, mrr}}: each query ranked against the question
    texts alone (`questions`: question id -> question text) by cosine."""
    ids = list(questions)
    if not cases or not ids:
        return {"question_only": retrieval_metrics([c.question_id for c in cases], [[] for _ in cases])}
    similarity = (
        _unit_rows([c.query for c in cases], embed) @ _unit_rows([questions[i] for i in ids], embed).T
    )
    order = np.argsort(-similarity, axis=1, kind="stable")
    ranked = [[ids[j] for j in row] for row in order]
    return {"question_only": retrieval_metrics([c.question_id for c in cases], ranked)}
