"""Delivery coaching for a spoken answer: pace, fillers, long pauses and length, each against a stated norm.

Pure: a `Transcript` (from `speech.py`) in, a `Delivery` record out, and a session's deliveries pooled
into a `DeliverySummary`; no audio, no model, no I/O. Also holds the word-error-rate helper the speech tests and benchmark use to check transcripts.

What it does not do: judge content (that is grading's job), or count fillers Whisper never wrote down.
Whisper leaves out most "um"/"uh" unless primed; `speech.py` decodes a second time with a disfluent
prompt, and `FILLER_NOTE` says how many it still missed on test audio instead of claiming a clean zero.

Which fillers are counted, and why:
- Filled pauses: um, uh, er, erm, ah, hmm, mm (and stretched spellings such as "umm"). Always
  fillers; they are what the fluency norms below count. Taken from the disfluent decoding.
- "you know", "I mean", "like": discourse markers that work as fillers when a comma follows, as
  Whisper punctuates them ("it was, like, slow"; "I mean, we…"). Counted only then, and "like" not
  after "feel", "looks", "would" and the like, so "I mean the table", "you know the schema" and
  "tools like Spark" are left alone. Punctuation is Whisper's guess, so these counts err low.
- "basically": always; in an answer it pads rather than informs.
- Not counted: "actually", "sort of", "kind of", "so", "right". They usually carry meaning in a
  technical answer ("this kind of join", "it actually failed"); counting them would fault plain English.
"""

from __future__ import annotations

import itertools
import re

from pydantic import BaseModel, Field

from interviewer.models import Delivery, Measure, Norm, Pause
from interviewer.speech import Transcript

__all__ = [
    "Delivery", "DeliverySummary", "Measure", "Norm", "Pause",
    "count_fillers", "delivery_metrics", "summarize_delivery", "word_error_rate",
]

WPM_LOW, WPM_HIGH = 130.0, 160.0
FLUENT_FILLERS_PER_MIN, HESITANT_FILLERS_PER_MIN = 1.2, 4.8
LONG_PAUSE_S = 2.0
LENGTH_LOW_MIN, LENGTH_HIGH_MIN = 2.0, 3.0

WPM_SOURCE = (
    "Conversational English runs at about 130–160 words a minute (the range commonly quoted for "
    "conversation, e.g. the US National Center for Voice and Speech's ≈150 wpm)."
)
FILLER_SOURCE = (
    "Götz (2013), Fluency in Native and Nonnative English Speech, as cited in this project's brief: "
    "about 1.2 fillers a minute reads as fluent, about 4.8 a minute as hesitant."
)
PAUSE_SOURCE = (
    "Silences over 2 s between words, from Whisper's word timestamps. The 2-second line and 'at most "
    "one per answer' are this app's choices, not a published norm."
)
LENGTH_SOURCE = "The guide's Final Preparation Tips: \"Don't ramble. Aim for 2-3 minute answers.\""

FILLER_NOTE = (
    "Filled pauses (um, uh) come from a second decoding primed with a disfluent prompt; plain Whisper "
    "leaves them out (it kept 0 of 52 on our 3-minute test answer). Primed, it kept 52 of 52 there and "
    "added none to a fluent answer, but that audio is espeak-ng speaking 'um' as a clear word: soft or "
    "very short hesitations from a real voice are missed more often, so read this count as a floor."
)
FILLER_NOTE_UNPRIMED = (
    "Filler count taken from the plain transcript only: Whisper leaves out nearly every 'um' and 'uh' "
    "(0 of 52 kept on our test audio), so a low count here says little about your fluency."
)

FILLED_PAUSE = re.compile(r"\b(u+m+|u+h+|e+r+m*|a+h+|h+m+|m{2,})\b", re.IGNORECASE)
_NOT_FILLER_LIKE = "".join(
    f"(?<!{w} )" for w in ("feel", "felt", "looks", "looked", "seems", "sounds", "would", "something")
)
MARKERS = {
    "you know": re.compile(r"\byou know(?=,)", re.IGNORECASE),
    "i mean": re.compile(r"\bi mean(?=,)", re.IGNORECASE),
    "like": re.compile(rf"\b{_NOT_FILLER_LIKE}like(?=,)", re.IGNORECASE),
    "basically": re.compile(r"\bbasically\b", re.IGNORECASE),
}


def delivery_metrics(transcript: Transcript) -> Delivery:
    words = transcript.words
    speaking_s = max(words[-1].end - words[0].start, 0.0) if words else 0.0
    minutes = speaking_s / 60
    fillers = count_fillers(transcript.text, transcript.disfluent_text)
    pauses = [
        Pause(start=a.end, end=b.start, seconds=round(b.start - a.end, 2), after=a.word)
        for a, b in itertools.pairwise(words)
        if b.start - a.end > LONG_PAUSE_S
    ]
    wpm = len(words) / minutes if minutes else 0.0
    rate = sum(fillers.values()) / minutes if minutes else 0.0
    return Delivery(
        words=len(words),
        speaking_s=round(speaking_s, 2),
        pace=_pace(wpm),
        fillers=fillers,
        filler_rate=_filler_rate(rate),
        pauses=pauses,
        long_pauses=_long_pauses(pauses),
        length=_length(minutes),
        filler_note=FILLER_NOTE if transcript.disfluent_text is not None else FILLER_NOTE_UNPRIMED,
    )


class DeliverySummary(BaseModel):
    """Delivery over a session's spoken answers: the same four figures, pooled, against the same norms."""

    answers: int
    """Spoken answers (main answers and follow-ups)."""
    words: int
    speaking_s: float
    pace: Measure
    """Words over speaking time, all spoken answers pooled."""
    fillers: dict[str, int] = Field(default_factory=dict)
    filler_rate: Measure
    long_pauses: Measure
    """Silences over 2 s in all answers; "high" when more than one answer had more than one."""
    length: Measure
    """Average length of the spoken main answers (follow-up answers are short by nature)."""
    lengths: dict[str, int] = Field(default_factory=dict)
    """Spoken main answers by length verdict: {"low": 2, "ok": 1, "high": 0}."""
    filler_note: str


def summarize_delivery(spoken: list[tuple[Delivery, bool]]) -> DeliverySummary | None:
    """Pool the delivery of a session's spoken answers, given as (delivery, is a main answer) pairs.

    None when nothing was spoken. Pace and filler rate are pooled over all speaking time, so a long
    answer weighs more than a one-line follow-up; length is judged on main answers only.
    """
    if not spoken:
        return None
    deliveries = [d for d, _ in spoken]
    words = sum(d.words for d in deliveries)
    speaking_s = sum(d.speaking_s for d in deliveries)
    minutes = speaking_s / 60
    fillers: dict[str, int] = {}
    for d in deliveries:
        for kind, n in d.fillers.items():
            fillers[kind] = fillers.get(kind, 0) + n
    main = [d for d, is_main in spoken if is_main] or deliveries
    lengths = {v: sum(d.length.verdict == v for d in main) for v in ("low", "ok", "high")}
    average_min = sum(d.speaking_s for d in main) / 60 / len(main)
    length = _length(average_min)
    length.message = (f"{lengths['ok']} of {len(main)} main answers within the guide's 2–3 minutes "
                      f"({lengths['low']} shorter, {lengths['high']} longer); average {average_min:.1f} min.")
    n_pauses = sum(len(d.pauses) for d in deliveries)
    halting = sum(len(d.pauses) > 1 for d in deliveries)
    long_pauses = Measure(
        value=n_pauses, unit="pauses over 2 s", verdict="high" if halting > 1 else "ok",
        message=(f"{n_pauses} silence{'s' if n_pauses != 1 else ''} over 2 seconds in {len(deliveries)} "
                 f"spoken answer{'s' if len(deliveries) != 1 else ''}"
                 + (f"; {halting} answers had more than one: plan each part before you start it." if halting > 1
                    else ".")),
        norm=deliveries[0].long_pauses.norm,
    )
    primed = all(d.filler_note == FILLER_NOTE for d in deliveries)
    return DeliverySummary(
        answers=len(deliveries),
        words=words,
        speaking_s=round(speaking_s, 2),
        pace=_pace(words / minutes if minutes else 0.0),
        fillers=fillers,
        filler_rate=_filler_rate(sum(fillers.values()) / minutes if minutes else 0.0),
        long_pauses=long_pauses,
        length=length,
        lengths=lengths,
        filler_note=FILLER_NOTE if primed else FILLER_NOTE_UNPRIMED,
    )


def count_fillers(text: str, disfluent_text: str | None = None) -> dict[str, int]:
    """Fillers by kind: filled pauses from `disfluent_text` when given, discourse markers from `text`."""
    counts: dict[str, int] = {}
    for m in FILLED_PAUSE.finditer(disfluent_text if disfluent_text is not None else text):
        kind = _filled_pause_kind(m.group(1).lower())
        counts[kind] = counts.get(kind, 0) + 1
    for kind, pattern in MARKERS.items():
        if n := len(pattern.findall(text)):
            counts[kind] = n
    return counts


def _filled_pause_kind(token: str) -> str:
    """Fold stretched spellings ("ummm", "uhh", "erm") onto one kind."""
    folded = re.sub(r"(.)\1+", r"\1", token)
    return {"erm": "er", "hm": "hmm", "m": "mm"}.get(folded, folded)


def _pace(wpm: float) -> Measure:
    norm = Norm(low=WPM_LOW, high=WPM_HIGH, unit="words/min", source=WPM_SOURCE)
    if wpm < WPM_LOW:
        verdict, msg = "low", f"{wpm:.0f} words a minute: slower than conversation; it can sound unsure."
    elif wpm > WPM_HIGH:
        verdict, msg = "high", f"{wpm:.0f} words a minute: faster than conversation; slow down at key points."
    else:
        verdict, msg = "ok", f"{wpm:.0f} words a minute: a conversational pace."
    return Measure(value=round(wpm, 1), unit=norm.unit, verdict=verdict, message=msg, norm=norm)


def _filler_rate(rate: float) -> Measure:
    norm = Norm(
        low=FLUENT_FILLERS_PER_MIN, high=HESITANT_FILLERS_PER_MIN, unit="fillers/min", source=FILLER_SOURCE
    )
    if rate <= FLUENT_FILLERS_PER_MIN:
        verdict, msg = "ok", f"{rate:.1f} fillers a minute: reads as fluent."
    elif rate < HESITANT_FILLERS_PER_MIN:
        verdict, msg = (
            "ok",
            f"{rate:.1f} fillers a minute: noticeable but not hesitant; a short silence beats 'um'.",
        )
    else:
        verdict, msg = "high", f"{rate:.1f} fillers a minute: reads as hesitant; pause silently instead."
    return Measure(value=round(rate, 2), unit=norm.unit, verdict=verdict, message=msg, norm=norm)


def _long_pauses(pauses: list[Pause]) -> Measure:
    norm = Norm(low=None, high=1, unit="pauses over 2 s", source=PAUSE_SOURCE)
    n = len(pauses)
    if n == 0:
        verdict, msg = "ok", "No silence over 2 seconds."
    elif n == 1:
        verdict, msg = (
            "ok",
            f"One silence of {pauses[0].seconds:.1f} s after '{pauses[0].after}': fine for a think.",
        )
    else:
        where = ", ".join(f"{p.start:.0f}s" for p in pauses)
        verdict, msg = (
            "high",
            f"{n} silences over 2 seconds (at {where}): plan the next part before you start it.",
        )
    return Measure(value=n, unit=norm.unit, verdict=verdict, message=msg, norm=norm)


def _length(minutes: float) -> Measure:
    norm = Norm(low=LENGTH_LOW_MIN, high=LENGTH_HIGH_MIN, unit="minutes", source=LENGTH_SOURCE)
    if minutes < LENGTH_LOW_MIN:
        verdict, msg = (
            "low",
            f"{minutes:.1f} minutes: shorter than the 2–3 the guide advises; add the result and numbers.",
        )
    elif minutes > LENGTH_HIGH_MIN:
        verdict, msg = (
            "high",
            f"{minutes:.1f} minutes: longer than the 2–3 the guide advises; cut to the point.",
        )
    else:
        verdict, msg = "ok", f"{minutes:.1f} minutes: within the guide's 2–3."
    return Measure(value=round(minutes, 2), unit=norm.unit, verdict=verdict, message=msg, norm=norm)


_ONES = [
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def _number_words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    if n < 100:
        return _TENS[n // 10] + ("" if n % 10 == 0 else " " + _ONES[n % 10])
    if n < 1000:
        return _ONES[n // 100] + " hundred" + ("" if n % 100 == 0 else " " + _number_words(n % 100))
    if n < 1_000_000:
        return (
            _number_words(n // 1000) + " thousand" + ("" if n % 1000 == 0 else " " + _number_words(n % 1000))
        )
    return str(n)


def normalise_words(text: str) -> list[str]:
    """Lower-case words with punctuation dropped and digits spelt out ("12%" → "twelve percent")."""
    t = text.lower().replace("%", " percent ")
    t = re.sub(r"(\d),(\d)", r"\1\2", t)
    t = re.sub(r"\d+", lambda m: f" {_number_words(int(m.group()))} ", t)
    return re.sub(r"[^a-z' ]+", " ", t).replace("'", "").split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    """(substitutions + deletions + insertions) / reference words, after `normalise_words`."""
    ref, hyp = normalise_words(reference), normalise_words(hypothesis)
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        diagonal, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            diagonal, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, diagonal + (r != h))
    return row[-1] / max(len(ref), 1)
