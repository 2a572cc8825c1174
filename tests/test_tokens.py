"""Token counting offline (tiktoken with the encodings shipped in bpe-openai), prices, and the context budget."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer import tokens
from interviewer.llm import ScriptedLLM
from interviewer.models import Usage


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    tokens.use_cache_dir(tmp_path / "tiktoken")
    return tmp_path / "tiktoken"


def test_encodings_are_decompressed_where_tiktoken_looks_and_count_exactly(cache_dir: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import tiktoken.load

    def no_download(url: str) -> bytes:
        raise AssertionError(f"tiktoken tried to download {url}")

    monkeypatch.setattr(tiktoken.load, "read_file", no_download)
    tokens.prepare_encodings(cache_dir)
    assert len(list(cache_dir.iterdir())) == 2
    assert tokens.count("Hello world", "gpt-4o") == 2  # o200k_base
    assert tokens.count("Hello world", "gpt-4") == 2  # cl100k_base
    assert tokens.encoding_name("gpt-4o-mini") == "o200k_base" and tokens.is_exact("gpt-4o-mini")
    assert tokens.encoding_name("smollm2") == "cl100k_base" and not tokens.is_exact("smollm2")


def test_messages_count_as_openai_counts_them(cache_dir: Path) -> None:
    messages = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Hi"}]
    expected = 3 + (3 + tokens.count("You are terse.")) + (3 + tokens.count("Hi"))
    assert tokens.count_messages(messages) == expected


def test_prices_for_known_models_and_overrides() -> None:
    assert tokens.price("gpt-4o-mini-2024-07-18") == (0.15, 0.60)
    assert tokens.price("gpt-4o") == (2.50, 10.00)
    assert tokens.price("qwen2.5:7b") is None
    assert tokens.price("qwen2.5:7b", {"INTERVIEWER_PRICE_IN": "1", "INTERVIEWER_PRICE_OUT": "2"}) == (1.0, 2.0)
    usage = Usage(model="gpt-4o-mini")
    tokens.add(usage, 1_000_000, 1_000_000)
    assert usage.cost_usd == pytest.approx(0.75) and usage.calls == 1


def test_metered_counts_every_call_also_streamed_and_failed(cache_dir: Path) -> None:
    from interviewer.llm import LLMError

    metered = tokens.Metered(ScriptedLLM(["one two three", "four five", LLMError("down")], name="local"))
    metered.complete([{"role": "user", "content": "hi"}])
    assert "".join(metered.stream([{"role": "user", "content": "hi"}])) == "four five"
    with pytest.raises(LLMError):
        metered.complete([{"role": "user", "content": "hi"}])
    assert metered.usage.calls == 3 and metered.usage.completion_tokens == tokens.count("one two three four five")
    assert metered.usage.cost_usd is None


def test_history_is_summarised_whole_oldest_first_never_cut_mid_turn(cache_dir: Path) -> None:
    exchanges = [[{"role": "assistant", "content": f"Question {i}?"},
                  {"role": "user", "content": f"Answer {i}. " + "word " * 100}] for i in range(6)]
    fixed = [{"role": "system", "content": "system"}, {"role": "user", "content": "now"}]
    history = tokens.fit_history(exchanges, fixed, 400, lambda e: e[0]["content"])
    kept = [m["content"] for m in history]
    assert kept[0].startswith("Earlier in this interview") and "Question 0?" in kept[0]
    assert kept[-2:] == [exchanges[-1][0]["content"], exchanges[-1][1]["content"]]  # the newest, whole
    assert len(kept) % 2 == 1  # the summary plus whole pairs
    assert tokens.count_messages(fixed + history) <= 400
    assert tokens.fit_history(exchanges, fixed, 10, lambda e: "x") == []  # nothing fits: nothing is sent
