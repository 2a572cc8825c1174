"""What an answer covers: the reference's main points, matched by meaning, and which question it answers.

A key point counts as covered when some answer sentence's embedding is close to it, whatever the words or
tools: a candidate's own story with other tools covers the same points. The guide's own story (its past-tense
narrative, "Example: …", week-by-week steps) is not required content and is filtered out; for
"Heading: story" bullets only the heading is kept.

On-topic compares the whole-answer vector with every question's profile (the question text and the centroid of
its main points). It is conservative: an answer is off topic only when it is far from the asked question or
another question fits it clearly better.

It does not embed text (the caller passes vectors) nor decide the grade.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from interviewer.models import KeyPoints, Question
from interviewer.segment import Sentence

_NUMBERING = re.compile(r"^\s*(?:\d+[.)]|step \d+:?|[-*•])\s*", re.IGNORECASE)
_PAREN_TIME = re.compile(r"\s*\((?:first|next|week|weeks|after|day|days|throughout|ongoing|monday|friday)[^)]*\)",
                         re.IGNORECASE)
_STORY_START = re.compile(
    r"^(?:(?:real |another )?example|e\.g\.|for (?:the |our |my )?\w+(?: \w+)? (?:pipeline|project|migration|system|"
    r"platform|dashboard)|in (?:the|our|my) \w+(?: \w+)? (?:pipeline|project|migration|system|calculations)|"
    r"during the|sprint \d|week \d|monday|outcome|result|impact|quantifiable|situation|task|my position|"
    r"teammate's position)\b",
    re.IGNORECASE,
)
_NARRATIVE = re.compile(
    r"\b(?:i|we|he|she|they)(?: \w+ly| also| then| had)? (?:\w+ed|built|wrote|met|took|ran|made|set up|chose|"
    r"broke|found|got|sent|did|led|kept|spent|saw|began|brought)\b|^(?:\w+ed|built|wrote|ran|found|set up)\b",
    re.IGNORECASE,
)


def _tidy(text: str) -> str:
    text = _PAREN_TIME.sub("", _NUMBERING.sub("", text)).strip(" :-—")
    return re.sub(r"\s+", " ", text)


def main_points(question: Question) -> list[str]:
    """The reference's key points that a candidate's own answer should cover, without the guide's own story."""
    story = " ".join(question.star.get(p, "") for p in ("situation", "task", "result")).lower()
    out: list[str] = []
    for raw in question.key_points:
        point = _tidy(raw)
        if not point:
            continue
        head, sep, rest = point.partition(":")
        if sep and len(head.split()) <= 6 and (_NARRATIVE.search(rest) or re.search(r"\d", rest)):
            point = head.strip()  # "Phased Delivery: I delivered …" -> "Phased Delivery"
        elif _NARRATIVE.search(point) or (story and point.lower() in story):
            continue
        if _STORY_START.match(point) or len(re.findall(r"\w+", point)) < 2:
            continue
        if point not in out:
            out.append(point)
    return out or [_tidy(question.text)]


TOPIC_POINTS = 8


def topic_points(question: Question, limit: int = TOPIC_POINTS) -> list[str]:
    """A few headline points (short headings first) that say what the question is about, for its topic vector."""
    points = main_points(question)
    headings = [p for p in points if len(p.split()) <= 7 and "?" not in p]
    return (headings + [p for p in points if p not in headings])[:limit]


def topic_profile(question_vec: np.ndarray, point_vecs: np.ndarray) -> np.ndarray:
    """One unit vector per question: the question and the centroid of its main points, equally weighted."""
    centroid = point_vecs.mean(axis=0) if len(point_vecs) else question_vec
    centroid = centroid / max(float(np.linalg.norm(centroid)), 1e-9)
    profile = question_vec + centroid
    return profile / max(float(np.linalg.norm(profile)), 1e-9)


def answer_vector(sentence_vecs: np.ndarray, weights: Sequence[int]) -> np.ndarray:
    """The whole answer as the word-weighted mean of its sentence vectors, renormalised."""
    if not len(sentence_vecs):
        return np.zeros(sentence_vecs.shape[1] if sentence_vecs.ndim == 2 else 0, dtype=np.float32)
    w = np.asarray(weights, dtype=np.float32)[:, None]
    v = (sentence_vecs * w).sum(axis=0)
    return v / max(float(np.linalg.norm(v)), 1e-9)


def key_points(points: Sequence[str], sims: np.ndarray, sentences: Sequence[Sentence],
               threshold: float) -> KeyPoints:
    """Covered/missed main points; `sims` is (len(sentences), len(points))."""
    result = KeyPoints()
    for j, point in enumerate(points):
        column = sims[:, j] if len(sentences) else np.zeros(0)
        if len(column) and float(column.max()) >= threshold:
            result.covered.append(point)
            result.evidence[point] = sentences[int(column.argmax())].quote
        else:
            result.missed.append(point)
    return result


def topic_decision(scores: np.ndarray, asked: int, ids: Sequence[str], min_score: float,
                   margin: float) -> tuple[bool, str | None, str]:
    """(on_topic, better_match, reason) from each question's topic score and the asked question's index."""
    own = float(scores[asked])
    others = scores.copy()
    others[asked] = -np.inf
    best = int(others.argmax()) if len(scores) > 1 else asked
    lead = float(scores[best]) - own if best != asked else 0.0
    if lead >= margin:
        return False, ids[best], f"fits {ids[best]} better than the asked question ({scores[best]:.2f} vs {own:.2f})"
    if own < min_score:
        return False, None, f"far from the question (similarity {own:.2f} < {min_score:.2f})"
    return True, None, f"on topic (similarity {own:.2f})"
