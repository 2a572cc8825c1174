"""Mend typos in the words the grader's patterns look for, so a slip of the keyboard does not cost a STAR part.

"I onwed the pipeline" should state a task as surely as "I owned the pipeline", and "I was aksed to" as
"I was asked to", and "didnt" as "didn't" (`CONTRACTIONS`). Otherwise a word is mended only when all of these
hold:
- the English dictionary of pyspellchecker (shipped inside its PyPI package, loaded once) does not know it,
- it is `MIN_LETTERS` to `MAX_LETTERS` letters, all alphabetic, and not a tool name,
- exactly one word of `vocabulary()` (the words in the grader's own patterns, and the tool names) lies one
  edit away (a letter dropped, added, changed, or two neighbours swapped), with the same first letter.

So a real word ("owner", "tested") is never changed into a pattern word, and a name the dictionary lacks
("pyspark", "upsert") is changed only if it sits one typo from exactly one pattern word.

It does not correct grammar, words the patterns never read, or anything that is quoted: evidence still quotes
the candidate's own characters (`Sentence.quote`); only `Sentence.text`, which is matched and embedded, changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from interviewer import conduct, flags, star_cues
from interviewer.segment import Sentence

if TYPE_CHECKING:
    from spellchecker import SpellChecker

MIN_LETTERS = 5
MAX_LETTERS = 24
"""Longer "words" are never pattern words (and a hostile 50,000-letter one must not be edited letter by letter)."""
_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_PATTERN_WORD = re.compile(rf"\b[a-z]{{{MIN_LETTERS},}}\b")


def _patterns() -> list[re.Pattern[str]]:
    found: list[re.Pattern[str]] = [*star_cues.CUES.values()]
    for module in (star_cues, conduct, flags):
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


@cache
def _by_first_letter() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for w in sorted(vocabulary()):
        out.setdefault(w[0], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


def one_edit(a: str, b: str) -> bool:
    """True when `b` is `a` with one letter dropped, added or changed, or two neighbouring letters swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:] or (a[i + 2:] == b[i + 2:] and a[i:i + 2] == b[i:i + 2][::-1])
    return a[i + 1:] == b[i:] if len(a) > len(b) else a[i:] == b[i + 1:]


CONTRACTIONS = {w.replace("'", ""): w for w in (
    "don't", "didn't", "doesn't", "wasn't", "isn't", "wouldn't", "couldn't", "shouldn't", "weren't", "aren't",
    "haven't", "hasn't", "hadn't", "can't", "i'm", "i've", "that's", "they're")}
"""Contractions typed or transcribed without the apostrophe ("didnt", "im"): the patterns are written with it.
Not "were", "well", "ill", "wont", "hes" or "its": those are words too."""


def mend(word: str) -> str:
    """The pattern word `word` is a typo of, or `word` itself (see the module docstring for when)."""
    low = word.lower()
    if low in CONTRACTIONS:
        return CONTRACTIONS[low]
    if not MIN_LETTERS <= len(low) <= MAX_LETTERS or not low.isalpha() or low in vocabulary() or low in _dictionary():
        return word
    candidates = [v for v in _by_first_letter().get(low[0], ()) if one_edit(low, v)]
    return candidates[0] if len(candidates) == 1 else word


def mend_text(text: str) -> str:
    return _WORD.sub(lambda m: mend(m.group()), text)


def mend_sentences(sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences with typos of pattern words mended in `text`; `quote`, offsets and word counts unchanged."""
    out = []
    for s in sentences:
        text = mend_text(s.text)
        out.append(s if text == s.text else replace(s, text=text))
    return out
