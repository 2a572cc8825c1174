"""Whether an answer rambles (too long, repetitive, or talk with its structure buried), where, and why.

Pure functions over measurements the grader has already taken (word count, near-repeated sentences, filler talk,
digressions, generic sentences, signposts of structure); the thresholds are the grader's params (grading.py says
how each was chosen). With the learned flag (flag_model.py) the grader decides from the same measurements and
uses only `where` and `signs` from here. It does not embed or segment text, and it does not decide the grade.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import numpy as np

from interviewer import flags
from interviewer.segment import Segmented, Sentence


class Signals(Protocol):
    """What the rambling rules read (the grader's `Analysis` has all of it)."""

    seg: Segmented
    repeat_share: float
    filler_density: float
    digressions: int
    generic_sentences: int
    signposts: int


def repeat_share(vecs: np.ndarray, threshold: float) -> float:
    """Share of sentences that nearly repeat an earlier one (cosine of their vectors ≥ `threshold`)."""
    if len(vecs) < 3:
        return 0.0
    sims = np.tril(vecs @ vecs.T, k=-1)
    return float((sims.max(axis=1) >= threshold).sum() / len(vecs))


def rambling(a: Signals, p: Mapping[str, float]) -> str | None:
    """The sentence to quote when the answer rambles, else None.

    Too long (past `ramble_words`, unless its structure stays in view: enough signposts, little filler, not past
    `ramble_structured_max_words`) or repetitive: the sentence where it passes the length a structured answer
    needs. Talk with the structure buried (filler talk, digressions, or filler with a second sign): the wordiest
    sentence."""
    quote = too_long(a, p)
    if quote is not None:
        return quote
    wc = a.seg.word_count
    second_sign = a.digressions >= 1 or a.generic_sentences >= 2
    buried = wc >= p["ramble_talk_words"] and (
        a.filler_density >= p["ramble_fillers_per_100"] or a.digressions >= p["ramble_digressions"]
        or (a.filler_density >= p["ramble_fillers_with_sign"] and second_sign))
    if buried:
        return _wordiest(a.seg.sentences)
    return None


def too_long(a: Signals, p: Mapping[str, float]) -> str | None:
    """The sentence where the answer passes the length a structured answer needs, when it is too long (past
    `ramble_words`, unless its structure stays in view: enough signposts, little filler, not past
    `ramble_structured_max_words`) or repetitive; else None."""
    wc = a.seg.word_count
    repeated = wc >= p["ramble_repeat_words"] and a.repeat_share >= p["ramble_repeat_share"]
    structured = (a.signposts >= p["ramble_signposts"] and a.filler_density < p["ramble_fillers_with_sign"]
                  and wc <= p["ramble_structured_max_words"])
    if (wc > p["ramble_words"] and not structured) or repeated:
        return _past_the_length(a.seg, p)
    return None


def reason(a: Signals, p: Mapping[str, float]) -> str:
    """The signs that were seen, as a reason line: "rambling (512 words, repetitive, 1 digression)"."""
    why = [f"{a.seg.word_count} words"] + (["repetitive"] if a.repeat_share >= p["ramble_repeat_share"] else [])
    if a.filler_density >= p["ramble_fillers_with_sign"]:
        why.append(f"{a.filler_density:.0f} filler words per 100")
    if a.digressions:
        why.append(f"{a.digressions} digression{'s' if a.digressions > 1 else ''}")
    if a.generic_sentences >= 2 and a.filler_density >= p["ramble_fillers_with_sign"]:
        why.append(f"{a.generic_sentences} generic sentences")
    return f"rambling ({', '.join(why)})"


def where(a: Signals, p: Mapping[str, float]) -> str:
    """The sentence to quote for a rambling answer: where it passes the length a structured answer needs, or, in
    an answer within that length, the sentence with the most filler talk or a digression."""
    if a.seg.word_count > p["words_for_5_max"]:
        return _past_the_length(a.seg, p)
    return _wordiest(a.seg.sentences) if a.seg.sentences else ""


def signs(a: Signals) -> str:
    """The measurements a reader can check: "512 words, 30% of sentences repeat an earlier one, 6 filler words per
    100, 1 digression, 0 signposts"."""
    parts = [f"{a.seg.word_count} words"]
    if a.repeat_share:
        parts.append(f"{a.repeat_share:.0%} of sentences repeat an earlier one")
    parts.append(f"{a.filler_density:.0f} filler words per 100")
    if a.digressions:
        parts.append(f"{a.digressions} digression{'s' if a.digressions > 1 else ''}")
    parts.append(f"{a.signposts} signpost{'' if a.signposts == 1 else 's'} of structure")
    return ", ".join(parts)


def _past_the_length(seg: Segmented, p: Mapping[str, float]) -> str:
    """The sentence where the answer passes the length a structured answer needs."""
    count = 0
    for s in seg.sentences:
        count += s.words
        if count > p["words_for_5_max"]:
            return s.quote
    return seg.sentences[-1].quote if seg.sentences else ""


def _wordiest(sentences: Sequence[Sentence]) -> str:
    """The sentence with the most filler talk or a digression: where the structure is buried."""
    best = max(sentences, key=lambda s: (len(flags.DIGRESSION.findall(s.text)), len(flags.FILLER_TALK.findall(s.text))))
    return best.quote
