"""Evasion: an answer that does not try the question, but says it never comes up, hands it to others, or steers away.

Interview answers that sidestep a question have a few shapes, whatever the question: the premise is denied with a
trait in its place ("I don't really have disagreements, I get along with everyone"; "I haven't had the chance to
build CDC, but I'm a fast learner"), the work is someone else's ("honestly the platform team handles that, so I
haven't had to think about it"), or the candidate steers to another subject ("I'd rather talk about my Kafka work";
"What I'm more proud of is …"). `find` returns the sentence that shows the shape, or None.

`sidesteps` adds when the grader calls such an answer off topic: only when it also tells too little of a story of
its own (at most MAX_PARTS STAR parts) and no other flag explains it, since good answers say in passing that
something "never came up again", and dismissive ones ("I've never had a pipeline fail") are labelled on topic.
Pattern-based and deterministic; it neither embeds text nor grades.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from interviewer.segment import Sentence

_HEDGE = r"(?:really |actually |honestly |even |always |usually |just |ever |yet )?"
DENIAL = re.compile(
    r"\b(?:i|we)(?:'ve| have)? " + _HEDGE + r"(?:don'?t|do not|haven'?t|have not|never|didn'?t|did not|rarely) "
    + _HEDGE + r"(?:had|have|get|got|run into|ran into|face|faced|deal with|dealt with|done|worked with|been in)\b"
    r"|\bi don'?t think i'?ve " + _HEDGE + r"(?:had|done|faced)\b"
    r"|\bnot " + _HEDGE + r"something (?:that )?(?:i|we)\b"
    r"|\b(?:never|doesn'?t|don'?t|didn'?t|wouldn'?t) " + _HEDGE + r"(?:come|came) up\b"
    r"|\b(?:isn'?t|is not|wasn'?t|was not) " + _HEDGE + r"(?:a|an) (?:problem|issue) for me\b",
    re.IGNORECASE,
)
"""The premise denied: "I don't really have disagreements", "I haven't had the chance", "it never comes up"."""
CONTRAST = re.compile(r"\bbut (?:when|if|whenever|once)\b", re.IGNORECASE)
"""A denial that goes on to the case itself ("I rarely disagree, but when it happens I …") answers the question."""
TRAIT = re.compile(
    r"\bi'?m (?:a |an |someone who is )?(?:very |pretty |really |quite |generally |kind of |super )?"
    r"(?:easy-?going|easy person to work with|diplomatic|flexible|adaptable|transparent|resourceful|positive person|"
    r"people person|fast learner|quick learner|night owl)\b"
    r"|\bi (?:am )?(?:very |pretty |really )?easy going\b|\bget along with\b|\b(?:fast|quick) learner\b"
    r"|\beager to learn\b",
    re.IGNORECASE,
)
"""A trait told in place of an account: "I'm a very easy-going person", "I'm a fast learner"."""
ELSEWHERE = re.compile(
    r"\b(?:team|qa|devops|dbas?|admins?) (?:usually |mostly |always |just )?(?:handles?|handled|takes? care of|"
    r"took care of|looks? after|looked after|(?:is|was|were) responsible for) (?:all |most )?(?:of )?"
    r"(?:that|this|it|the \w+ side|testing)\b"
    r"|\blet (?:the|my|our) (?:managers?|leads?|product owners?) (?:figure|decide)\b",
    re.IGNORECASE,
)
"""The work handed to others: "the platform team handles most of that", "I just let the managers decide"."""
STEERING = re.compile(
    r"\b(?:i'?d|i would) (?:rather|prefer to|much rather) (?:talk|tell|focus|highlight|mention|discuss)\b(?![^.?!]*\bthan\b)"
    r"|\bwhat i'?m (?:really |more |most |actually )?(?:proud of|passionate about|excited about)\b"
    r"|\bsomething i'?d (?:rather|like to|prefer to) (?:highlight|mention|talk)\b"
    r"|\bwhat i'?d (?:really |most )?(?:like|love|want) to (?:highlight|talk about|focus on|mention)\b"
    r"|\b(?:i'?d be |i'?m |i would be )?happy to (?:walk you through|talk about|tell you about|go into|get into) "
    r"[^.?!]{0,80}\binstead\b"
    r"|\b(?:can|could|shall|maybe) (?:we|i) (?:\w+ )?(?:come|get|go) back to\b[^.?!]{0,40}\blater\b"
    r"|\bback to (?:the|that|this|your) [^.?!]{0,25}\bquestion later\b"
    r"|\bcan we move on\b",
    re.IGNORECASE,
)
"""The candidate steering to another subject ("I'd rather talk about", "what I'm more proud of is", "what I'd really
like to highlight is", "happy to go into that instead") or putting the question off ("maybe we can come back to the
testing question later")."""


def shows(text: str) -> bool:
    """Whether one sentence steers away or denies the premise: what the quote is narrowed to (evidence.flag_quote)."""
    return bool(STEERING.search(text) or DENIAL.search(text))


def find(sentences: Sequence[Sentence]) -> Sentence | None:
    """The sentence that shows the answer sidestepping the question: one that steers away, or a denied premise
    when the answer also puts a trait or another team in its place. None when it does not."""
    steering = next((s for s in sentences if STEERING.search(s.text)), None)
    if steering is not None:
        return steering
    denial = next((s for s in sentences if DENIAL.search(s.text) and not CONTRAST.search(s.text)), None)
    if denial is None:
        return None
    if any(TRAIT.search(s.text) or ELSEWHERE.search(s.text) for s in sentences):
        return denial
    return None


TOLD_ANOTHER_WAY = frozenset({"too_short", "blame", "arrogance", "rambling"})
"""Flags that already say what is wrong with such an answer: a dismissive or blaming answer, labelled on topic."""
MAX_PARTS = 2
"""An evasion is off topic only with at most this many STAR parts: more, and a story of its own answers."""


def sidesteps(sentences: Sequence[Sentence], star_parts: int, red_flags: Collection[str]) -> Sentence | None:
    """The sentence to quote when an answer called on topic sidesteps the question instead (off topic), else None:
    it evades (`find`), tells at most MAX_PARTS STAR parts, and no flag in TOLD_ANOTHER_WAY already explains it."""
    if star_parts > MAX_PARTS or TOLD_ANOTHER_WAY.intersection(red_flags):
        return None
    return find(sentences)


def reason(subject: str, question_id: str, quote: str) -> str:
    """The off-topic reason: what the question asks, and the sentence that sidesteps it."""
    return f"this sidesteps {subject} ({question_id}): \"{quote}\", and no story of its own answers it"
