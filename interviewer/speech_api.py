"""Spoken answers to text through an OpenAI-compatible transcription endpoint, when one is configured.

`INTERVIEWER_TRANSCRIBE_MODEL` (e.g. `whisper-1`) with `OPENAI_BASE_URL` and/or `OPENAI_API_KEY` sends each
recording to `POST {base}/audio/transcriptions` instead of the offline model. The file is checked and
decoded here first, exactly as for the offline model (`speech.sniff`, `speech.decode`): a text file, an
over-long or a silent recording is refused before anything is uploaded. The request asks for `verbose_json`
with word timestamps (pace and pauses need them) and the disfluent prompt, so "um" and "uh" are kept for
the filler count and dropped from the text that is graded. A server that gives no word timings gets its
words spread evenly over the recording: pace and length stay right, long pauses cannot be seen.

What it does not do: retry, fall back, or keep anything. Every failure is a `TranscriptionServiceError`;
`voice.py` falls back to the offline model then, so a failing service never loses an answer.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from interviewer.delivery import FILLED_PAUSE
from interviewer.errors import InterviewerError
from interviewer.speech import (
    DISFLUENT_PROMPT,
    MAX_SECONDS,
    SAMPLE_RATE,
    SILENT_PEAK,
    AudioError,
    Transcript,
    Word,
    decode,
    sniff,
)

_FILLED_PAUSE_AND_MARK = re.compile(FILLED_PAUSE.pattern + r"[,.]?", re.IGNORECASE)


class TranscriptionServiceError(InterviewerError):
    """The transcription endpoint failed or answered with something that is not a transcript."""


def transcribe_remote(path: Path, *, model: str, base_url: str | None, api_key: str | None,
                      timeout: float = 60.0, max_seconds: float = MAX_SECONDS) -> Transcript:
    """Transcribe one recording with the endpoint; AudioError for a bad file, TranscriptionServiceError for
    a failing service."""
    import openai

    path = Path(path)
    sniff(path)
    audio = decode(path, max_seconds=max_seconds)
    if audio.size == 0 or float(np.abs(audio).max()) < SILENT_PEAK:
        raise AudioError("No speech heard: the recording is silent. Check the microphone and record again.")
    duration = audio.size / SAMPLE_RATE
    client = openai.OpenAI(base_url=base_url, api_key=api_key or "not-needed", timeout=timeout, max_retries=0)
    try:
        with path.open("rb") as f:
            reply = client.audio.transcriptions.create(
                model=model, file=f, response_format="verbose_json", timestamp_granularities=["word"],
                language="en", prompt=DISFLUENT_PROMPT,
            )
    except openai.OpenAIError as exc:
        raise TranscriptionServiceError(f"the transcription service failed ({type(exc).__name__}: {exc})") from exc
    data: Any = reply.model_dump() if hasattr(reply, "model_dump") else reply
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise TranscriptionServiceError("the transcription service answered without a transcript")
    heard = data["text"].strip()
    if not heard:
        raise AudioError("No speech heard in the recording. Check the microphone and record again.")
    clean = " ".join(_FILLED_PAUSE_AND_MARK.sub(" ", heard).split())
    words = _words(data.get("words") or [], clean, float(data.get("duration") or duration))
    return Transcript(
        text=clean,
        words=words,
        duration_s=round(float(data.get("duration") or duration), 3),
        speech_s=round(words[-1].end - words[0].start, 3) if words else 0.0,
        language=str(data.get("language") or "en"),
        language_probability=1.0,
        confidence=1.0,
        disfluent_text=heard,
        model=f"{model} at {base_url or 'api.openai.com'}",
    )


def _words(given: list[dict[str, Any]], text: str, duration: float) -> list[Word]:
    """The endpoint's word timings (filled pauses dropped), or the text's words spread over the recording."""
    timed = []
    for w in given:
        bare = str(w.get("word", "")).strip(" ,.")
        if bare and not FILLED_PAUSE.fullmatch(bare):
            timed.append(Word(str(w["word"]).strip(), round(float(w["start"]), 3), round(float(w["end"]), 3), 1.0))
    if timed:
        return timed
    tokens = text.split()
    step = duration / max(len(tokens), 1)
    return [Word(t, round(i * step, 3), round((i + 1) * step, 3), 1.0) for i, t in enumerate(tokens)]
