"""evidence.pinpoint: a quoted piece of several told sentences narrowed to those with the part's cue."""

from __future__ import annotations

import numpy as np

from interviewer.evidence import flag_quote, pinpoint
from interviewer.models import StarPart
from interviewer.segment import Sentence, merge_short, segment

ANSWER = "The nightly job kept failing. I owned it. I salted the skewed key and loads finished in forty minutes."


def _parts(evidence: list[str]) -> dict:
    return {"situation": StarPart(present=True, evidence=evidence), "task": StarPart(present=True, evidence=evidence),
            "action": StarPart(present=False), "result": StarPart(present=True, evidence=evidence)}


def test_a_piece_is_narrowed_to_the_told_sentences_with_the_parts_cue() -> None:
    told = segment(ANSWER).sentences
    pieces = merge_short(ANSWER, told)
    assert len(told) == 3 and len(pieces) == 1
    cues = np.zeros((3, 4), dtype=np.float32)
    cues[0, 0] = cues[1, 1] = 1.0  # situation cue in the first sentence, task cue in the second
    out = pinpoint(_parts([pieces[0].quote]), pieces, told, cues)
    assert out["situation"].evidence == ["The nightly job kept failing."]
    assert out["task"].evidence == ["I owned it."]
    assert out["result"].evidence == [pieces[0].quote]  # no told sentence has the cue: the piece stays
    assert out["action"].evidence == []


def test_a_cue_in_every_told_sentence_or_a_single_sentence_keeps_the_quote() -> None:
    told = segment(ANSWER).sentences
    pieces = merge_short(ANSWER, told)
    cues = np.ones((3, 4), dtype=np.float32)
    assert pinpoint(_parts([pieces[0].quote]), pieces, told, cues)["task"].evidence == [pieces[0].quote]
    lone = [Sentence(0, 5, "Hello", "Hello", 1)]
    parts = {"situation": StarPart(present=True, evidence=["Hello"])}
    assert pinpoint(parts, lone, lone, np.ones((1, 4)))["situation"].evidence == ["Hello"]


def test_a_flag_quote_is_narrowed_to_the_sentence_that_shows_it() -> None:
    answer = "Our load broke. It was the platform team's fault. I fixed the model."
    told = segment(answer).sentences
    pieces = merge_short(answer, told)
    assert len(pieces) == 1
    at_fault = lambda text: "fault" in text
    assert flag_quote(pieces[0].quote, pieces, told, at_fault) == "It was the platform team's fault."
    assert flag_quote(pieces[0].quote, pieces, told, lambda text: True) == pieces[0].quote
    assert flag_quote("not a piece", pieces, told, at_fault) == "not a piece"


def test_a_sentence_is_quoted_once_and_a_part_keeps_at_most_two_quotes() -> None:
    answer = "The job kept failing. I owned it. The load was late. I owned it. It failed. I owned it. Done."
    told = segment(answer).sentences
    pieces = merge_short(answer, told)
    assert len(pieces) == 1
    cues = np.zeros((len(told), 4), dtype=np.float32)
    cues[[1, 3], 1] = 1.0  # "I owned it." twice: quoted once
    parts = {"task": StarPart(present=True, evidence=[pieces[0].quote])}
    assert pinpoint(parts, pieces, told, cues)["task"].evidence == ["I owned it."]
    cues[[0, 2, 4], 0] = 1.0  # three different situation sentences: more than two quotes, so the piece stays
    parts = {"situation": StarPart(present=True, evidence=[pieces[0].quote])}
    assert pinpoint(parts, pieces, told, cues)["situation"].evidence == [pieces[0].quote]
