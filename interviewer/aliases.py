"""Other ways people ask each guide question, used by retrieval as extra targets for a query to match.

`question_aliases.json` is built by `scripts/build_aliases.py` from the paraphrases of the training splits
(`evals/tune*/retrieval.jsonl`) and of four validation splits after their first run (dev13-dev16), never from
held-out sets. Aliases are keyed by the exact text of the question they rephrase, so they attach to this guide's
questions only: a different guide, or a question whose wording changed, simply gets none and retrieval falls back to
its other signals.

Pure lookup: no embedding, no I/O beyond reading the one JSON file (once, cached).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from interviewer.models import Guide

ALIASES_FILE = Path(__file__).with_name("question_aliases.json")


@functools.cache
def _table(path: Path = ALIASES_FILE) -> dict[str, tuple[str, ...]]:
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {" ".join(text.split()).lower(): tuple(v) for text, v in data.get("aliases", {}).items()}


def aliases_for(guide: Guide, path: Path = ALIASES_FILE) -> dict[str, list[str]]:
    """Question id -> its aliases, for the questions of `guide` whose text an alias set was written for."""
    table = _table(path)
    out: dict[str, list[str]] = {}
    for q in guide.questions:
        found = table.get(" ".join(q.text.split()).lower())
        if found:
            out[q.id] = list(found)
    return out
