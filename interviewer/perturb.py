"""Small, deterministic changes to an answer that must not change its grade by more than one: the stability check.

- `typos`: two neighbouring letters swapped inside about one word in twenty (words of five letters or more),
  chosen by a seed, so the same case always gets the same typos.
- `transcript`: the answer as speech-to-text writes it: lower case, no punctuation ("%" read as "percent",
  decimal points kept), one line.

It does not grade anything; `evaluate.stability` grades the changed answers and compares.
"""

from __future__ import annotations

import random
import re

TYPO_RATE = 0.05
_LETTERS = re.compile(r"[A-Za-z]{5,}")


def typos(text: str, seed: str, rate: float = TYPO_RATE) -> str:
    """`text` with two inner letters swapped in about `rate` of its words of five letters or more."""
    rnd = random.Random(seed)

    def swap(m: re.Match[str]) -> str:
        w = m.group()
        if rnd.random() >= rate:
            return w
        i = rnd.randrange(1, len(w) - 2)
        return w[:i] + w[i + 1] + w[i] + w[i + 2:]

    return _LETTERS.sub(swap, text)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_PUNCT = re.compile(r"[^\w\s'.-]|\.(?!\d)|(?<!\d)\.|(?<!\w)-+|-+(?!\w)")


def transcript(text: str) -> str:
    """`text` as a speech transcript: lower case, punctuation dropped, "%" as "percent", numbers kept whole."""
    spoken = _THOUSANDS.sub("", text.lower().replace("%", " percent"))
    spoken = _PUNCT.sub(" ", spoken)
    return re.sub(r"\s+", " ", spoken).strip()
