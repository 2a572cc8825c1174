"""The LLM seam: the shipped fake, the request guard, and the OpenAI-compatible client against a real server
on 127.0.0.1 (plain, streamed and structured completions, and its failures as LLMError)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pydantic import BaseModel

from interviewer import llm
from interviewer.llm import LLMError, ModelRequestsBlocked, OpenAICompatibleLLM, ScriptedLLM, get_llm
from interviewer.settings import Settings

MESSAGES = [{"role": "user", "content": "Say hello."}]


class Verdict(BaseModel):
    score: int
    reason: str


# --- ScriptedLLM -------------------------------------------------------------------------------------------


def test_scripted_llm_replays_in_order_and_records_calls() -> None:
    fake = ScriptedLLM(["one", lambda messages: messages[-1]["content"].upper()])
    assert fake.complete(MESSAGES) == "one"
    assert fake.complete(MESSAGES) == "SAY HELLO."
    assert fake.calls == [MESSAGES, MESSAGES]
    with pytest.raises(LLMError, match="no scripted reply"):
        fake.complete(MESSAGES)


def test_scripted_llm_raises_scripted_errors() -> None:
    with pytest.raises(LLMError, match="down"):
        ScriptedLLM([LLMError("down")]).complete(MESSAGES)


def test_scripted_llm_streams_and_parses_structured_replies() -> None:
    assert "".join(ScriptedLLM(["a b  c"]).stream(MESSAGES)) == "a b  c"
    fake = ScriptedLLM(['```json\n{"score": 4, "reason": "ok"}\n```', '{"score": "high"}'])
    assert fake.structured(MESSAGES, Verdict) == Verdict(score=4, reason="ok")
    assert "JSON schema" in fake.calls[0][0]["content"]
    with pytest.raises(LLMError, match="not a valid Verdict"):
        fake.structured(MESSAGES, Verdict)


# --- the guard and the settings ----------------------------------------------------------------------------


def test_real_requests_are_blocked_in_tests() -> None:
    client = OpenAICompatibleLLM("m", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(ModelRequestsBlocked):
        client.complete(MESSAGES)
    with pytest.raises(ModelRequestsBlocked):
        list(client.stream(MESSAGES))
    assert not issubclass(ModelRequestsBlocked, LLMError)  # a blocked request must not be swallowed as a fallback


def test_get_llm_is_none_without_an_endpoint(tmp_path: Path) -> None:
    assert get_llm(Settings(home=tmp_path, corpus=tmp_path)) is None
    assert get_llm(Settings(home=tmp_path, corpus=tmp_path, base_url="http://127.0.0.1:1/v1")) is None


def test_get_llm_builds_the_client_and_keeps_the_key_out_of_its_repr(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, corpus=tmp_path, model="qwen", base_url="http://127.0.0.1:1/v1",
                        api_key="sk-secret")
    model = get_llm(settings)
    assert isinstance(model, OpenAICompatibleLLM) and model.name == "qwen"
    assert "sk-secret" not in repr(model)


# --- a real OpenAI-compatible server on loopback -----------------------------------------------------------


class FakeOpenAI(BaseHTTPRequestHandler):
    """Answers /v1/chat/completions like an OpenAI-compatible server; behaviour picked by the model name."""

    requests: ClassVar[list[dict[str, Any]]] = []

    def log_message(self, format: str, *args: Any) -> None:  # silence the default stderr log
        pass

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        FakeOpenAI.requests.append(body)
        if self.path != "/v1/chat/completions" or body["model"] == "broken":
            return self._send(500, {"error": {"message": "model crashed", "type": "server_error"}})
        if body.get("stream"):
            return self._stream(["Hel", "lo", " there"])
        if body.get("response_format", {}).get("type") == "json_object":
            return self._send(200, _completion('{"score": 3, "reason": "fine"}'))
        return self._send(200, _completion("" if body["model"] == "silent" else "Hello from the server."))

    def _send(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream(self, pieces: list[str]) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for piece in pieces:
            chunk = {"id": "c1", "object": "chat.completion.chunk", "created": 0, "model": "m",
                     "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
        self.wfile.write(b"data: [DONE]\n\n")


def _completion(text: str) -> dict[str, Any]:
    return {
        "id": "c1", "object": "chat.completion", "created": 0, "model": "m",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }


@pytest.fixture
def allow_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real requests for this test only (conftest turns them off for every test)."""
    monkeypatch.setattr(llm, "ALLOW_MODEL_REQUESTS", True)


@pytest.fixture
def server(allow_requests: None) -> Iterator[str]:
    """The base URL of a fake OpenAI server on 127.0.0.1."""
    FakeOpenAI.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenAI)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_against_a_real_server_on_loopback(server: str) -> None:
    client = OpenAICompatibleLLM("tiny", base_url=server, timeout=5)
    assert client.complete(MESSAGES) == "Hello from the server."
    assert FakeOpenAI.requests[-1]["messages"] == MESSAGES and FakeOpenAI.requests[-1]["model"] == "tiny"

    assert "".join(client.stream(MESSAGES)) == "Hello there"

    assert client.structured(MESSAGES, Verdict) == Verdict(score=3, reason="fine")
    assert FakeOpenAI.requests[-1]["response_format"] == {"type": "json_object"}


def test_server_failures_are_llm_errors(server: str) -> None:
    with pytest.raises(LLMError, match="broken"):
        OpenAICompatibleLLM("broken", base_url=server, timeout=5).complete(MESSAGES)
    with pytest.raises(LLMError, match="broken"):
        list(OpenAICompatibleLLM("broken", base_url=server, timeout=5).stream(MESSAGES))
    with pytest.raises(LLMError, match="empty reply"):
        OpenAICompatibleLLM("silent", base_url=server, timeout=5).complete(MESSAGES)


def test_an_unreachable_endpoint_is_an_llm_error(allow_requests: None) -> None:
    with pytest.raises(LLMError):
        OpenAICompatibleLLM("tiny", base_url="http://127.0.0.1:9/v1", timeout=2).complete(MESSAGES)
