"""Prompts as versioned data: `prompts/<role>.yaml`, validated, rendered with Jinja `StrictUndefined`.

Each file has a `version`, a `system` prompt and named `parts` (e.g. "opening", "question"). A part declares the
`variables` its templates use, a `user` template for the LLM, and `offline` wordings: lists of variants per
situation, used when no LLM is configured and picked deterministically from the session seed and turn index.
A template that uses an undeclared variable is rejected when the file loads; rendering without one of the
declared variables is an error, never an empty string.

This module only loads and renders text. It calls no model and decides nothing about what to ask.
"""

from __future__ import annotations

import zlib
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined, TemplateError, meta
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from interviewer.settings import PROMPTS_DIR

_env = Environment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=False)


class PromptError(ValueError):
    """A prompt file is missing or invalid, or a template was rendered without its variables."""


def _undeclared(template: str) -> set[str]:
    return meta.find_undeclared_variables(_env.parse(template))


class PromptPart(BaseModel):
    model_config = ConfigDict(extra="forbid")

    variables: list[str] = Field(default_factory=list)
    """Every variable the part's templates may use; `render` requires all of them."""
    user: str | None = None
    """Jinja template of the user message sent to the LLM; None for a part that is always worded offline."""
    offline: dict[str, list[str]] = Field(default_factory=dict)
    """Situation -> wording variants (Jinja templates) used without an LLM (none for a part, such as the
    judge's, that has no offline wording)."""

    @model_validator(mode="after")
    def _check_templates(self) -> PromptPart:
        for situation, variants in self.offline.items():
            if not variants:
                raise ValueError(f"offline situation {situation!r} has no variants")
        templates = [*(v for vs in self.offline.values() for v in vs)] + ([self.user] if self.user else [])
        for template in templates:
            unknown = _undeclared(template) - set(self.variables)
            if unknown:
                raise ValueError(f"template uses undeclared variables {sorted(unknown)}: {template[:60]!r}")
        return self


class PromptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int
    description: str
    system: str
    """The system prompt (plain text: it takes no variables)."""
    parts: dict[str, PromptPart]

    @model_validator(mode="after")
    def _check_system(self) -> PromptFile:
        if _undeclared(self.system):
            raise ValueError("the system prompt must not use template variables")
        return self


@cache
def load(role: str, directory: Path = PROMPTS_DIR) -> PromptFile:
    """Read and validate `<directory>/<role>.yaml`."""
    path = directory / f"{role}.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PromptFile.model_validate(data)
    except FileNotFoundError as e:
        raise PromptError(f"no prompt file {path}") from e
    except (yaml.YAMLError, ValidationError, TemplateError) as e:
        raise PromptError(f"invalid prompt file {path}: {e}") from e


def version(role: str) -> str:
    """The role's prompt version as recorded in sessions, e.g. "interviewer@1"."""
    return f"{role}@{load(role).version}"


def _part(role: str, part: str) -> PromptPart:
    prompt = load(role)
    if part not in prompt.parts:
        raise PromptError(f"{role}.yaml has no part {part!r} (it has {', '.join(prompt.parts)})")
    return prompt.parts[part]


def _render(template: str, spec: PromptPart, where: str, variables: dict[str, Any]) -> str:
    missing = set(spec.variables) - set(variables)
    if missing:
        raise PromptError(f"{where}: missing variables {sorted(missing)}")
    try:
        return _env.from_string(template).render(**variables).strip()
    except TemplateError as e:
        raise PromptError(f"{where}: {e}") from e


def render(role: str, part: str, /, **variables: Any) -> str:
    """The part's user message for the LLM, rendered with `variables`."""
    spec = _part(role, part)
    if spec.user is None:
        raise PromptError(f"{role}.{part} has no LLM template (it is worded offline only)")
    return _render(spec.user, spec, f"{role}.{part}.user", variables)


def has_llm_template(role: str, part: str) -> bool:
    return _part(role, part).user is not None


def messages(role: str, part: str, /, **variables: Any) -> list[dict[str, str]]:
    """System and user messages for one LLM call."""
    return [
        {"role": "system", "content": load(role).system.strip()},
        {"role": "user", "content": render(role, part, **variables)},
    ]


def pick(seed: int, index: int, *keys: str) -> int:
    """A stable pseudo-random number from the seed, the turn index and `keys` (same inputs, same number).

    Not Python's `hash()`: that is salted per process, and a resumed session must word things the same way.
    """
    return zlib.crc32(":".join([str(seed), str(index), *keys]).encode())


def offline(role: str, part: str, situation: str, /, *, seed: int, index: int, **variables: Any) -> str:
    """One offline wording for `situation`, chosen from its variants by `seed` and turn `index`."""
    spec = _part(role, part)
    variants = spec.offline.get(situation) or spec.offline.get("default")
    if not variants:
        raise PromptError(f"{role}.{part} has no offline wording for {situation!r} and no 'default'")
    chosen = variants[pick(seed, index, role, part, situation) % len(variants)]
    return _render(chosen, spec, f"{role}.{part}.offline.{situation}", variables)
