"""`interviewer doctor` against a real server on 127.0.0.1: what works, what falls back, the key never shown."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from llm_server import FakeOpenAIServer

from interviewer import llm
from interviewer.cli import main
from interviewer.doctor import diagnose, format_checks
from interviewer.settings import Settings


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeOpenAIServer]:
    monkeypatch.setattr(llm, "ALLOW_MODEL_REQUESTS", True)
    fake = FakeOpenAIServer(models=("tiny",)).start()
    fake.json_reply = lambda body: json.dumps({"answer": 7})
    yield fake
    fake.stop()


def settings(tmp_path: Path, server: FakeOpenAIServer, model: str = "tiny") -> Settings:
    return Settings(home=tmp_path, corpus=tmp_path, model=model, base_url=server.base_url, api_key="sk-hidden",
                    llm_timeout=5)


def test_a_healthy_endpoint_passes_every_check(tmp_path: Path, server: FakeOpenAIServer) -> None:
    checks = diagnose(settings(tmp_path, server))
    assert all(c.status == "ok" for c in checks), format_checks(checks)
    names = [c.name for c in checks]
    assert names[:4] == ["configuration", "endpoint", "chat", "streaming"] and "tokens" in names
    assert "sk-hidden" not in format_checks(checks) and "OPENAI_API_KEY set" in format_checks(checks)


def test_a_llama_cpp_like_server_falls_back_to_json_object_with_a_schema(tmp_path: Path,
                                                                        server: FakeOpenAIServer) -> None:
    server.refuse = {"json_schema"}
    checks = {c.name: c for c in diagnose(settings(tmp_path, server))}
    assert checks["structured: json_schema"].status == "warn" and "500" in checks["structured: json_schema"].detail
    assert checks["structured: json_object_schema"].status == "ok"
    assert "json_object_schema" in checks["second opinion"].detail


def test_a_missing_model_and_a_dead_endpoint_fail_with_what_to_do(tmp_path: Path, server: FakeOpenAIServer) -> None:
    checks = diagnose(settings(tmp_path, server, model="gpt-5"))
    assert checks[-1].status == "fail" and "INTERVIEWER_MODEL" in checks[-1].detail and "tiny" in checks[-1].detail
    dead = Settings(home=tmp_path, corpus=tmp_path, model="tiny", base_url="http://127.0.0.1:9/v1", llm_timeout=2)
    checks = diagnose(dead)
    assert checks[-1].status == "fail" and "OPENAI_BASE_URL" in checks[-1].detail


def test_no_configuration_says_it_runs_offline(tmp_path: Path) -> None:
    checks = diagnose(Settings(home=tmp_path, corpus=tmp_path))
    assert len(checks) == 1 and checks[0].status == "fail" and "offline" in checks[0].detail


def test_the_doctor_command(tmp_path: Path, server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    monkeypatch.setenv("INTERVIEWER_MODEL", "tiny")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-hidden")
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "✓ streaming" in result.output and "sk-hidden" not in result.output
    monkeypatch.setenv("INTERVIEWER_MODEL", "absent")
    assert CliRunner().invoke(main, ["doctor"]).exit_code == 1
