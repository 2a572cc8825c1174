"""Narrow a STAR part's quoted evidence to the sentences, as the candidate told them, that show the part.

The grader embeds short sentences joined into pieces of about 32 words (`segment.merge_short`), so the piece it
quotes for a part can hold two or three of the candidate's sentences: "At my last company the nightly job kept
failing. I owned it." would be quoted both for the situation and for the task. Where a quoted piece joins several
told sentences and the part's cue pattern (star_cues.py) matches some of them but not all, only those are quoted;
otherwise the piece stays as it was. "I owned it." is then the task's quote and the failing job the situation's.

A flag's quote (blame, arrogance, vague) is narrowed the same way (`narrow_flags`), to the first told sentence of
the piece that shows the flag by its patterns.

Display only: it moves no verdict, so no grade, flag or evaluation number. It does not embed or score anything.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from interviewer import arrogance, conduct, flags
from interviewer.models import STAR_PARTS, RedFlag, StarName, StarPart
from interviewer.segment import Sentence
from interviewer.star import MAX_EVIDENCE

SHOWS: dict[RedFlag, Callable[[str], bool]] = {
    "blame": conduct.blames,
    "arrogance": arrogance.boasts,
    "vague": lambda text: bool(flags.GENERIC.search(text)),
}
"""What shows each flag in one sentence: for blame only a phrase that puts the fault on others (conduct.py), not the
weaker signs the learned decision also counts ("of course", a fact about another team), which would point at the wrong
sentence. The other flags (rambling, too short) keep the grader's quote."""


def pinpoint(parts: Mapping[StarName, StarPart], pieces: Sequence[Sentence], told: Sequence[Sentence],
             cues: np.ndarray) -> dict[StarName, StarPart]:
    """`parts` with each evidence piece narrowed to its told sentences that carry the part's cue, each quoted once.
    `pieces` are the merged sentences the evidence quotes, `told` the sentences before merging, `cues` their
    (len(told), 4) cue matrix (star_cues.cue_matrix). A part keeps its quotes as they were where narrowing would give it
    more than star.MAX_EVIDENCE."""
    by_quote = {s.quote: s for s in pieces}
    out: dict[StarName, StarPart] = {}
    for name, part in parts.items():
        column = STAR_PARTS.index(name)
        quotes: list[str] = []
        for quote in part.evidence:
            piece = by_quote.get(quote)
            inside = [i for i, t in enumerate(told) if piece and piece.start <= t.start and t.end <= piece.end]
            shown = [told[i].quote for i in inside if cues[i, column] > 0]
            quotes.extend(shown if len(inside) > 1 and 0 < len(shown) < len(inside) else [quote])
        quotes = list(dict.fromkeys(quotes))
        keep = quotes == part.evidence or len(quotes) > MAX_EVIDENCE
        out[name] = part if keep else part.model_copy(update={"evidence": quotes})
    return out


def flag_quote(quote: str, pieces: Sequence[Sentence], told: Sequence[Sentence], shows: Callable[[str], bool]) -> str:
    """The first told sentence inside the quoted piece whose text `shows` the flag, where the piece joins several
    and not all of them show it; else `quote`."""
    piece = next((s for s in pieces if s.quote == quote), None)
    inside = [t for t in told if piece and piece.start <= t.start and t.end <= piece.end]
    shown = [t.quote for t in inside if shows(t.text)]
    return shown[0] if len(inside) > 1 and 0 < len(shown) < len(inside) else quote


def narrow_flags(red: Mapping[RedFlag, str], pieces: Sequence[Sentence], told: Sequence[Sentence]) -> dict[RedFlag, str]:
    """`red` (flag -> quote) with the quotes of the flags in SHOWS narrowed by `flag_quote`."""
    return {flag: flag_quote(quote, pieces, told, SHOWS[flag]) if quote and flag in SHOWS else quote
            for flag, quote in red.items()}


def most_generic(sentences: Sequence[Sentence]) -> str:
    """The vague flag's quote: the first sentence with a generality ("in general", "best practices"), else the first."""
    hit = flags.first_match(flags.GENERIC, sentences)
    return (hit or sentences[0]).quote if sentences else ""
