"""Spoken answers for the front ends: a recording in, the transcript and its delivery out, or a clear message.

Shared by the web page, the terminal interview (`--audio-dir`) and the CLI, so each front end only shows what
comes back. It never raises for bad audio: an unusable recording becomes `SpokenAnswer.error`, the message
the candidate sees, and the interview goes on. Nothing is kept between calls, so nothing from one turn can
leak into the next. It does not grade: the transcript is graded like a typed answer.

Offline Whisper by default; the configured transcription endpoint (`speech_api.py`) when the settings name
one, falling back to the offline model, with a note, when that service fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from interviewer.delivery import Delivery, delivery_metrics
from interviewer.speech import MAX_SECONDS, AudioError, Transcript, transcribe

if TYPE_CHECKING:
    from interviewer.settings import Settings

AUDIO_SUFFIXES = (".wav", ".mp3", ".webm", ".ogg", ".opus", ".m4a", ".flac")


@dataclass(frozen=True)
class SpokenAnswer:
    text: str = ""
    delivery: Delivery | None = None
    error: str | None = None
    """What was wrong with the recording, in words the candidate can act on; None when it transcribed."""
    note: str | None = None
    """Something the candidate should know, e.g. the service failed and the offline model was used."""


def transcribe_with(path: Path, settings: Settings | None = None,
                    max_seconds: float = MAX_SECONDS) -> tuple[Transcript, str | None]:
    """(transcript, note): with the endpoint the settings name, else offline. AudioError for bad audio; a
    failing service falls back to the offline model and says so in the note."""
    if settings is not None and settings.remote_transcription:
        from interviewer.speech_api import TranscriptionServiceError, transcribe_remote

        assert settings.transcribe_model is not None
        try:
            return transcribe_remote(path, model=settings.transcribe_model, base_url=settings.base_url,
                                     api_key=settings.api_key, timeout=max(settings.llm_timeout, 60.0),
                                     max_seconds=max_seconds), None
        except TranscriptionServiceError as exc:
            note = f"{exc}; transcribed offline instead."
            return transcribe(path, max_seconds=max_seconds), note[0].upper() + note[1:]
    return transcribe(path, max_seconds=max_seconds), None


def listen(path: Path | str | None, max_seconds: float = MAX_SECONDS,
           settings: Settings | None = None) -> SpokenAnswer:
    """Transcribe one recording; bad audio of any kind comes back as `error`, never as an exception."""
    if path is None or not str(path).strip():
        return SpokenAnswer(error="No recording received: record an answer or upload a file first.")
    try:
        transcript, note = transcribe_with(Path(path), settings, max_seconds)
    except AudioError as exc:
        return SpokenAnswer(error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a broken decoder must not end the session
        return SpokenAnswer(error=f"The recording could not be transcribed ({type(exc).__name__}). "
                                  "Try again, or type the answer.")
    return SpokenAnswer(text=transcript.text.strip(), delivery=delivery_metrics(transcript), note=note)


def recordings(folder: Path) -> list[Path]:
    """The audio files of a folder in name order: one per turn for `interviewer interview --audio-dir`."""
    if not folder.is_dir():
        raise AudioError(f"{folder} is not a folder of recordings")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES)
    if not files:
        raise AudioError(f"no recordings in {folder} (looked for {', '.join(AUDIO_SUFFIXES)})")
    return files
