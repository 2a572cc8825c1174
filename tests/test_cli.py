"""The command line, end to end: real store, real embedding model, real grader, real SQLite."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from interviewer.cli import main

STRONG = (
    "At a freight marketplace I ran the data platform team of four. Our sales and finance leads both wanted the "
    "weekly revenue numbers, but sales wanted them every hour and finance wanted reconciled, audited totals. "
    "My job was to give both what they needed without building two pipelines. I met both leads together, wrote "
    "down what each decision needed, and proposed an hourly Kafka-fed view labelled preliminary plus a nightly "
    "reconciled table in Snowflake that finance signs off. I shipped the reconciled table first, then the hourly "
    "view two sprints later, and set up a fortnightly check-in. As a result finance closed the month two days "
    "faster and sales cut campaign reaction time from a day to about three hours."
)


def run(*args: str, input: str | None = None):
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result


def test_reingest_of_an_unchanged_guide_does_no_work(home: Path) -> None:
    result = run("ingest")
    assert result.exit_code == 0, result.output
    assert "32 questions in 9 categories" in result.output
    assert "0 chunks added, 0 updated" in result.output


def test_ask_finds_the_question(home: Path) -> None:
    result = run("ask", "how would you size user stories for a sprint?")
    assert result.exit_code == 0, result.output
    assert result.output.split()[0] == "Q6"


def test_score_prints_json_with_the_documented_fields(home: Path) -> None:
    result = run("score", "--question", "Q16", "--answer-file", "-", "--json", input=STRONG)
    assert result.exit_code == 0, result.output
    grade = json.loads(result.output)
    assert grade["question_id"] == "Q16"
    assert 1 <= grade["overall"] <= 5
    assert set(grade["star"]) == {"situation", "task", "action", "result"}
    for part in grade["star"].values():
        assert all(quote in STRONG for quote in part["evidence"])
    assert set(grade["key_points"]) >= {"covered", "missed"}
    assert {"on_topic", "red_flags", "reasons"} <= set(grade)


def test_score_of_an_unknown_question_is_a_clear_error(home: Path) -> None:
    result = run("score", "--question", "Q99", "--answer-file", "-", input="hello")
    assert result.exit_code == 1
    assert "Q99" in result.output


def test_unattended_interview_then_sessions_and_reports(home: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text(f"{STRONG}\n---\nI don't have an example of that.\n---\n/skip\n---\n{STRONG}\n",
                       encoding="utf-8")
    result = run("interview", "--questions", "2", "--seed", "3", "--answers-file", str(answers))
    assert result.exit_code == 0, result.output
    assert "Session " in result.output
    session_id = result.output.rsplit("Session ", 1)[1].split()[0]

    listed = run("sessions")
    assert session_id in listed.output

    for fmt in ("md", "html", "json"):
        out = tmp_path / f"card.{fmt}"
        rep = run("report", session_id, "--format", fmt, "-o", str(out))
        assert rep.exit_code == 0, rep.output
        assert out.read_text(encoding="utf-8").strip()
    data = json.loads((tmp_path / "card.json").read_text(encoding="utf-8"))
    assert data


def test_report_of_an_unknown_session_is_a_clear_error(home: Path) -> None:
    result = run("report", "nope-not-a-session")
    assert result.exit_code == 1
    assert "nope-not-a-session" in result.output


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_home_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    monkeypatch.setenv("INTERVIEWER_HOME", str(locked / "home"))
    result = run("sessions")
    assert result.exit_code == 1
    assert "INTERVIEWER_HOME" in result.output


def test_a_home_that_is_a_file_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("x")
    monkeypatch.setenv("INTERVIEWER_HOME", str(not_a_dir))
    result = run("sessions")
    assert result.exit_code == 1
    assert "INTERVIEWER_HOME" in result.output


HOSTILE = {
    "empty": "",
    "huge": "I built a pipeline. " * 2500,  # 50,000 characters
    "binary": bytes(range(256)).decode("latin-1") * 20,
    "emoji": "🚀🔥 I shipped it 💯 " * 10,
    "german": "Ich habe eine Datenpipeline mit Spark gebaut und die Laufzeit um 40 Prozent reduziert.",
    "html": "<script>alert(1)</script><b>bold</b> **markdown** [link](http://example.com)",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_answers_get_a_grade_not_a_crash(home: Path, name: str) -> None:
    result = run("score", "--question", "Q9", "--answer-file", "-", "--json", input=HOSTILE[name])
    assert result.exit_code == 0, result.output
    grade = json.loads(result.output)
    assert 1 <= grade["overall"] <= 5
    if name in ("empty", "binary", "emoji"):
        assert grade["overall"] == 1


def test_an_interrupted_session_resumes_where_it_stopped(home: Path, tmp_path: Path) -> None:
    from interviewer.app import Services

    services = Services()
    interview = services.new_interview(n_questions=2, seed=9)
    interview.start()
    interview.respond(STRONG)  # answered, saved; then the terminal "crashes"
    session_id = interview.session.id
    answered = sum(t.answer is not None for t in services.sessions.load(session_id).turns)
    assert answered == 1

    answers = tmp_path / "rest.txt"
    answers.write_text("/skip\n---\n/skip\n---\n/skip\n---\n/skip\n", encoding="utf-8")
    result = run("interview", "--resume", session_id, "--answers-file", str(answers))
    assert result.exit_code == 0, result.output
    resumed = Services().sessions.load(session_id)
    assert resumed.finished
    assert resumed.turns[0].answer == STRONG


def _speak(text: str, path: Path) -> Path:
    import subprocess

    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng is not installed (CI installs it: apt-get install espeak-ng)")
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(path), text], check=True)
    return path


def test_score_audio_adds_transcript_and_delivery(home: Path, tmp_path: Path) -> None:
    wav = _speak(STRONG, tmp_path / "answer.wav")
    result = run("score", "--question", "Q16", "--audio", str(wav), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output[result.output.index("{"):])
    assert "campaign" in data["transcript"].lower()
    assert data["delivery"]["pace"]["unit"]
    assert 1 <= data["overall"] <= 5


def test_a_text_file_posing_as_audio_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    fake = tmp_path / "answer.wav"
    fake.write_text("not audio at all", encoding="utf-8")
    result = run("transcribe", str(fake))
    assert result.exit_code == 1
    assert "text file, not audio" in result.output


def test_unattended_interview_from_recordings(home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    _speak(STRONG, folder / "01.wav")
    (folder / "02.wav").write_text("oops, a text file", encoding="utf-8")
    _speak("I don't have an example of that.", folder / "03.wav")
    result = run("interview", "--questions", "1", "--seed", "2", "--audio-dir", str(folder))
    assert result.exit_code == 0, result.output
    assert "02.wav: 02.wav is a text file, not audio" in result.output
    assert "campaign" in result.output.lower()
    assert "words a minute" in result.output  # the delivery of each recording is shown
    session_id = result.output.split("Session ")[-1].split()[0]
    report = run("report", session_id, "--format", "md")
    assert report.exit_code == 0, report.output
    assert "## Delivery" in report.output and "Spoken: " in report.output
