"""Transcription through a real OpenAI-compatible HTTP server on 127.0.0.1, and the fall back to offline."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from llm_server import FakeOpenAIServer

from interviewer.settings import load_settings
from interviewer.speech import AudioError
from interviewer.speech_api import TranscriptionServiceError, transcribe_remote
from interviewer.voice import listen

pytestmark = pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed (CI installs it)")


@pytest.fixture
def server():
    fake = FakeOpenAIServer().start()
    yield fake
    fake.stop()


@pytest.fixture
def wav(tmp_path: Path) -> Path:
    path = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(path),
                    "I added a contract test and the failures stopped within a week."], check=True)
    return path


def test_the_endpoint_transcribes_with_word_timings_and_fillers_kept_apart(server, wav: Path) -> None:
    t = transcribe_remote(wav, model="whisper-1", base_url=server.base_url, api_key="k")
    assert t.text == "so I added a contract test and the failures stopped"  # "um", "uh" out of the graded text
    assert "um" in t.disfluent_text and "uh" in t.disfluent_text  # kept for the filler count
    assert [w.word for w in t.words][:2] == ["so", "I"] and t.words[1].start == 0.8  # the server's timings
    sent = server.requests[-1]["transcription"]
    assert sent["model"] == ["whisper-1"] and sent["response_format"] == ["verbose_json"]
    assert sent["timestamp_granularities[]"] == ["word"] and "Um" in sent["prompt"][0]
    assert sent["file_bytes"] == wav.stat().st_size


def test_a_server_without_word_timings_gets_the_words_spread_over_the_recording(server, wav: Path) -> None:
    server.transcription = lambda fields: {"text": "We fixed it in two days.", "duration": 4.0}
    t = transcribe_remote(wav, model="gpt-4o-transcribe", base_url=server.base_url, api_key="k")
    assert [w.word for w in t.words] == ["We", "fixed", "it", "in", "two", "days."]
    assert t.words[-1].end == pytest.approx(4.0)


def test_bad_audio_is_refused_before_anything_is_uploaded(server, tmp_path: Path) -> None:
    fake = tmp_path / "answer.wav"
    fake.write_text("not audio", encoding="utf-8")
    with pytest.raises(AudioError, match="text file"):
        transcribe_remote(fake, model="whisper-1", base_url=server.base_url, api_key="k")
    assert server.requests == []


def test_a_failing_service_falls_back_to_the_offline_model_with_a_note(server, wav: Path) -> None:
    server.script = ["500"]
    with pytest.raises(TranscriptionServiceError):
        transcribe_remote(wav, model="whisper-1", base_url=server.base_url, api_key="k")
    server.script = ["500"]
    settings = load_settings({"INTERVIEWER_HOME": "/tmp/unused", "OPENAI_BASE_URL": server.base_url,
                              "INTERVIEWER_TRANSCRIBE_MODEL": "whisper-1"})
    spoken = listen(wav, settings=settings)
    assert spoken.error is None and "contract test" in spoken.text.lower()  # offline Whisper heard it
    assert spoken.note and "transcribed offline instead" in spoken.note
    assert spoken.delivery is not None


def test_the_cli_uses_the_configured_endpoint(server, wav: Path, home: Path, monkeypatch) -> None:
    from interviewer.cli import main

    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("INTERVIEWER_TRANSCRIBE_MODEL", "whisper-1")
    result = CliRunner().invoke(main, ["transcribe", str(wav)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "so I added a contract test" in result.output and "with whisper-1" in result.output
