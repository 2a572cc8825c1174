"""Mend typos in the words the grader's patterns look for, so a slip of the keyboard does not cost a STAR part.

"I onwed the pipeline" should state a task as surely as "I owned the pipeline", and "I was aksed to" as
"I was asked to". A word is mended only when all of these hold:
- the English dictionary of pyspellchecker (shipped inside its PyPI package, loaded once) does not know it,
- it is at least `MIN_LETTERS` letters, all alphabetic, and not a tool name,
- exactly one word of `vocabulary()` (the words in the grader's own patterns, and the tool names) lies one
  edit away (a letter dropped, added, changed, or two neighbours swapped), with the same first letter.

So a real word ("owner", "tested") is never changed into a pattern word, and a name the dictionary lacks
("pyspark", "upsert") is changed only if it sits one typo from exactly one pattern word.

It does not correct grammar, words the patterns never read, or anything that is quoted: evidence still quotes
the candidate's own characters (`Sentence.quote`); only `Sentence.text`, which is matched and embedded, changes.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from interviewer import conduct, flags, star
from interviewer.segment import Sentence

if TYPE_CHECKING:
    from spellchecker import SpellChecker

MIN_LETTERS = 5
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_PATTERN_WORD = re.compile(rf"\b[a-z]{{{MIN_LETTERS},}}\b")


def _patterns() -> list[re.Pattern[str]]:
    found: list[re.Pattern[str]] = [*star.CUES.values()]
    for module in (star, conduct, flags):
        found += [v for v in vars(module).values() if isinstance(v, re.Pattern)]
    return found


@cache
def vocabulary() -> frozenset[str]:
    """Whole words (five letters or more) that appear in the grader's patterns, plus tool names and spellings."""
    words: set[str] = set()
    for pattern in _patterns():
        source = re.sub(r"\\[a-zA-Z]", " ", pattern.pattern)  # \b, \w, \d are not words
        words.update(_PATTERN_WORD.findall(source.lower()))
    return frozenset(words | _tool_words())


@cache
def _tool_words() -> frozenset[str]:
    return frozenset(w for name in flags.tool_spellings() for w in name.split() if w.isalpha() and len(w) >= MIN_LETTERS)


@cache
def _dictionary() -> SpellChecker:
    from spellchecker import SpellChecker

    return SpellChecker(distance=1)


def _edits(word: str) -> set[str]:
    """Every string one edit from `word` (Norvig's edits1), the first letter kept."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(1, len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in letters}
    inserts = {a + c + b for a, b in splits for c in letters}
    return deletes | swaps | changes | inserts


def mend(word: str) -> str:
    """The pattern word `word` is a typo of, or `word` itself (see the module docstring for when)."""
    low = word.lower()
    if len(low) < MIN_LETTERS or not low.isalpha() or low in vocabulary() or low in _dictionary():
        return word
    candidates = _edits(low) & vocabulary()
    return next(iter(candidates)) if len(candidates) == 1 else word


def mend_text(text: str) -> str:
    return _WORD.sub(lambda m: mend(m.group()), text)


def mend_sentences(sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences with typos of pattern words mended in `text`; `quote`, offsets and word counts unchanged."""
    out = []
    for s in sentences:
        text = mend_text(s.text)
        out.append(s if text == s.text else replace(s, text=text))
    return out
