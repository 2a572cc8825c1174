"""Spoken answers for the front ends: bad recordings become messages, never exceptions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from interviewer.speech import AudioError
from interviewer.voice import listen, recordings


def test_missing_and_bad_recordings_become_messages(tmp_path: Path) -> None:
    assert "No recording" in (listen(None).error or "")
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    text = tmp_path / "notes.wav"
    text.write_text("this is a text file", encoding="utf-8")
    elf = tmp_path / "prog.mp3"
    elf.write_bytes(b"\x7fELF" + bytes(200))
    for path in (empty, text, elf, tmp_path / "missing.wav"):
        answer = listen(path)
        assert answer.error and not answer.text and answer.delivery is None


def test_recordings_are_listed_in_name_order(tmp_path: Path) -> None:
    for name in ("02.wav", "01.mp3", "notes.txt", "03.webm"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in recordings(tmp_path)] == ["01.mp3", "02.wav", "03.webm"]
    with pytest.raises(AudioError, match="no recordings"):
        recordings(_empty(tmp_path))


def _empty(tmp_path: Path) -> Path:
    folder = tmp_path / "none"
    folder.mkdir()
    return folder


@pytest.mark.skipif(not shutil.which("espeak-ng"), reason="espeak-ng not installed (CI installs it)")
def test_a_spoken_answer_comes_back_as_text_with_delivery(tmp_path: Path) -> None:
    wav = tmp_path / "a.wav"
    subprocess.run(["espeak-ng", "-w", str(wav), "I added retries and alerts to the nightly job."], check=True)
    answer = listen(wav)
    assert answer.error is None
    assert "retries" in answer.text.lower()
    assert answer.delivery is not None and answer.delivery.words > 5
