"""The web page, launched on a free loopback port and driven through a whole interview with gradio_client."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from interviewer.app import Services
from interviewer.interview import Event
from interviewer.settings import load_settings
from interviewer.ui import PortBusy, as_text, check_port, events_to_messages, serve

pytestmark = pytest.mark.slow

ANSWER = (
    "At an online grocer I owned the nightly orders pipeline on Airflow and dbt. The job started failing "
    "at 2 am after a schema change upstream, and my task was to get the finance tables right before 8 am. "
    "I paused downstream jobs, added a contract test on the source columns, backfilled three days and wrote "
    "a runbook. As a result we hit the 8 am deadline and failures of that kind dropped from four a month to zero."
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def web(ingested_home: Path, tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("web") / "home"
    shutil.copytree(ingested_home, home)
    env = dict(os.environ, INTERVIEWER_HOME=str(home))
    services = Services(settings=load_settings(env))
    port = _free_port()
    app = serve(services, host="127.0.0.1", port=port, block=False)
    yield f"http://127.0.0.1:{port}/", services, port
    app.close()


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
    client.predict(1, [], "3", api_name="/start")
    text, delivery = client.predict(handle_file(str(wav)), api_name="/transcribe")
    assert "runbook" in text.lower() or "deadline" in text.lower()
    assert "words a minute" in delivery
    chat = client.predict(text, api_name="/answer")[0]
    assert any(m["role"] == "user" for m in chat)
