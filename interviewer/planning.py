"""Which questions a session asks: a seeded draw from the guide, optionally from some of its categories.

Pure: a `Guide` in, question ids out. It does not ask, order follow-ups or keep state; that is `interview.py`.
"""

from __future__ import annotations

import random

from interviewer.models import Guide


def plan_questions(guide: Guide, n_questions: int, categories: list[str] | None, seed: int) -> list[str]:
    """`n_questions` distinct question ids from `categories` (all when None), drawn by `seed`.

    A category matches ignoring case, by its full name or a part of it ("behavioral" matches
    "Behavioral & Leadership"). Asking for more questions than there are gives all of them.
    """
    if n_questions < 1:
        raise ValueError(f"n_questions must be at least 1, not {n_questions}")
    chosen = match_categories(guide, categories or [])
    pool = [q for q in guide.questions if not chosen or q.category in chosen]
    pool = list({q.id: q for q in pool}.values())
    if not pool:
        raise ValueError(f"the guide {guide.source} has no questions")
    return [q.id for q in random.Random(seed).sample(pool, min(n_questions, len(pool)))]


def match_categories(guide: Guide, wanted: list[str]) -> set[str]:
    """The guide's categories that `wanted` names (see plan_questions); a name that matches none is a ValueError."""
    matched: set[str] = set()
    for name in wanted:
        key = name.strip().lower()
        exact = [c for c in guide.categories if c.lower() == key]
        hits = exact or [c for c in guide.categories if key and key in c.lower()]
        if not hits:
            raise ValueError(f"unknown category {name!r}; choose from: {', '.join(guide.categories)}")
        matched.update(hits)
    return matched
