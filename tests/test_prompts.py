"""Prompt files: validated on load, strict about variables, varied but deterministic offline wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer import prompts
from interviewer.prompts import PromptError, PromptFile

ROLES = ("interviewer", "followup")
SAMPLE = {"n_questions": 3, "number": 2, "total": 3, "answered": 1, "skipped": 0, "overall": 2}


def sample_variables(role: str, part: str, situation: str) -> dict[str, object]:
    spec = prompts.load(role).parts[part]
    values = {v: SAMPLE.get(v, f"<{v}>") for v in spec.variables}
    for name in ("situation", "gap"):
        if name in values:
            values[name] = situation
    return values


def every_situation() -> list[tuple[str, str, str]]:
    return [(role, part, situation)
            for role in ROLES
            for part, spec in prompts.load(role).parts.items()
            for situation in spec.offline]


@pytest.mark.parametrize(("role", "part", "situation"), every_situation())
def test_every_offline_variant_renders_and_varies(role: str, part: str, situation: str) -> None:
    variants = prompts.load(role).parts[part].offline[situation]
    seen = {prompts.offline(role, part, situation, seed=seed, index=0, **sample_variables(role, part, situation))
            for seed in range(200)}
    assert len(seen) == len(variants)
    assert all(text and "{{" not in text and "{%" not in text for text in seen)


@pytest.mark.parametrize(("role", "part", "situation"), every_situation())
def test_every_llm_template_renders_for_every_situation(role: str, part: str, situation: str) -> None:
    if not prompts.has_llm_template(role, part):
        pytest.skip("worded offline only")
    messages = prompts.messages(role, part, **sample_variables(role, part, situation))
    assert [m["role"] for m in messages] == ["system", "user"]
    assert messages[1]["content"] and "{{" not in messages[1]["content"]


def test_offline_wording_is_deterministic_for_a_seed_and_turn() -> None:
    def word(seed: int, index: int) -> str:
        return prompts.offline("followup", "ask", "result", seed=seed, index=index,
                               gap="result", question="Q?", answer="A.", key_point="")

    assert word(7, 3) == word(7, 3)
    assert len({word(7, i) for i in range(12)}) > 1


def test_a_missing_variable_is_an_error() -> None:
    with pytest.raises(PromptError, match="missing variables.*question"):
        prompts.render("followup", "ask", gap="result", answer="A.", key_point="")
    with pytest.raises(PromptError, match="missing"):
        prompts.offline("interviewer", "question", "first", seed=1, index=0, number=1, total=3)


def test_unknown_parts_and_roles_are_errors() -> None:
    with pytest.raises(PromptError, match="no part 'nope'"):
        prompts.render("interviewer", "nope")
    with pytest.raises(PromptError, match="no prompt file"):
        prompts.load("nope")


def test_a_part_without_llm_template_cannot_be_rendered_for_the_llm() -> None:
    assert not prompts.has_llm_template("interviewer", "skip")
    with pytest.raises(PromptError, match="offline only"):
        prompts.render("interviewer", "skip")


def test_versions_are_recorded_as_role_at_version() -> None:
    assert prompts.version("interviewer") == f"interviewer@{prompts.load('interviewer').version}"


VALID = """
version: 1
description: test
system: You are a test.
parts:
  ask:
    variables: [question]
    user: "Ask {{ question }}"
    offline:
      default: ["{{ question }}"]
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "custom.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_a_valid_file_loads(tmp_path: Path) -> None:
    assert isinstance(prompts.load("custom", write(tmp_path, VALID)), PromptFile)


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (VALID.replace("version: 1", "version: 1\nauthor: me"), "author"),
        (VALID.replace("    user:", "    extra: x\n    user:"), "extra"),
        (VALID.replace("Ask {{ question }}", "Ask {{ topic }}"), "undeclared variables"),
        (VALID.replace('["{{ question }}"]', "[]"), "no variants"),
        (VALID.replace("You are a test.", "You are {{ name }}."), "system prompt"),
        (VALID.replace('"Ask {{ question }}"', '"Ask {{ question "'), "invalid prompt file"),
        ("version: [", "invalid prompt file"),
    ],
)
def test_invalid_files_are_rejected_with_the_reason(tmp_path: Path, broken: str, message: str) -> None:
    with pytest.raises(PromptError, match=message):
        prompts.load("custom", write(tmp_path, broken))
