"""The one seam between the interviewer and any language model.

A narrow `LLM` protocol (chat messages in; text, streamed text, or a validated pydantic object out) with two
implementations side by side: `OpenAICompatibleLLM` for any OpenAI-compatible endpoint (OpenAI, Ollama,
llama.cpp's server, LM Studio, vLLM) and `ScriptedLLM`, a fake that replays canned replies for tests.
Every failure of a model call surfaces as `LLMError`, so callers can fall back to offline wording.

This is the only module that imports `openai`. It does not retry, does not adapt structured output to each
server's dialect, and never decides what to say: callers bring the messages (see `prompts`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol, TypeVar

import openai
from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from interviewer.settings import Settings

Messages = list[dict[str, str]]
T = TypeVar("T", bound=BaseModel)

ALLOW_MODEL_REQUESTS = True
"""Whether `OpenAICompatibleLLM` may send requests at all. `tests/conftest.py` turns it off so that no test
reaches a model by accident; a test that means to talk to a (loopback) server turns it back on."""

DEFAULT_TIMEOUT = 60.0
# Local servers (Ollama, llama.cpp) ignore the key, but the openai client refuses to start without one.
PLACEHOLDER_KEY = "not-needed"


class LLMError(Exception):
    """A model call failed: unreachable endpoint, HTTP error, timeout, empty or malformed reply."""


class ModelRequestsBlocked(RuntimeError):
    """A real model request was attempted while `ALLOW_MODEL_REQUESTS` is False.

    Deliberately not an `LLMError`: callers fall back quietly on `LLMError`, and a blocked request in a test
    must fail loudly instead.
    """


class LLM(Protocol):
    name: str

    def complete(self, messages: Messages) -> str:
        """The model's reply to `messages`, as text."""
        ...

    def stream(self, messages: Messages) -> Iterator[str]:
        """The reply to `messages`, piece by piece as it is generated."""
        ...

    def structured(self, messages: Messages, schema: type[T]) -> T:
        """The reply to `messages`, parsed and validated as `schema`."""
        ...


def schema_instruction(schema: type[BaseModel]) -> dict[str, str]:
    """A system message asking for JSON that matches `schema`."""
    return {
        "role": "system",
        "content": "Reply with a single JSON object, and nothing else, that matches this JSON schema:\n"
        + json.dumps(schema.model_json_schema()),
    }


def parse_structured(text: str, schema: type[T]) -> T:
    """Validate a model's JSON reply as `schema`; raise `LLMError` when it does not fit."""
    try:
        return schema.model_validate_json(_strip_code_fence(text))
    except ValidationError as e:
        raise LLMError(f"the model's reply is not a valid {schema.__name__}: {e}") from e


def _strip_code_fence(text: str) -> str:
    # Small models often wrap JSON in ```json fences even when told not to.
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()


class OpenAICompatibleLLM:
    """A chat model behind an OpenAI-compatible `/v1/chat/completions` endpoint."""

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.model = model
        self.name = model
        self._base_url = base_url
        self._api_key = api_key
        self._timeout = timeout
        self._client: openai.OpenAI | None = None

    def __repr__(self) -> str:
        # Never the key: reprs end up in logs and tracebacks.
        return f"OpenAICompatibleLLM(model={self.model!r}, base_url={self._base_url!r})"

    def complete(self, messages: Messages) -> str:
        with _as_llm_error(self.model):
            response = self._openai().chat.completions.create(model=self.model, messages=messages)  # type: ignore[arg-type]
        text = (response.choices[0].message.content or "") if response.choices else ""
        if not text.strip():
            raise LLMError(f"model {self.model!r} returned an empty reply")
        return text

    def stream(self, messages: Messages) -> Iterator[str]:
        with _as_llm_error(self.model):
            chunks = self._openai().chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                stream=True,
            )
            for chunk in chunks:
                piece = chunk.choices[0].delta.content if chunk.choices else None
                if piece:
                    yield piece

    def structured(self, messages: Messages, schema: type[T]) -> T:
        # json_object with the schema in the prompt is the mode the most servers accept (llama.cpp's server
        # rejects "json_schema"); per-server adaptation is left for later.
        with _as_llm_error(self.model):
            response = self._openai().chat.completions.create(
                model=self.model,
                messages=[schema_instruction(schema), *messages],  # type: ignore[list-item]
                response_format={"type": "json_object"},
            )
        text = (response.choices[0].message.content or "") if response.choices else ""
        return parse_structured(text, schema)

    def _openai(self) -> openai.OpenAI:
        if not ALLOW_MODEL_REQUESTS:
            raise ModelRequestsBlocked(
                f"a request to model {self.model!r} was attempted while llm.ALLOW_MODEL_REQUESTS is False"
            )
        if self._client is None:
            self._client = openai.OpenAI(
                api_key=self._api_key or PLACEHOLDER_KEY,
                base_url=self._base_url,
                timeout=self._timeout,
                max_retries=0,
            )
        return self._client


class _as_llm_error:
    """Context manager: re-raise the openai client's errors as `LLMError`, naming the model."""

    def __init__(self, model: str) -> None:
        self.model = model

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> bool:
        if isinstance(exc, openai.OpenAIError):
            raise LLMError(f"model {self.model!r} failed: {exc}") from exc
        return False


Reply = str | Exception | Callable[[Messages], str]


class ScriptedLLM:
    """A fake LLM that replays `replies` in order, for tests and demos.

    A reply may be a string, an exception to raise (e.g. `LLMError("down")`), or a function of the messages.
    Every call's messages are recorded in `calls`. When the script runs out it raises `LLMError`.
    """

    def __init__(self, replies: Iterable[Reply] = (), name: str = "scripted") -> None:
        self.name = name
        self.replies: list[Reply] = list(replies)
        self.calls: list[Messages] = []

    def complete(self, messages: Messages) -> str:
        self.calls.append(messages)
        if not self.replies:
            raise LLMError(f"{self.name}: no scripted reply left for call {len(self.calls)}")
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply(messages) if callable(reply) else reply

    def stream(self, messages: Messages) -> Iterator[str]:
        text = self.complete(messages)
        for i, word in enumerate(text.split(" ")):
            yield word if i == 0 else " " + word

    def structured(self, messages: Messages, schema: type[T]) -> T:
        return parse_structured(self.complete([schema_instruction(schema), *messages]), schema)


def get_llm(settings: Settings) -> LLM | None:
    """The configured model, or None when no endpoint is configured (the interviewer then runs offline)."""
    if not settings.llm_configured or settings.model is None:
        return None
    return OpenAICompatibleLLM(settings.model, base_url=settings.base_url, api_key=settings.api_key)
