"""The LLM seam: the shipped fake, the request guard, and the OpenAI-compatible client against a real server on
127.0.0.1: plain, streamed and structured completions (json_schema and json_object), retries and their limits,
the structured-output method adapting to the server, and every failure surfacing as LLMError."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from llm_server import FakeOpenAIServer
from pydantic import BaseModel

from interviewer import llm
from interviewer.llm import (
    LLMError,
    ModelRequestsBlocked,
    OpenAICompatibleLLM,
    RetryPolicy,
    ScriptedLLM,
    get_llm,
)
from interviewer.settings import Settings

MESSAGES = [{"role": "user", "content": "Say hello."}]


class Verdict(BaseModel):
    score: int
    reason: str


VERDICT = '{"score": 3, "reason": "fine"}'


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
    with pytest.raises(ModelRequestsBlocked):
        client.structured(MESSAGES, Verdict)
    assert not issubclass(ModelRequestsBlocked, LLMError)  # a blocked request must not be swallowed as a fallback


def test_get_llm_is_none_without_an_endpoint(tmp_path: Path) -> None:
    assert get_llm(Settings(home=tmp_path, corpus=tmp_path)) is None
    assert get_llm(Settings(home=tmp_path, corpus=tmp_path, base_url="http://127.0.0.1:1/v1")) is None


def test_get_llm_builds_the_client_and_keeps_the_key_out_of_its_repr(tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, corpus=tmp_path, model="qwen", base_url="http://127.0.0.1:1/v1",
                        api_key="sk-secret", llm_timeout=7)
    model = get_llm(settings)
    assert isinstance(model, OpenAICompatibleLLM) and model.name == "qwen"
    assert "sk-secret" not in repr(model) and "sk-secret" not in repr(settings)


# --- a real OpenAI-compatible server on loopback -----------------------------------------------------------


@pytest.fixture
def allow_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real requests for this test only (conftest turns them off for every test)."""
    monkeypatch.setattr(llm, "ALLOW_MODEL_REQUESTS", True)


@pytest.fixture
def server(allow_requests: None) -> Iterator[FakeOpenAIServer]:
    fake = FakeOpenAIServer(models=("tiny", "other")).start()
    yield fake
    fake.stop()


class Sleeps:
    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def client(server: FakeOpenAIServer, timeout: float = 5, sleeps: Sleeps | None = None) -> OpenAICompatibleLLM:
    retry = RetryPolicy(attempts=3, base_delay=0.25, max_delay=4, sleep=sleeps or Sleeps())
    return OpenAICompatibleLLM("tiny", base_url=server.base_url, timeout=timeout, retry=retry)


def test_plain_streamed_and_listed(server: FakeOpenAIServer) -> None:
    server.reply = lambda body: "Hello there from the server."
    model = client(server)
    assert model.complete(MESSAGES) == "Hello there from the server."
    assert server.requests[-1]["messages"] == MESSAGES and server.requests[-1]["model"] == "tiny"
    pieces = list(model.stream(MESSAGES))
    assert len(pieces) == 5 and "".join(pieces) == "Hello there from the server."
    assert server.requests[-1]["stream"] is True
    assert model.list_models() == ["tiny", "other"]


def test_structured_output_uses_json_schema_where_the_server_has_it(server: FakeOpenAIServer) -> None:
    server.json_reply = lambda body: VERDICT
    model = client(server)
    assert model.structured(MESSAGES, Verdict) == Verdict(score=3, reason="fine")
    fmt = server.requests[-1]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"]["title"] == "Verdict"
    assert model.structured_method == "json_schema"


def test_structured_output_adapts_to_a_server_with_json_object_only(server: FakeOpenAIServer) -> None:
    """llama.cpp's server answers json_schema with HTTP 500 but constrains json_object with a schema."""
    server.refuse = {"json_schema"}
    server.json_reply = lambda body: VERDICT
    model = client(server)
    assert model.structured(MESSAGES, Verdict).score == 3
    assert [r["response_format"]["type"] for r in server.requests] == ["json_schema", "json_object"]
    assert server.requests[-1]["response_format"]["schema"]["title"] == "Verdict"
    assert model.structured_method == "json_object_schema"
    model.structured(MESSAGES, Verdict)  # remembered: no second try of json_schema
    assert len(server.requests) == 3 and server.requests[-1]["response_format"]["type"] == "json_object"


def test_a_server_without_response_format_still_gets_the_schema_in_the_prompt(server: FakeOpenAIServer) -> None:
    server.refuse = {"json_schema", "json_object"}
    server.json_reply = lambda body: VERDICT
    model = client(server)
    assert model.structured(MESSAGES, Verdict).reason == "fine"
    assert "response_format" not in server.requests[-1] and model.structured_method == "prompt"
    assert "JSON schema" in server.requests[-1]["messages"][0]["content"]


def test_malformed_or_schema_violating_json_is_re_asked_once(server: FakeOpenAIServer) -> None:
    server.json_reply = lambda body: VERDICT
    model = client(server)
    server.script = ["invalid-json"]
    assert model.structured(MESSAGES, Verdict).score == 3
    assert "not valid" in server.requests[-1]["messages"][-1]["content"]
    server.script = ["schema-violation", "schema-violation"]
    with pytest.raises(LLMError, match="not a valid Verdict"):
        model.structured(MESSAGES, Verdict)


def test_429_is_retried_after_the_servers_retry_after(server: FakeOpenAIServer) -> None:
    server.retry_after = "1.5"
    server.script = ["429"]
    sleeps = Sleeps()
    assert client(server, sleeps=sleeps).complete(MESSAGES).startswith("Line 1")
    assert sleeps.waits == [1.5] and len(server.requests) == 2


def test_a_429_asking_for_too_long_a_wait_falls_back_at_once(server: FakeOpenAIServer) -> None:
    server.retry_after = "3600"
    server.script = ["429"]
    sleeps = Sleeps()
    with pytest.raises(LLMError, match="429"):
        client(server, sleeps=sleeps).complete(MESSAGES)
    assert sleeps.waits == [] and len(server.requests) == 1


def test_5xx_is_retried_with_backoff_then_given_up(server: FakeOpenAIServer) -> None:
    server.script = ["500", "ok"]
    sleeps = Sleeps()
    assert client(server, sleeps=sleeps).complete(MESSAGES)
    assert sleeps.waits == [0.25]
    server.script = ["500", "500", "500"]
    sleeps = Sleeps()
    with pytest.raises(LLMError, match="HTTP 500"):
        client(server, sleeps=sleeps).complete(MESSAGES)
    assert sleeps.waits == [0.25, 0.5]


def test_a_timeout_is_not_retried(server: FakeOpenAIServer) -> None:
    server.script = ["slow"]
    server.slow_seconds = 2
    started = time.perf_counter()
    with pytest.raises(LLMError, match="timed out"):
        client(server, timeout=0.3).complete(MESSAGES)
    assert time.perf_counter() - started < 1.5 and len(server.requests) == 1


def test_a_stream_that_fails_before_its_first_word_is_retried(server: FakeOpenAIServer) -> None:
    server.script = ["500"]
    server.reply = lambda body: "one two"
    assert "".join(client(server).stream(MESSAGES)) == "one two"


@pytest.mark.parametrize("behaviour", ["broken", "truncated"])
def test_a_dropped_stream_is_an_llm_error_after_the_words_already_out(server: FakeOpenAIServer,
                                                                      behaviour: str) -> None:
    server.script = [behaviour]
    server.reply = lambda body: "one two three four five six"
    got: list[str] = []
    with pytest.raises(LLMError):
        got.extend(client(server).stream(MESSAGES))
    assert got and "".join(got) != "one two three four five six"
    assert len(server.requests) == 1  # words were out: a retry would repeat them


def test_a_broken_plain_reply_and_an_empty_one_are_llm_errors(server: FakeOpenAIServer) -> None:
    server.script = ["broken", "broken", "broken"]
    with pytest.raises(LLMError):
        client(server).complete(MESSAGES)
    server.script = ["empty"]
    with pytest.raises(LLMError, match="empty reply"):
        client(server).complete(MESSAGES)


def test_an_unknown_model_is_an_llm_error_naming_it(server: FakeOpenAIServer) -> None:
    model = OpenAICompatibleLLM("missing", base_url=server.base_url, timeout=5)
    with pytest.raises(LLMError, match="404"):
        model.complete(MESSAGES)


def test_an_unreachable_endpoint_is_an_llm_error(allow_requests: None) -> None:
    retry = RetryPolicy(attempts=2, sleep=lambda s: None)
    with pytest.raises(LLMError):
        OpenAICompatibleLLM("tiny", base_url="http://127.0.0.1:9/v1", timeout=2, retry=retry).complete(MESSAGES)


def test_the_api_key_is_sent_but_never_in_an_error(server: FakeOpenAIServer) -> None:
    server.script = ["500", "500", "500"]
    model = OpenAICompatibleLLM("tiny", base_url=server.base_url, api_key="sk-very-secret",
                                retry=RetryPolicy(sleep=lambda s: None))
    with pytest.raises(LLMError) as caught:
        model.complete(MESSAGES)
    assert "sk-very-secret" not in str(caught.value) and "sk-very-secret" not in repr(model)
