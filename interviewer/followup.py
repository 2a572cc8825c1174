"""The follow-up policy: given a question, its grade and what was already asked, which gap (if any) to probe.

Pure and deterministic: no model, no I/O, no wording (that lives in `prompts/followup.yaml`). Small local models
cannot tell whether an answer has a result (see NOTES-offline), so the decision rests on the offline grade.

Rules, in this order:
  1. at most `MAX_FOLLOWUPS` follow-ups per question, never the same gap twice;
  2. a candidate who declines ("I don't know", "pass", "can we move on") is not pressed;
  3. an off-topic answer gets one follow-up re-asking the question, then the interview moves on;
  4. a good answer (overall >= 4, nothing important missing) moves on;
  5. otherwise the most important open gap: for behavioral questions one real example first when the answer
     tells no story (neither situation nor action), then the missing STAR part (result, then action, task,
     situation), then "numbers", then the first missed reference key point, then "vague";
     for technical questions a real example first when the answer has none (no situation: SCHEMA.md grades a
     technical answer on the example that grounds it), then the key point, then "numbers", then "vague" (unless
     an example was asked for: it asks for the same thing); their other STAR parts are not probed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from interviewer.models import Grade, Question, StarName

MAX_FOLLOWUPS = 2
GOOD_OVERALL = 4
STAR_ORDER: tuple[StarName, ...] = ("result", "action", "task", "situation")
# Missing either of these keeps even a well-scored behavioral answer open: without them there is no story.
IMPORTANT_PARTS: tuple[StarName, ...] = ("result", "action")
# Missing both of these, a behavioral answer tells no story yet: "how did it turn out?" would ask about nothing.
NO_STORY: tuple[StarName, ...] = ("situation", "action")
# A decline is short; a long answer that happens to contain "I don't know" is still an answer.
DECLINE_MAX_WORDS = 25
# Words a decline is padded with ("Honestly, I don't have an example of that, sorry"); anything else is content.
_FILLER = frozenset({
    "a", "an", "the", "i", "i'm", "im", "i've", "ive", "me", "my", "we", "you", "it", "it's", "this", "that",
    "of", "for", "to", "on", "in", "at", "about", "with", "and", "but", "so", "or", "really", "honestly",
    "sorry", "um", "uh", "er", "hmm", "well", "yeah", "yes", "no", "ok", "okay", "just", "actually", "right",
    "now", "here", "there", "any", "anything", "one", "such", "kind", "sort", "type", "thing", "example",
    "examples", "case", "situation", "question", "please", "can", "could", "let's", "lets", "like", "think",
    "guess", "top", "head", "off",
})

GapKind = Literal["result", "action", "task", "situation", "example", "numbers", "key_point", "vague", "off_topic"]

_DECLINE = re.compile(
    r"\bi\s+(really\s+)?(don'?t|do\s+not|can'?t|cannot)\s+(have|think\s+of|recall|remember|know|answer|say)\b"
    r"|\b(i\s+have\s+)?no\s+(real\s+)?(idea|clue|example|experience)\b"
    r"|\bnot\s+sure\b"
    r"|\b(i'?ve\s+)?(never|haven'?t|have\s+not)\s+(been\s+in|had|faced|done|dealt\s+with)\b"
    r"|\b(can\s+we\s+|let'?s\s+)?(move\s+on|skip(\s+this)?|pass|next\s+question|next)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Gap:
    """A gap a follow-up probes."""

    kind: GapKind
    key_point: str = ""
    """The missed reference key point, for kind "key_point"."""

    @property
    def id(self) -> str:
        """How the gap is recorded on the Turn: "result", "numbers", "key_point:<text>", …"""
        return f"key_point:{self.key_point}" if self.kind == "key_point" else self.kind


def is_decline(answer: str) -> bool:
    """True when the answer is "I don't know / no example / pass / can we move on" rather than an attempt.

    It must contain such a phrase and almost nothing else: "I'm not sure, but I'd partition by date" is an
    attempt, "Honestly, I don't have an example of that, sorry" is not.
    """
    text = answer.lower().replace("\u2019", "'")
    if len(text.split()) > DECLINE_MAX_WORDS or not _DECLINE.search(text):
        return False
    rest = re.findall(r"[a-z']+", _DECLINE.sub(" ", text))
    return len([w for w in rest if w not in _FILLER]) <= 2


def choose_followup(
    question: Question,
    grade: Grade,
    asked_gaps: list[str],
    n_followups_so_far: int,
    answer: str,
) -> Gap | None:
    """The gap to probe next for `question`, or None to move on. `answer` is the candidate's latest reply."""
    if n_followups_so_far >= MAX_FOLLOWUPS or is_decline(answer):
        return None
    if not grade.on_topic:
        return None if "off_topic" in asked_gaps else Gap("off_topic")
    gaps = [g for g in open_gaps(question, grade) if g.id not in asked_gaps]
    if grade.overall >= GOOD_OVERALL:
        gaps = [g for g in gaps if g.kind in IMPORTANT_PARTS]
    return gaps[0] if gaps else None


def open_gaps(question: Question, grade: Grade) -> list[Gap]:
    """Every gap in the answer, most important first."""
    star = [Gap(p) for p in STAR_ORDER if p in grade.star and not grade.star[p].present]
    numbers = [] if grade.specificity.measured_result or grade.specificity.numbers else [Gap("numbers")]
    key_points = [Gap("key_point", kp) for kp in _missed_in_reference_order(question, grade)]
    vague = [Gap("vague")] if {"vague", "too_short"} & set(grade.red_flags) else []
    if question.kind == "behavioral":
        if all(p in grade.star and not grade.star[p].present for p in NO_STORY):
            return [Gap("vague")] + star + numbers + key_points  # no story to ask the outcome of: ask for one
        return star + numbers + key_points + vague
    example = [Gap("example")] if "situation" in grade.star and not grade.star["situation"].present else []
    return example + key_points + numbers + ([] if example else vague)


def _missed_in_reference_order(question: Question, grade: Grade) -> list[str]:
    # The reference lists its key points from the headline down, so earlier ones matter more.
    missed = set(grade.key_points.missed)
    ordered = [kp for kp in question.key_points if kp in missed]
    return ordered + [kp for kp in grade.key_points.missed if kp not in ordered]
