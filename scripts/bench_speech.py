"""Benchmark speech: model load, real-time factor of our transcribe() beside faster-whisper's own call
on the same file in the same run, filler recall with and without the disfluent pass, peak memory.

    $ .venv/bin/python scripts/bench_speech.py          # needs espeak-ng

Numbers, not assertions. Audio is espeak-ng speech made here from known texts: a ~40 s STAR answer
with no fillers and a ~3-minute answer with 52 "um"/"uh" in it.
"""

from __future__ import annotations

import re
import resource
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from interviewer import speech
from interviewer.delivery import count_fillers, word_error_rate

STAR = (
    "Last year our nightly sales pipeline failed about three times a week, and the finance team lost a full "
    "day of reporting each time. I was the engineer who owned that pipeline, so my task was to make it "
    "reliable before the end of the quarter. First I added data quality checks at every stage, so bad "
    "records "
    "were caught before they reached the warehouse. Then I rewrote the Spark jobs so that running them twice "
    "gave the same result, and I set up alerts in Airflow with a clear guide for the engineer on call. As a "
    "result, failures dropped from twelve a month to one, and the finance reports were ready by eight every "
    "morning."
)
_A = (
    "So, um, last year our nightly sales pipeline, uh, failed about three times a week. Um, I was the "
    "engineer who owned that pipeline, so, uh, my task was to make it reliable. First I added, um, data "
    "quality checks at every stage. Then, uh, I set up alerts in Airflow with a clear guide for the engineer "
    "on call. Um, as a result, failures dropped from, uh, twelve a month to one."
)
_B = (
    "Um, the second thing I learned was, uh, to talk to the finance team early. Uh, they knew which numbers "
    "mattered, and, um, that saved us weeks of work. I mean, we had, uh, no idea the month end report was "
    "the one they read first."
)
LONG = " ".join([_A, _B] * 4)
FILLED = re.compile(r"\b(um|uh)\b", re.IGNORECASE)


def speak(text: str, path: Path) -> Path:
    subprocess.run(["espeak-ng", "-v", "en-us", "-s", "150", "-w", str(path), text], check=True)
    return path


def fastest(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Best wall time and best CPU time (all threads) of `repeats` runs. On a shared machine the wall
    time swings with other processes' load; CPU time is the fairer overhead comparison."""
    walls, cpus = [], []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return min(walls), min(cpus)


def faster_whisper_own(path: Path) -> str:
    """The library's own call with the same decoding options as our main pass."""
    model = speech.load_model()
    segments, _ = model.transcribe(
        str(path), beam_size=5, word_timestamps=True, vad_filter=True, language="en"
    )
    return " ".join(s.text.strip() for s in segments)


def main() -> None:
    start = time.perf_counter()
    speech.load_model()
    print(f"model load: {time.perf_counter() - start:.2f} s ({speech.MODEL_NAME})")
    with tempfile.TemporaryDirectory() as tmp:
        files = {
            "star ~40 s": (STAR, speak(STAR, Path(tmp) / "star.wav"), 2),
            "long ~3 min": (LONG, speak(LONG, Path(tmp) / "long.wav"), 1),
        }
        print("\n| audio | seconds | faster-whisper own | ours, main pass | ours + filler pass |")
        print("| --- | --- | --- | --- | --- |")
        results = {}
        overheads = []
        for name, (text, path, repeats) in files.items():
            t = speech.transcribe(path)  # warm-up and the transcript used below
            results[name] = (text, t)
            own = fastest(lambda p=path: faster_whisper_own(p), repeats)
            main_pass = fastest(lambda p=path: speech.transcribe(p, fillers=False), repeats)
            full = fastest(lambda p=path: speech.transcribe(p), repeats)
            d = t.duration_s
            cells = [f"{w:.1f} s wall (RTF {w / d:.3f}), {c:.1f} s CPU" for w, c in (own, main_pass, full)]
            print(f"| {name} | {d:.1f} | " + " | ".join(cells) + " |")
            overheads.append(
                f"{name}: main pass vs faster-whisper own {100 * (main_pass[1] / own[1] - 1):+.1f}% CPU "
                f"({100 * (main_pass[0] / own[0] - 1):+.1f}% wall); filler pass adds "
                f"{100 * (full[1] / main_pass[1] - 1):+.1f}% CPU "
                f"({100 * (full[0] / main_pass[0] - 1):+.1f}% wall)"
            )
        print("\n" + "\n".join(overheads))
        print(
            "\n| audio | WER main text (fillers removed) | um/uh in text "
            "| kept by plain pass | kept by disfluent pass |"
        )
        print("| --- | --- | --- | --- | --- |")
        for name, (text, t) in results.items():
            wer = word_error_rate(FILLED.sub("", text), FILLED.sub("", t.text))
            in_text = len(FILLED.findall(text))
            plain = sum(v for k, v in count_fillers(t.text).items() if k in ("um", "uh"))
            primed = sum(v for k, v in count_fillers("", t.disfluent_text).items() if k in ("um", "uh"))
            print(f"| {name} | {100 * wer:.1f}% | {in_text} | {plain} | {primed} |")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
