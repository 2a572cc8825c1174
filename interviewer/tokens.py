"""Token counting, the context budget and cost, all offline.

Counting uses tiktoken with the BPE files shipped in `bpe-openai` (gzip), decompressed once into
`<home>/tiktoken/` under the name tiktoken's own cache uses (sha1 of the official URL), so `get_encoding`
never downloads. OpenAI models are counted exactly with their own encoding; any other model (Llama, Qwen,
SmolLM...) is counted with `cl100k_base`, which is an estimate of its real tokenizer. When the encodings
cannot be prepared at all, a 4-characters-per-token estimate is used rather than touching the network.

`Metered` wraps any `LLM` and adds every call's tokens to a `Usage`. `fit_history` keeps what is sent within
a budget by summarising the oldest exchanges whole, never cutting one in the middle.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.util
import logging
import os
import threading
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from interviewer.models import Usage

if TYPE_CHECKING:
    import tiktoken

    from interviewer.llm import LLM, Messages

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)

_URL = "https://openaipublic.blob.core.windows.net/encodings/{name}.tiktoken"
SHIPPED = ("cl100k_base", "o200k_base")
FALLBACK_ENCODING = "cl100k_base"
CHARS_PER_TOKEN = 4
# OpenAI's chat format adds a few tokens per message and per reply (its cookbook's count_tokens).
TOKENS_PER_MESSAGE, TOKENS_PER_REPLY = 3, 3

# USD per million tokens (input, output), from OpenAI's price list; INTERVIEWER_PRICE_IN / _OUT override.
PRICES: dict[str, tuple[float, float]] = {
    "gpt-4o": (2.50, 10.00),
    "gpt-4o-mini": (0.15, 0.60),
    "gpt-4.1": (2.00, 8.00),
    "gpt-4.1-mini": (0.40, 1.60),
    "gpt-4.1-nano": (0.10, 0.40),
    "o4-mini": (1.10, 4.40),
    "o3-mini": (1.10, 4.40),
}

_lock = threading.Lock()


def prepare_encodings(cache_dir: Path) -> Path:
    """Decompress the shipped encodings into `cache_dir` (once), where tiktoken's cache looks for them."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    data = _shipped_dir()
    for name in SHIPPED:
        target = cache_dir / hashlib.sha1(_URL.format(name=name).encode()).hexdigest()
        if not target.exists():
            raw = gzip.decompress((data / f"{name}.tiktoken.gz").read_bytes())
            tmp = target.with_suffix(".tmp")
            tmp.write_bytes(raw)
            tmp.replace(target)
    return cache_dir


_cache_dir: Path | None = None


def use_cache_dir(cache_dir: Path) -> None:
    """Where the encodings go (`<home>/tiktoken`); the first count prepares them."""
    global _cache_dir
    _cache_dir = cache_dir
    _encoding.cache_clear()


def _shipped_dir() -> Path:
    # Found without importing bpe_openai: its import loads a 74 MB extension we do not need.
    spec = importlib.util.find_spec("bpe_openai")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the bpe-openai package is not installed (pip install bpe-openai==0.1.4)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@cache
def _encoding(name: str) -> tiktoken.Encoding | None:
    import tiktoken

    from interviewer.settings import load_settings

    try:
        with _lock:
            cache_dir = prepare_encodings(_cache_dir or load_settings().tiktoken_dir)
            # tiktoken reads its cache directory from the environment; set it only while loading (the loaded
            # encoding stays in tiktoken's registry), so nothing else in the process is redirected.
            previous = os.environ.get("TIKTOKEN_CACHE_DIR")
            os.environ["TIKTOKEN_CACHE_DIR"] = str(cache_dir)
            try:
                return tiktoken.get_encoding(name)
            finally:
                if previous is None:
                    os.environ.pop("TIKTOKEN_CACHE_DIR", None)
                else:
                    os.environ["TIKTOKEN_CACHE_DIR"] = previous
    except (OSError, ValueError, KeyError, ImportError) as e:  # no encodings, no disk: estimate, never download
        log.warning("tiktoken encoding %s unavailable (%s); estimating tokens from characters", name, e)
        return None


def _openai_encoding(model: str | None) -> str | None:
    import tiktoken

    try:
        return tiktoken.encoding_name_for_model(model.split("/")[-1]) if model else None
    except KeyError:
        return None


def is_exact(model: str | None) -> bool:
    """Whether counts for `model` are exact (an OpenAI model tiktoken knows) rather than an estimate."""
    return _openai_encoding(model) in SHIPPED


def encoding_name(model: str | None) -> str:
    """The tiktoken encoding of an OpenAI model; `cl100k_base` (an estimate) for any other model."""
    name = _openai_encoding(model)
    return name if name in SHIPPED else FALLBACK_ENCODING


def count(text: str, model: str | None = None) -> int:
    encoding = _encoding(encoding_name(model))
    if encoding is None:
        return -(-len(text) // CHARS_PER_TOKEN)
    return len(encoding.encode(text, disallowed_special=()))


def count_messages(messages: Messages, model: str | None = None) -> int:
    """Prompt tokens of a chat request, as OpenAI counts them."""
    return TOKENS_PER_REPLY + sum(TOKENS_PER_MESSAGE + count(m["content"], model) for m in messages)


def price(model: str | None, env: dict[str, str] | None = None) -> tuple[float, float] | None:
    """(input, output) USD per million tokens, or None for an unpriced (e.g. local) model."""
    env = dict(os.environ if env is None else env)
    if env.get("INTERVIEWER_PRICE_IN") and env.get("INTERVIEWER_PRICE_OUT"):
        return float(env["INTERVIEWER_PRICE_IN"]), float(env["INTERVIEWER_PRICE_OUT"])
    if not model:
        return None
    name = model.split("/")[-1].lower()
    # Longest prefix first, so "gpt-4o-mini-2024-07-18" is priced as gpt-4o-mini, not gpt-4o.
    for known in sorted(PRICES, key=len, reverse=True):
        if name == known or name.startswith(known + "-"):
            return PRICES[known]
    return None


def add(usage: Usage, prompt_tokens: int, completion_tokens: int) -> None:
    usage.calls += 1
    usage.prompt_tokens += prompt_tokens
    usage.completion_tokens += completion_tokens
    rates = price(usage.model)
    usage.cost_usd = None if rates is None else round(
        (usage.prompt_tokens * rates[0] + usage.completion_tokens * rates[1]) / 1_000_000, 6)


class Metered:
    """An `LLM` that counts the tokens of every call into `usage` (also calls that failed part-way)."""

    def __init__(self, inner: LLM, usage: Usage | None = None) -> None:
        self.inner = inner
        self.name = inner.name
        self.usage = usage or Usage(model=inner.name, encoding=encoding_name(inner.name))

    def complete(self, messages: Messages) -> str:
        reply = ""
        try:
            reply = self.inner.complete(messages)
            return reply
        finally:
            self._record(messages, reply)

    def stream(self, messages: Messages) -> Iterator[str]:
        pieces: list[str] = []
        try:
            for piece in self.inner.stream(messages):
                pieces.append(piece)
                yield piece
        finally:
            self._record(messages, "".join(pieces))

    def structured(self, messages: Messages, schema: type[T]) -> T:
        result: T | None = None
        try:
            result = self.inner.structured(messages, schema)
            return result
        finally:
            self._record(messages, result.model_dump_json() if result is not None else "")

    def _record(self, messages: Messages, reply: str) -> None:
        add(self.usage, count_messages(messages, self.name), count(reply, self.name))


# --- the context budget ------------------------------------------------------------------------------


def fit_history(
    exchanges: list[Messages],
    fixed: Messages,
    budget: int,
    summarise: Callable[[Messages], str],
    model: str | None = None,
) -> Messages:
    """The newest whole `exchanges` that fit in `budget` beside the `fixed` messages; older ones as summaries.

    An exchange (what the interviewer said and what the candidate answered) is kept whole or replaced by its
    one-line `summarise(...)`; the summaries go first, in one message, oldest dropped first when even they do
    not fit. The fixed messages (the system prompt and the current instruction) are always sent.
    """
    room = budget - count_messages(fixed, model)
    kept: list[Messages] = []
    for exchange in reversed(exchanges):
        cost = sum(TOKENS_PER_MESSAGE + count(m["content"], model) for m in exchange)
        if cost > room:
            break
        kept.insert(0, exchange)
        room -= cost
    older = exchanges[: len(exchanges) - len(kept)]
    lines = [summarise(e) for e in older]
    while lines:
        summary = "Earlier in this interview (summarised):\n" + "\n".join(f"- {line}" for line in lines)
        if TOKENS_PER_MESSAGE + count(summary, model) <= room:
            return [{"role": "user", "content": summary}, *[m for e in kept for m in e]]
        lines.pop(0)
    return [m for e in kept for m in e]
