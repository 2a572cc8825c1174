"""The web page, launched on a free loopback port and driven through a whole interview with gradio_client."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interviewer.interview import Event
from interviewer.ui import PortBusy, as_text, check_port, delivery_for, events_to_messages

pytestmark = pytest.mark.slow

ANSWER = (
    "At an online grocer I owned the nightly orders pipeline on Airflow and dbt. The job started failing "
    "at 2 am after a schema change upstream, and my task was to get the finance tables right before 8 am. "
    "I paused downstream jobs, added a contract test on the source columns, backfilled three days and wrote "
    "a runbook. As a result we hit the 8 am deadline and failures of that kind dropped from four a month to zero."
)


def test_a_whole_short_interview_through_the_page(web) -> None:
    from gradio_client import Client

    url, services, _ = web
    client = Client(url, verbose=False)
    chat, grade_md, note, card_md, card_file, _box = client.predict(2, [], "5", api_name="/start")
    assert "Session" in note
    assert chat and chat[-1]["role"] == "assistant"
    session_id = note.split("`")[1]

    finished = False
    for _ in range(8):  # two questions, up to two follow-ups each: at most 6 turns, then the end
        chat, grade_md, card_md, _box, card_file = client.predict(ANSWER, api_name="/answer")
        if card_md:
            finished = True
            break
    assert finished, chat[-3:]
    assert "STAR" in grade_md or "Overall" in grade_md or "overall" in grade_md
    assert "Practise next" in card_md or "practise" in card_md.lower()
    assert card_file and Path(card_file).exists()
    saved = services.sessions.load(session_id)
    assert saved.finished
    assert any(t.answer == ANSWER for t in saved.turns)


def test_two_visitors_never_see_each_other(web) -> None:
    from gradio_client import Client

    url, _, _ = web
    alice, bob = Client(url, verbose=False), Client(url, verbose=False)
    alice.predict(1, [], "1", api_name="/start")
    bob.predict(1, [], "2", api_name="/start")
    alice_chat = alice.predict("alice-only secret answer about pipelines", api_name="/answer")[0]
    bob_chat = bob.predict("bob answers something else entirely", api_name="/answer")[0]
    assert any("alice" in str(m["content"]) for m in alice_chat if m["role"] == "user")
    assert not any("alice" in str(m["content"]) for m in bob_chat)


def test_a_busy_port_is_a_clear_error(web) -> None:
    _, _, port = web
    with pytest.raises(PortBusy, match="--port"):
        check_port("127.0.0.1", port)


def test_a_transcription_goes_with_the_answer_only_while_it_is_still_that_answer() -> None:
    from interviewer.delivery import delivery_metrics
    from interviewer.speech import Transcript, Word

    said = "we moved the nightly load to incremental merges and cut the runtime from four hours to forty minutes"
    words = [Word(w, i * 0.4, i * 0.4 + 0.3, 0.9) for i, w in enumerate(said.split())]
    delivery = delivery_metrics(Transcript(text=said, words=words, duration_s=8.0, speech_s=8.0, language="en",
                                           language_probability=1.0, confidence=0.9))
    pending = {"text": said, "delivery": delivery.model_dump()}
    assert delivery_for(pending, said) == delivery
    assert delivery_for(pending, said.replace("forty", "45")) == delivery  # a corrected word
    assert delivery_for(pending, "I wrote a completely different answer by hand instead.") is None
    assert delivery_for(pending, "/skip") is None
    assert delivery_for(None, said) is None


def test_candidate_html_and_markdown_show_as_text() -> None:
    shown = as_text("<script>alert(1)</script> **bold** [x](http://e.vil)")
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown
    assert "\\*\\*bold\\*\\*" in shown
    messages = events_to_messages([Event(kind="note", text="<b>hi</b>")])
    assert "<b>" not in messages[0]["content"]


def test_an_uploaded_recording_is_transcribed_for_the_candidate_to_check(web, tmp_path: Path) -> None:
    import subprocess

    from gradio_client import Client, handle_file

    if not shutil.which("espeak-ng"):
        pytest.skip("espeak-ng not installed (CI installs it)")
    wav = tmp_path / "answer.wav"
    subprocess.run(["espeak-ng", "-s", "150", "-w", str(wav), ANSWER], check=True)
    url, _, _ = web
    client = Client(url, verbose=False)
    note = client.predict(2, [], "3", api_name="/start")[2]
    session_id = note.split("`")[1]
    text, delivery = client.predict(handle_file(str(wav)), api_name="/transcribe")
    assert "runbook" in text.lower() or "deadline" in text.lower()
    assert "words a minute" in delivery
    corrected = text.replace("runbook", "run book")  # the candidate fixes a word before sending
    chat = client.predict(corrected, api_name="/answer")[0]
    assert any(m["role"] == "user" for m in chat)
    client.predict("I would add alerting and a retry policy to the job.", api_name="/answer")  # typed next

    services = web[1]
    answered = [t for t in services.sessions.load(session_id).turns if t.answer]
    assert answered[0].delivery is not None and answered[0].delivery.words > 40
    assert answered[1].delivery is None  # the recording's delivery never leaks into the next, typed answer


def test_the_interviewer_can_speak_the_open_question(web) -> None:
    import wave

    from gradio_client import Client

    from interviewer.delivery import word_error_rate
    from interviewer.speech import transcribe

    url, services, _ = web
    client = Client(url, verbose=False)
    note = client.predict(1, [], "4", api_name="/start")[2]
    spoken = client.predict(True, api_name="/speak")
    assert spoken and Path(spoken).exists()
    if Path(spoken).suffix == ".wav":
        with wave.open(spoken) as w:
            assert w.getnframes() / w.getframerate() > 1.0
    question = services.sessions.load(note.split("`")[1]).turns[-1].prompt
    assert word_error_rate(question, transcribe(Path(spoken)).text) < 0.3
    assert client.predict(False, api_name="/speak") is None  # switched off: silence
