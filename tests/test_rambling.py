"""The rambling rules on measurements alone: no embedding, no grader."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from interviewer import rambling
from interviewer.params import DEFAULT_PARAMS
from interviewer.segment import segment


def _signals(text: str, **kw: float) -> SimpleNamespace:
    base = {"repeat_share": 0.0, "filler_density": 2.0, "digressions": 0, "generic_sentences": 0, "signposts": 0}
    return SimpleNamespace(seg=segment(text), **{**base, **kw})


LONG = " ".join(f"Step {i} of the work moved the pipeline forward in a measured way." for i in range(45))


def test_past_the_length_rambles_unless_its_structure_stays_in_view() -> None:
    p = DEFAULT_PARAMS
    assert p["ramble_words"] < segment(LONG).word_count <= p["ramble_structured_max_words"]
    quote = rambling.rambling(_signals(LONG), p)
    assert quote is not None and quote in LONG
    assert rambling.rambling(_signals(LONG, signposts=p["ramble_signposts"]), p) is None
    # signposts do not excuse filler talk
    chatty = _signals(LONG, signposts=p["ramble_signposts"], filler_density=p["ramble_fillers_with_sign"])
    assert rambling.rambling(chatty, p) is not None


def test_buried_structure_and_the_reason_names_the_signs() -> None:
    p = DEFAULT_PARAMS
    text = " ".join(["So we basically did some stuff with the data and then like more things happened."] * 12)
    assert rambling.rambling(_signals(text), p) is None
    s = _signals(text, filler_density=p["ramble_fillers_per_100"], digressions=1)
    assert rambling.rambling(s, p) is not None
    assert rambling.reason(s, p).startswith(f"rambling ({s.seg.word_count} words") and "1 digression" in rambling.reason(s, p)


def test_repeat_share_counts_near_copies_of_earlier_sentences() -> None:
    v = np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]], dtype=np.float32)
    assert rambling.repeat_share(v, 0.9) == 0.5
    assert rambling.repeat_share(v[:2], 0.9) == 0.0
