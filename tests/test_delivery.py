"""Delivery metrics on hand-built transcripts: pace, fillers, pauses from word timestamps, length, WER."""

from __future__ import annotations

import pytest

from interviewer.delivery import (
    FILLER_NOTE,
    FILLER_NOTE_UNPRIMED,
    count_fillers,
    delivery_metrics,
    normalise_words,
    word_error_rate,
)
from interviewer.speech import Transcript, Word


def transcript(
    n_words: int, seconds: float, *, gaps: dict[int, float] | None = None, disfluent: str | None = ""
) -> Transcript:
    """`n_words` evenly spread over `seconds`; `gaps` adds silence after word i."""
    step = seconds / n_words
    words, t = [], 0.0
    for i in range(n_words):
        words.append(Word(f"w{i}", round(t, 3), round(t + step * 0.8, 3), 0.9))
        t += step + (gaps or {}).get(i, 0.0)
    return Transcript(
        text=" ".join(w.word for w in words),
        words=words,
        duration_s=t,
        speech_s=t,
        language="en",
        language_probability=1.0,
        confidence=0.9,
        disfluent_text=disfluent,
    )


def test_pace_is_words_per_minute_of_speaking_time() -> None:
    d = delivery_metrics(transcript(300, 120))
    assert d.pace.value == pytest.approx(300 / (d.speaking_s / 60), rel=1e-3)
    assert 149 < d.pace.value < 152
    assert d.pace.verdict == "ok" and "conversational" in d.pace.message
    assert delivery_metrics(transcript(200, 120)).pace.verdict == "low"
    assert delivery_metrics(transcript(400, 120)).pace.verdict == "high"
    assert "130–160" in d.pace.norm.source


def test_long_pauses_come_from_word_timestamps() -> None:
    d = delivery_metrics(transcript(100, 60, gaps={10: 2.5, 50: 1.0, 70: 3.0}))
    assert [p.after for p in d.pauses] == ["w10", "w70"]
    assert d.pauses[0].seconds == pytest.approx(2.5 + 0.6 * 0.2, abs=0.01)
    assert d.long_pauses.value == 2 and d.long_pauses.verdict == "high"
    one = delivery_metrics(transcript(100, 60, gaps={10: 2.5}))
    assert one.long_pauses.verdict == "ok" and "w10" in one.long_pauses.message


def test_length_against_the_guides_two_to_three_minutes() -> None:
    assert delivery_metrics(transcript(150, 60)).length.verdict == "low"
    assert delivery_metrics(transcript(350, 150)).length.verdict == "ok"
    long = delivery_metrics(transcript(600, 240))
    assert long.length.verdict == "high" and long.length.value == pytest.approx(4.0, abs=0.01)
    assert "2-3 minute" in long.length.norm.source


def test_filled_pauses_are_counted_from_the_disfluent_decoding() -> None:
    t = transcript(150, 60, disfluent="So, um, we, uh, fixed it. Umm, then, uh, er, hmm, we shipped.")
    d = delivery_metrics(t)
    assert d.fillers == {"um": 2, "uh": 2, "er": 1, "hmm": 1}
    assert d.filler_rate.value == pytest.approx(6 / (d.speaking_s / 60), rel=1e-3)
    assert d.filler_rate.verdict == "high" and "hesitant" in d.filler_rate.message
    assert "Götz" in d.filler_rate.norm.source
    assert d.filler_note == FILLER_NOTE and "52" in d.filler_note


def test_fluent_and_no_disfluent_pass() -> None:
    d = delivery_metrics(transcript(150, 60, disfluent=None))
    assert d.fillers == {} and d.filler_rate.verdict == "ok"
    assert d.filler_note == FILLER_NOTE_UNPRIMED


def test_discourse_markers_only_when_used_as_fillers() -> None:
    text = (
        "I mean, it was, like, slow. We used tools like Spark, and I feel like, you know, it basically "
        "worked. I mean the table. You know the schema. It looks like, honestly, fine. Kind of join."
    )
    assert count_fillers(text) == {"i mean": 1, "like": 1, "you know": 1, "basically": 1}


def test_empty_transcript_does_not_divide_by_zero() -> None:
    empty = Transcript(
        text="", words=[], duration_s=0, speech_s=0, language="en", language_probability=1, confidence=0
    )
    d = delivery_metrics(empty)
    assert d.words == 0 and d.pace.value == 0 and d.filler_rate.value == 0


def test_word_error_rate_normalises_numbers_and_punctuation() -> None:
    assert normalise_words("Failures fell 99%, from 12 to 1.") == (
        ["failures", "fell", "ninety", "nine", "percent", "from", "twelve", "to", "one"]
    )
    assert word_error_rate("dropped from twelve a month to one", "Dropped from 12 a month to 1.") == 0
    assert word_error_rate("a b c d", "a x c") == pytest.approx(0.5)
    assert word_error_rate("a b", "a b c d") == pytest.approx(1.0)


def test_a_session_pools_its_spoken_answers_against_the_same_norms() -> None:
    from interviewer.delivery import summarize_delivery

    assert summarize_delivery([]) is None
    fast = delivery_metrics(transcript(425, 150, disfluent="um " * 12))  # 2.5 min, ~170 wpm, ~5 fillers/min
    slow = delivery_metrics(transcript(60, 30, gaps={10: 3.0, 20: 3.0}))  # a follow-up, two long pauses
    summary = summarize_delivery([(fast, True), (slow, False)])
    assert summary is not None and summary.answers == 2 and summary.words == 485
    minutes = (fast.speaking_s + slow.speaking_s) / 60
    assert summary.pace.value == pytest.approx(485 / minutes, rel=1e-2)  # pooled, not an average of rates
    assert summary.fillers == {"um": 12}
    assert summary.filler_rate.value == pytest.approx(12 / minutes, rel=1e-2)
    assert summary.long_pauses.value == 2 and summary.long_pauses.verdict == "ok"  # only one halting answer
    assert summary.lengths == {"low": 0, "ok": 1, "high": 0}  # length is judged on the main answer only
    assert "1 of 1 main answers" in summary.length.message
    assert summary.filler_note == FILLER_NOTE
    unprimed = delivery_metrics(transcript(100, 40, disfluent=None))
    assert summarize_delivery([(fast, True), (unprimed, True)]).filler_note == FILLER_NOTE_UNPRIMED
