"""The one seam between the interviewer and any language model.

A narrow `LLM` protocol (chat messages in; text, streamed text, or a validated pydantic object out) with two
implementations side by side: `OpenAICompatibleLLM` for any OpenAI-compatible endpoint (OpenAI, Ollama,
llama.cpp's server, LM Studio, vLLM) and `ScriptedLLM`, a fake that replays canned replies for tests.
Every failure of a model call surfaces as `LLMError`, so callers can fall back to offline wording.

The real client retries what a retry can fix (a 5xx, a refused connection, a 429 whose Retry-After is short)
with exponential backoff, but not a timeout: a server that is too slow once will be too slow again, and the
candidate is waiting. Structured output adapts to the endpoint: OpenAI's `json_schema` first, then llama.cpp's
`json_object` with a `schema`, then plain `json_object`, then the schema in the prompt alone; the first that
works is remembered. A reply that does not fit the schema is re-asked once, with the validation error.

This is the only module that imports `openai`. It never decides what to say: callers bring the messages.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeVar

import openai
from pydantic import BaseModel, ValidationError

if TYPE_CHECKING:
    from interviewer.settings import Settings

log = logging.getLogger(__name__)
Messages = list[dict[str, str]]
T = TypeVar("T", bound=BaseModel)

ALLOW_MODEL_REQUESTS = True
"""Whether `OpenAICompatibleLLM` may send requests at all. `tests/conftest.py` turns it off so that no test
reaches a model by accident; a test that means to talk to a (loopback) server turns it back on."""

DEFAULT_TIMEOUT = 30.0
# Local servers (Ollama, llama.cpp) ignore the key, but the openai client refuses to start without one.
PLACEHOLDER_KEY = "not-needed"

StructuredMethod = Literal["json_schema", "json_object_schema", "json_object", "prompt"]
STRUCTURED_METHODS: tuple[StructuredMethod, ...] = ("json_schema", "json_object_schema", "json_object", "prompt")
# Statuses with which servers refuse a response_format they do not know (llama.cpp answers json_schema with 500).
_FORMAT_REFUSED = {400, 404, 415, 422, 500, 501}
# Caps on a reply, so a model that rambles (or a small one that loops) cannot hold a turn for minutes.
MAX_TEXT_TOKENS = 300
MAX_JSON_TOKENS = 900


class LLMError(Exception):
    """A model call failed: unreachable endpoint, HTTP error, timeout, dropped stream, empty or malformed reply."""


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
        raise LLMError(f"the model's reply is not a valid {schema.__name__}: {_short(e)}") from e


def _short(e: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, err['loc'])) or 'reply'}: {err['msg']}" for err in e.errors()[:5])


def _strip_code_fence(text: str) -> str:
    # Small models often wrap JSON in ```json fences even when told not to.
    text = text.strip()
    if text.startswith("```"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        text = text.rsplit("```", 1)[0]
    return text.strip()


def response_format(method: StructuredMethod, schema: type[BaseModel]) -> dict[str, Any] | None:
    """The `response_format` a structured-output method sends (None: the schema is in the prompt only)."""
    if method == "json_schema":
        return {"type": "json_schema",
                "json_schema": {"name": schema.__name__, "schema": schema.model_json_schema(), "strict": False}}
    if method == "json_object_schema":
        return {"type": "json_object", "schema": schema.model_json_schema()}
    if method == "json_object":
        return {"type": "json_object"}
    return None


@dataclass
class RetryPolicy:
    attempts: int = 3
    """Tries per call, the first included."""
    base_delay: float = 0.5
    max_delay: float = 8.0
    """The longest wait between tries; a 429 asking for longer is not retried (the turn falls back instead)."""
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int, error: Exception) -> float | None:
        """Seconds to wait before try `attempt + 1` after `error`, or None when retrying cannot help."""
        if attempt + 1 >= self.attempts or isinstance(error, openai.APITimeoutError):
            return None
        backoff = min(self.max_delay, self.base_delay * 2**attempt)
        if isinstance(error, openai.RateLimitError):
            wanted = _retry_after(error)
            return backoff if wanted is None else (wanted if wanted <= self.max_delay else None)
        if isinstance(error, openai.InternalServerError | openai.APIConnectionError):
            return backoff
        return None


def _retry_after(error: openai.APIStatusError) -> float | None:
    headers = error.response.headers
    try:
        if headers.get("retry-after-ms"):
            return float(headers["retry-after-ms"]) / 1000
        if headers.get("retry-after"):
            return float(headers["retry-after"])
    except ValueError:  # an HTTP date: rare, and not worth parsing to wait that long
        return None
    return None


class OpenAICompatibleLLM:
    """A chat model behind an OpenAI-compatible `/v1/chat/completions` endpoint."""

    def __init__(
        self,
        model: str,
        base_url: str | None = None,
        api_key: str | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        structured_method: StructuredMethod | None = None,
    ) -> None:
        self.model = model
        self.name = model
        self.base_url = base_url
        self._api_key = api_key
        self._timeout = timeout
        self.retry = retry or RetryPolicy()
        self.structured_method: StructuredMethod | None = structured_method
        """The structured-output method known to work here; None until one has."""
        self._client: openai.OpenAI | None = None

    def __repr__(self) -> str:
        # Never the key: reprs end up in logs and tracebacks.
        return f"OpenAICompatibleLLM(model={self.model!r}, base_url={self.base_url!r})"

    def complete(self, messages: Messages) -> str:
        return self._text(self._call(messages=messages, max_tokens=MAX_TEXT_TOKENS))

    def stream(self, messages: Messages) -> Iterator[str]:
        for attempt in range(self.retry.attempts):
            started = False
            try:
                finished = False
                for chunk in self._request(messages=messages, stream=True, max_tokens=MAX_TEXT_TOKENS):
                    choice = chunk.choices[0] if chunk.choices else None
                    if choice is not None and choice.delta.content:
                        started = True
                        yield choice.delta.content
                    finished = finished or bool(choice is not None and choice.finish_reason)
                if not started:
                    raise LLMError(f"model {self.model!r} streamed an empty reply")
                if not finished:
                    raise LLMError(f"the stream from {self.model!r} ended before the model finished")
                return
            except (LLMError, ModelRequestsBlocked):
                raise
            except Exception as e:
                # Once words are out, a retry would repeat them: only a stream that never started is retried.
                wait = None if started else self.retry.delay(attempt, e)
                if wait is None:
                    raise LLMError(f"model {self.model!r} failed: {_describe(e)}") from e
                log.info("retrying the stream from %s in %.1f s: %s", self.model, wait, _describe(e))
                self.retry.sleep(wait)

    def structured(self, messages: Messages, schema: type[T], method: StructuredMethod | None = None) -> T:
        """`schema` from the model, with the first structured-output `method` this endpoint accepts."""
        methods = [method] if method else (
            [self.structured_method] if self.structured_method else list(STRUCTURED_METHODS))
        errors: list[str] = []
        for m in methods:
            confirmed = m == self.structured_method or method is not None
            try:
                result = self._structured_with(m, messages, schema, retry=confirmed)
            except _FormatRefused as e:
                errors.append(f"{m}: {e}")
                continue
            if method is None:
                self.structured_method = m
            return result
        raise LLMError(f"model {self.model!r} gave no structured output ({'; '.join(errors)})")

    def _structured_with(self, method: StructuredMethod, messages: Messages, schema: type[T], retry: bool) -> T:
        sent = [schema_instruction(schema), *messages]
        fmt = response_format(method, schema)
        extra: dict[str, Any] = {"max_tokens": MAX_JSON_TOKENS, **({"response_format": fmt} if fmt else {})}
        for repair in (False, True):
            text = self._text(self._call(messages=sent, refusable=not retry, **extra))
            try:
                return parse_structured(text, schema)
            except LLMError as e:
                if repair:
                    raise
                log.info("re-asking %s for valid %s: %s", self.model, schema.__name__, e)
                sent = [*sent, {"role": "assistant", "content": text[:2000]},
                        {"role": "user", "content": f"That was not valid: {e}. Reply again with only the JSON "
                                                    "object, matching the schema."}]
        raise AssertionError("unreachable")

    def list_models(self) -> list[str]:
        """The model ids the endpoint serves (`GET /models`)."""
        try:
            return [m.id for m in self._openai().models.list()]
        except ModelRequestsBlocked:
            raise
        except Exception as e:
            raise LLMError(f"listing models at {self.base_url or 'api.openai.com'} failed: {_describe(e)}") from e

    def _call(self, refusable: bool = False, **kwargs: Any) -> Any:
        """One request, retried per the policy; with `refusable`, a status that may mean "unknown
        response_format" raises `_FormatRefused` at once instead."""
        for attempt in range(self.retry.attempts):
            try:
                return self._request(**kwargs)
            except ModelRequestsBlocked:
                raise
            except Exception as e:
                if refusable and getattr(e, "status_code", None) in _FORMAT_REFUSED:
                    raise _FormatRefused(_describe(e)) from e
                wait = self.retry.delay(attempt, e)
                if wait is None:
                    raise LLMError(f"model {self.model!r} failed: {_describe(e)}") from e
                log.info("retrying %s in %.1f s: %s", self.model, wait, _describe(e))
                self.retry.sleep(wait)
        raise AssertionError("unreachable")

    def _request(self, **kwargs: Any) -> Any:
        return self._openai().chat.completions.create(model=self.model, **kwargs)

    def _text(self, response: Any) -> str:
        text = (response.choices[0].message.content or "") if response.choices else ""
        if not text.strip():
            raise LLMError(f"model {self.model!r} returned an empty reply")
        return text

    def _openai(self) -> openai.OpenAI:
        if not ALLOW_MODEL_REQUESTS:
            raise ModelRequestsBlocked(
                f"a request to model {self.model!r} was attempted while llm.ALLOW_MODEL_REQUESTS is False"
            )
        if self._client is None:
            self._client = openai.OpenAI(
                api_key=self._api_key or PLACEHOLDER_KEY,
                base_url=self.base_url,
                timeout=self._timeout,
                max_retries=0,  # retries are ours: the client's own would not honour our budget
            )
        return self._client


class _FormatRefused(Exception):
    """The endpoint refused a structured-output method: try the next one."""


def _describe(e: Exception) -> str:
    if isinstance(e, openai.APITimeoutError):
        return "timed out"
    if isinstance(e, openai.APIStatusError):
        return f"HTTP {e.status_code}: {str(e.message)[:200]}"
    return f"{type(e).__name__}: {str(e)[:200]}"


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
    return OpenAICompatibleLLM(settings.model, base_url=settings.base_url, api_key=settings.api_key,
                               timeout=settings.llm_timeout)
