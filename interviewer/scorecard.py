"""The scorecard of a session, rendered as Markdown, HTML or JSON (the progress across sessions is progress.py).

Pure: a `Session` (and optionally the `Guide`, for question text and category) in, a `Scorecard`
out, then text. What to practise next and what went well are derived from the grades already in the
session: nothing is re-graded, nothing is read or written, no LLM is asked. Only main answers count
towards the average, the strengths and the practice list; follow-ups are shown with their own grades.

Candidate text is never trusted: HTML goes through Jinja2 with autoescape on; Markdown quotes it as
blockquotes with its markup characters escaped (`rendering.py`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from . import rendering
from .delivery import DeliverySummary, summarize_delivery
from .models import (
    RED_FLAGS,
    STAR_PARTS,
    Delivery,
    Grade,
    Guide,
    RedFlag,
    SecondOpinion,
    Session,
    StarName,
    Turn,
    Usage,
)
from .sessions import answered_turns, summarize

Format = Literal["md", "html", "json"]
CONSISTENT = 0.8
"""Share of answers a habit must show in to count as a strength."""
MAX_PRACTICE = 3
_STAR_WEIGHT: tuple[StarName, ...] = ("result", "action", "task", "situation")
"""STAR parts from the one interviewers weigh most: breaks ties in what to practise."""

STAR_ADVICE: dict[StarName, str] = {
    "situation": "Open with one or two sentences of context: the company, the system and its scale "
    '(e.g. "a 40-node Spark cluster ingesting 2 TB a day"), then move on.',
    "task": "Say what you personally were responsible for and what success meant, before what you did.",
    "action": "Walk through the steps you took yourself, in order: the tools, the decisions and why, "
    'saying "I" rather than "we".',
    "result": "End every story with a measured outcome (runtime, cost, incidents, hours saved) and what "
    "changed for the business; add what you learned.",
}
FLAG_ADVICE: dict[RedFlag, str] = {
    "blame": "Describe what went wrong without blaming people or teams: say what you did and what you "
    "would change next time.",
    "rambling": "Keep an answer to about two minutes (250-350 words): headline first, then STAR, then stop.",
    "arrogance": "Credit the team and say what you learned; let numbers, not adjectives, show the impact.",
    "vague": 'Replace generalities ("we improved things") with the system, the tool and the number.',
    "too_short": "Aim for 150-300 words: a full STAR story, not a headline.",
}
NUMBERS_ADVICE = (
    "Prepare two or three numbers for every story (data volume, runtime before and after, cost, team "
    "size) and say them out loud."
)
OFF_TOPIC_ADVICE = "Restate the question in your first sentence and check that your story answers it."


class StarRow(BaseModel):
    part: StarName
    present: bool
    evidence: list[str] = Field(default_factory=list)
    reason: str = ""


class FlagRow(BaseModel):
    flag: RedFlag
    evidence: str = ""


class FollowUpRow(BaseModel):
    prompt: str
    gap: str | None = None
    answer: str | None = None
    skipped: bool = False
    grade: int | None = None
    delivery: Delivery | None = None


class QuestionCard(BaseModel):
    """One question as asked in the session: the main answer, its grade and its follow-ups."""

    question_id: str
    text: str
    category: str | None = None
    answer: str | None = None
    skipped: bool = False
    grade: int | None = None
    """Overall grade (1-5) of the main answer; None when skipped or not graded."""
    on_topic: bool | None = None
    better_match: str | None = None
    no_answer: bool = False
    """Graded, but nothing was left to grade (empty once passages addressed to the grader were dropped)."""
    star: list[StarRow] = Field(default_factory=list)
    covered: list[str] = Field(default_factory=list)
    covered_evidence: dict[str, str] = Field(default_factory=dict)
    """For each covered main point, the answer's sentence that matched it (quoted so the candidate can judge it)."""
    missed: list[str] = Field(default_factory=list)
    red_flags: list[FlagRow] = Field(default_factory=list)
    numbers: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    follow_ups: list[FollowUpRow] = Field(default_factory=list)
    delivery: Delivery | None = None
    """How the main answer was said, when it was spoken."""
    second_opinion: SecondOpinion | None = None
    """The LLM's latest checked opinion on this question's answers (the grade above stays the grade of record)."""

    @property
    def with_follow_ups(self) -> int | None:
        """The grade of the answer with its last answered follow-up (graded together); None without one."""
        return next((f.grade for f in reversed(self.follow_ups) if f.grade is not None), None)


class Strength(BaseModel):
    title: str
    detail: str


class Practice(BaseModel):
    """One thing to practise next, with the answers that showed the gap and what to do about it."""

    topic: str
    """Machine name: "star:result", "numbers", "key_points", "flag:blame", "off_topic"."""
    title: str
    why: str
    suggestion: str
    questions: list[str] = Field(default_factory=list)


class Scorecard(BaseModel):
    session_id: str
    created_at: datetime
    finished: bool
    n_planned: int
    n_answered: int
    average: float | None
    questions: list[QuestionCard]
    not_asked: list[str] = Field(default_factory=list)
    strengths: list[Strength] = Field(default_factory=list)
    practice: list[Practice] = Field(default_factory=list)
    usage: Usage | None = None
    """LLM tokens and estimated cost of the session; None when no LLM was used."""
    delivery: DeliverySummary | None = None
    """Pace, fillers, pauses and length over the spoken answers; None when every answer was typed."""


def build_scorecard(session: Session, guide: Guide | None = None) -> Scorecard:
    summary = summarize(session)
    cards = _cards(session.turns, guide)
    asked = {c.question_id for c in cards}
    graded = [t.grade for t in answered_turns(session) if t.grade is not None]
    return Scorecard(
        session_id=session.id,
        created_at=session.created_at,
        finished=session.finished,
        n_planned=summary.n_planned,
        n_answered=summary.n_answered,
        average=summary.average,
        questions=cards,
        not_asked=[q for q in session.plan if q not in asked],
        strengths=strengths(graded),
        practice=practice(graded),
        usage=session.usage,
        delivery=session_delivery(session),
    )


def session_delivery(session: Session) -> DeliverySummary | None:
    """The session's spoken answers (skipped turns left out) pooled; None when none was spoken."""
    spoken = [(t.delivery, t.role == "question") for t in session.turns if t.delivery is not None and not t.skipped]
    return summarize_delivery(spoken)


def _cards(turns: list[Turn], guide: Guide | None) -> list[QuestionCard]:
    cards: dict[str, QuestionCard] = {}
    for turn in turns:
        if turn.role == "question" or turn.question_id not in cards:
            cards[turn.question_id] = _card(turn, guide)
        if turn.role == "follow_up":
            cards[turn.question_id].follow_ups.append(_follow_up(turn))
        if turn.second_opinion is not None:
            cards[turn.question_id].second_opinion = turn.second_opinion
    return list(cards.values())


def _card(turn: Turn, guide: Guide | None) -> QuestionCard:
    text, category = turn.prompt, None
    if guide is not None:
        try:
            question = guide.question(turn.question_id)
            text, category = question.text, question.category
        except (KeyError, IndexError):
            pass
    card = QuestionCard(question_id=turn.question_id, text=text, category=category)
    if turn.role == "question":
        card.answer, card.skipped, card.delivery = turn.answer, turn.skipped, turn.delivery
        if turn.grade is not None and not turn.skipped:
            _fill_grade(card, turn.grade)
    return card


def _fill_grade(card: QuestionCard, grade: Grade) -> None:
    card.grade = grade.overall
    card.on_topic, card.better_match = grade.on_topic, grade.better_match
    card.no_answer = grade.no_answer
    card.star = [StarRow(part=p, **grade.star[p].model_dump()) for p in STAR_PARTS if p in grade.star]
    card.covered, card.missed = list(grade.key_points.covered), list(grade.key_points.missed)
    card.covered_evidence = {k: v for k, v in grade.key_points.evidence.items() if k in card.covered}
    card.red_flags = [FlagRow(flag=f, evidence=grade.flag_evidence.get(f, "")) for f in grade.red_flags]
    card.numbers = list(grade.specificity.numbers)
    card.reasons = list(grade.reasons)


def _follow_up(turn: Turn) -> FollowUpRow:
    grade = turn.grade.overall if turn.grade is not None and not turn.skipped else None
    return FollowUpRow(prompt=turn.prompt, gap=turn.gap, answer=turn.answer, skipped=turn.skipped, grade=grade,
                       delivery=turn.delivery)


def star_present(grade: Grade, part: StarName) -> bool:
    """Whether the grade has this STAR part present; a part the grade does not list counts as absent."""
    return part in grade.star and grade.star[part].present


def _key_point_share(grade: Grade) -> float | None:
    total = len(grade.key_points.covered) + len(grade.key_points.missed)
    return len(grade.key_points.covered) / total if total else None


def _ratio(n: int, total: int) -> str:
    return f"{n} of {total} answer{'s' if total != 1 else ''}"


def strengths(grades: list[Grade]) -> list[Strength]:
    """Habits shown in at least `CONSISTENT` of the graded main answers."""
    n = len(grades)
    if not n:
        return []
    habits = [
        (f"STAR {p} present", f"A clear {p}", [star_present(g, p) for g in grades]) for p in STAR_PARTS
    ]
    habits += [
        ("Specific, with numbers", "Numbers", [bool(g.specificity.numbers) for g in grades]),
        ("Measured results", "A measured result", [g.specificity.measured_result for g in grades]),
        ("Covers the key points", "Most key points", [(_key_point_share(g) or 0) >= 0.7 for g in grades]),
        ("No red flags", "No blame, rambling, arrogance or vagueness", [not g.red_flags for g in grades]),
        ("Ownership", 'Your own actions ("I" rather than "we")', [g.ownership >= 0.6 for g in grades]),
    ]
    return [
        Strength(title=title, detail=f"{what} in {_ratio(sum(hits), n)}.")
        for title, what, hits in habits
        if sum(hits) / n >= CONSISTENT
    ]


def practice(grades: list[Grade]) -> list[Practice]:
    """The `MAX_PRACTICE` most frequent gaps across the graded main answers, most frequent first."""
    missing = Counter(p for g in grades for p in STAR_PARTS if not star_present(g, p))
    # Only the most missed STAR part is listed; ties go to the part interviewers weigh most.
    part = max(_STAR_WEIGHT, key=lambda p: missing[p])
    checks: list[tuple[str, str, str, str, Callable[[Grade], bool]]] = [
        (
            f"star:{part}",
            f"State the {part}",
            f"The STAR {part} was missing",
            STAR_ADVICE[part],
            lambda g: not star_present(g, part),
        ),
        (
            "numbers",
            "Back your answers with numbers",
            "No numbers",
            NUMBERS_ADVICE,
            lambda g: not g.specificity.numbers,
        ),
        (
            "key_points",
            "Cover the key points",
            "Fewer than half the key points",
            _rehearse(grades),
            _weak_key_points,
        ),
    ]
    for flag in RED_FLAGS:
        name = flag.replace("_", " ")
        checks.append(
            (
                f"flag:{flag}",
                f"Avoid {name}",
                f"Flagged {name}",
                FLAG_ADVICE[flag],
                lambda g, flag=flag: flag in g.red_flags,
            )
        )
    checks.append(
        ("off_topic", "Answer the question asked", "Off topic", OFF_TOPIC_ADVICE,
         lambda g: not g.on_topic and not g.no_answer)
    )
    found = []
    for topic, title, why, suggestion, shows_gap in checks:
        qids = [g.question_id for g in grades if shows_gap(g)]
        if qids:
            why = f"{why} in {_ratio(len(qids), len(grades))}."
            found.append(Practice(topic=topic, title=title, why=why, suggestion=suggestion, questions=qids))
    # Stable sort: ties keep the order above (STAR, numbers, key points, red flags, topic).
    found.sort(key=lambda p: len(p.questions), reverse=True)
    return found[:MAX_PRACTICE]


def _weak_key_points(grade: Grade) -> bool:
    share = _key_point_share(grade)
    return share is not None and share < 0.5


def _rehearse(grades: list[Grade]) -> str:
    weak = [g for g in grades if _weak_key_points(g)]
    missed = list(dict.fromkeys(k for g in weak for k in g.key_points.missed))
    more = f"; and {len(missed) - 3} more" if len(missed) > 3 else ""
    return (
        f"Re-read the reference answers to {', '.join(g.question_id for g in weak)} "
        f"and rehearse what you missed: {'; '.join(missed[:3])}{more}."
    )


def render(scorecard: Scorecard, fmt: Format) -> str:
    """The scorecard as Markdown ("md"), a self-contained HTML page ("html") or JSON ("json")."""
    if fmt == "json":
        return scorecard.model_dump_json(indent=2)
    if fmt not in ("md", "html"):
        raise ValueError(f"unknown scorecard format {fmt!r}: use md, html or json")
    template = rendering.env(fmt).get_template(f"scorecard.{fmt}.j2")
    return template.render(card=scorecard, star_parts=STAR_PARTS, grade_text=rendering.grade_text)
