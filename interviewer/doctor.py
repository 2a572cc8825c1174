"""`interviewer doctor`: is the configured LLM endpoint usable, and what will fall back to offline if not.

Checks, in order, each with what it means for an interview: the configuration (never printing the key), the
endpoint is reachable and serves the model, a plain reply, a streamed reply (time to first token), each
structured-output method (OpenAI's `json_schema`, llama.cpp's `json_object` + schema, plain `json_object`, the
schema in the prompt), and how tokens are counted and priced. It sends a handful of tiny requests; it changes
nothing and writes nothing.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from interviewer import tokens
from interviewer.llm import STRUCTURED_METHODS, LLMError, OpenAICompatibleLLM, RetryPolicy
from interviewer.settings import Settings

Status = Literal["ok", "warn", "fail"]
MARK = {"ok": "✓", "warn": "!", "fail": "✗"}
PING = [{"role": "user", "content": "Reply with the single word: ready"}]
PROBE = [{"role": "user", "content": "How many days are in a week? Answer in the JSON field 'answer'."}]


class Probe(BaseModel):
    answer: int


@dataclass
class Check:
    name: str
    status: Status
    detail: str


def diagnose(settings: Settings, client: OpenAICompatibleLLM | None = None) -> list[Check]:
    """Every check, in order; stops early when the endpoint cannot be used at all."""
    if not settings.llm_configured or not settings.model:
        return [Check("configuration", "fail",
                      "no LLM configured: interviews run offline (built-in wording, no second opinion). Set "
                      "INTERVIEWER_MODEL and OPENAI_BASE_URL (a local server) or OPENAI_API_KEY (OpenAI).")]
    key = "set" if settings.api_key else "not set (fine for a local server)"
    checks = [Check("configuration", "ok", f"model {settings.model} at {settings.base_url or 'api.openai.com'}; "
                                           f"OPENAI_API_KEY {key}; timeout {settings.llm_timeout:g} s")]
    client = client or OpenAICompatibleLLM(settings.model, base_url=settings.base_url, api_key=settings.api_key,
                                           timeout=settings.llm_timeout, retry=RetryPolicy(attempts=1))
    checks.append(_models(client))
    if checks[-1].status == "fail":
        return checks
    checks.append(_plain(client))
    if checks[-1].status == "fail":
        return checks
    checks.append(_stream(client))
    checks += _structured(client)
    checks.append(_tokens(settings.model))
    return checks


def _timed(seconds: float) -> str:
    return f"{seconds:.2f} s"


def _models(client: OpenAICompatibleLLM) -> Check:
    try:
        models = client.list_models()
    except LLMError as e:
        if "HTTP 404" in str(e):
            return Check("endpoint", "warn", "reachable, but it does not list its models (GET /models): "
                                             "the chat check below tells whether the model exists")
        return Check("endpoint", "fail", f"{e}. Is the server running, and is OPENAI_BASE_URL right "
                                         "(it usually ends in /v1)? Everything will fall back to offline.")
    if client.model not in models:
        shown = ", ".join(models[:10]) + (" ..." if len(models) > 10 else "")
        return Check("model", "fail", f"the endpoint does not serve {client.model!r}; it has: {shown or 'none'}. "
                                      "Set INTERVIEWER_MODEL to one of them.")
    return Check("endpoint", "ok", f"reachable; serves {client.model!r} ({len(models)} model(s))")


def _plain(client: OpenAICompatibleLLM) -> Check:
    started = time.perf_counter()
    try:
        client.complete(PING)
    except LLMError as e:
        return Check("chat", "fail", f"{e}: every turn will use the built-in wording, no second opinion")
    return Check("chat", "ok", f"a reply in {_timed(time.perf_counter() - started)}")


def _stream(client: OpenAICompatibleLLM) -> Check:
    started = time.perf_counter()
    first = None
    try:
        for _ in client.stream(PING):
            first = first or time.perf_counter() - started
    except LLMError as e:
        return Check("streaming", "fail", f"{e}: turns will be worded offline")
    return Check("streaming", "ok", f"first token after {_timed(first or 0)}, "
                                    f"whole reply in {_timed(time.perf_counter() - started)}")


def _structured(client: OpenAICompatibleLLM) -> list[Check]:
    checks, works = [], []
    for method in STRUCTURED_METHODS:
        try:
            client.structured(PROBE, Probe, method=method)
        except LLMError as e:
            checks.append(Check(f"structured: {method}", "warn", f"not usable ({e})"))
            continue
        works.append(method)
        checks.append(Check(f"structured: {method}", "ok", "works"))
    if works:
        client.structured_method = works[0]
        checks.append(Check("second opinion", "ok", f"graded as JSON with {works[0]}"
                                                    + ("" if works[0] == "json_schema" else
                                                       " (json_schema falls back to it)")))
    else:
        checks.append(Check("second opinion", "fail", "no structured output: grades are the offline grader's "
                                                      "alone (turns are still worded by the model)"))
    return checks


def _tokens(model: str) -> Check:
    encoding = tokens.encoding_name(model)
    exact = tokens.is_exact(model)
    rates = tokens.price(model)
    cost = (f"priced at ${rates[0]:g} / ${rates[1]:g} per million tokens in / out" if rates else
            "no price known (set INTERVIEWER_PRICE_IN and INTERVIEWER_PRICE_OUT, USD per million tokens)")
    how = "exact" if exact else "an estimate for this model's own tokenizer"
    return Check("tokens", "ok", f"counted offline with tiktoken {encoding} ({how}); {cost}")


def format_checks(checks: list[Check]) -> str:
    width = max(len(c.name) for c in checks)
    lines = [f"{MARK[c.status]} {c.name.ljust(width)}  {c.detail}" for c in checks]
    failed = [c for c in checks if c.status == "fail"]
    lines.append("")
    lines.append("Some checks failed: see above for what falls back to offline." if failed else
                 "The endpoint is usable: the interviewer's words and a second opinion come from the model.")
    return "\n".join(lines)
