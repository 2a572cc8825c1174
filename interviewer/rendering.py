"""Text for the scorecard templates: Markdown that cannot be broken by what a candidate typed, and the Jinja2
environments that render `templates/*.j2`.

Markdown has no autoescape, so every `{{ }}` in a Markdown template goes through `md_inline` (the environment's
finalize), as HTML autoescape does for the HTML template; `md_quote` turns candidate text into a blockquote
whose lines stay text. Pure functions and one cached environment per format; no I/O beyond loading templates.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

import jinja2

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_MD_LEADING = re.compile(r"^([-+*=])(?=\s|[-=\s]*$)|^(\d{1,9})([.)])(?=\s|$)")
"""What starts a list item, a rule or a setext heading at the beginning of a line."""


class MdSafe(str):
    """Markdown already escaped: passed through untouched."""


def md_inline(text: object) -> str:
    """Text on one line with Markdown and HTML syntax escaped: safe in a heading, list item or table cell."""
    line = " ".join(str(text).split())
    line = _MD_SPECIAL.sub(r"\\\1", line)
    return _MD_LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", line)


def md_quote(text: object) -> MdSafe:
    """Text as a blockquote, line breaks kept, each line escaped so it stays text."""
    lines = str(text).strip().splitlines() or [""]
    return MdSafe("\n".join(f"> {md_inline(line)}".rstrip() for line in lines))


def _md_finalize(value: object) -> str:
    return value if isinstance(value, MdSafe) else md_inline(value)


@functools.cache
def env(kind: Literal["md", "html"]) -> jinja2.Environment:
    """The environment for one output format: HTML with autoescape, Markdown with `md_inline` on every value."""
    loader = jinja2.PackageLoader("interviewer", "templates")
    common = {"trim_blocks": True, "lstrip_blocks": True}
    if kind == "html":
        return jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, autoescape=True, **common)
    md_env = jinja2.Environment(
        loader=loader,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_md_finalize,
        keep_trailing_newline=True,
        **common,
    )
    md_env.filters["quote"] = md_quote
    return md_env


def grade_text(value: float | None) -> str:
    """A grade or an average as "4/5" or "3.5/5"; "-" when there is none."""
    if value is None:
        return "-"
    return f"{value}/5" if isinstance(value, int) else f"{value:.1f}/5"


def percent(value: float | None) -> str:
    """A share as "75%"; "-" when there is none."""
    return "-" if value is None else f"{value:.0%}"


