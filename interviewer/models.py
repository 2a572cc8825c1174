"""Typed records shared by every module: the guide's questions, grades, turns and sessions.

Pure data (pydantic models) and nothing else: no I/O, no parsing, no scoring logic.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["behavioral", "technical"]
StarName = Literal["situation", "task", "action", "result"]
STAR_PARTS: tuple[StarName, ...] = ("situation", "task", "action", "result")
RedFlag = Literal["blame", "rambling", "arrogance", "vague", "too_short"]
RED_FLAGS: tuple[RedFlag, ...] = ("blame", "rambling", "arrogance", "vague", "too_short")
Verdict = Literal["low", "ok", "high"]
"""A delivery figure against its norm: below, within, or above it."""


def utcnow() -> datetime:
    return datetime.now(UTC)


class Question(BaseModel):
    """One question of the guide with its reference answer."""

    id: str
    """The guide's own numbering: "Q1" … "Q32"."""
    number: int
    category: str
    """The guide section that holds the question, e.g. "Behavioral & Leadership"."""
    kind: Kind
    text: str
    answer: str
    """The reference answer as Markdown, exactly as the guide gives it."""
    star: dict[StarName, str] = Field(default_factory=dict)
    """The reference's STAR sections where the guide labels them (Q16–Q18 etc.); empty otherwise."""
    key_points: list[str] = Field(default_factory=list)
    """Short sentences: the bold headings and bullet points of the reference answer."""
    line: int = 0
    """1-based line of the question heading in the source file."""


class GuideDoc(BaseModel):
    """A part of the guide that is not a question: walkthrough template, tips, red flags, questions to ask."""

    id: str
    """Stable slug: "walkthrough", "tips", "red-flags", "questions-to-ask", …"""
    title: str
    text: str
    line: int = 0


class Guide(BaseModel):
    title: str
    source: str
    """Path (or name) of the Markdown file it was parsed from."""
    questions: list[Question]
    documents: list[GuideDoc] = Field(default_factory=list)

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id.lower() == qid.lower():
                return q
        raise KeyError(f"no question {qid!r} in the guide (it has {self.questions[0].id}…{self.questions[-1].id})")

    @property
    def categories(self) -> list[str]:
        seen: list[str] = []
        for q in self.questions:
            if q.category not in seen:
                seen.append(q.category)
        return seen


class Chunk(BaseModel):
    """A piece of the guide as stored in the vector store, with a deterministic id such as "Q07:answer:2"."""

    id: str
    text: str
    question_id: str | None = None
    """Set for chunks of a question; None for guide documents."""
    section: str
    """"question", "answer", "key_point", or a GuideDoc id."""
    content_hash: str
    """Hash of the text that produced the chunk: unchanged hash means no re-embedding."""


class StarPart(BaseModel):
    present: bool
    evidence: list[str] = Field(default_factory=list)
    """Sentences quoted verbatim from the answer that show this part."""
    reason: str = ""


class KeyPoints(BaseModel):
    covered: list[str] = Field(default_factory=list)
    missed: list[str] = Field(default_factory=list)
    evidence: dict[str, str] = Field(default_factory=dict)
    """Key point -> the answer sentence that covers it."""


class Specificity(BaseModel):
    numbers: list[str] = Field(default_factory=list)
    tools: list[str] = Field(default_factory=list)
    measured_result: bool = False


class Grade(BaseModel):
    """The offline grader's verdict on one answer. Every part carries its reason and quoted evidence."""

    question_id: str
    overall: int = Field(ge=1, le=5)
    star: dict[StarName, StarPart]
    key_points: KeyPoints
    on_topic: bool
    better_match: str | None = None
    """Id of a question this answer fits better, when off topic."""
    red_flags: list[RedFlag] = Field(default_factory=list)
    flag_evidence: dict[str, str] = Field(default_factory=dict)
    specificity: Specificity = Field(default_factory=Specificity)
    word_count: int = 0
    ownership: float = 0.0
    """Share of first-person pronouns that are "I" rather than "we" (0..1)."""
    reasons: list[str] = Field(default_factory=list)
    """One line for each point gained or lost."""
    grader: str = ""
    """Name and version of the grader that produced it."""

    @property
    def missing_parts(self) -> list[StarName]:
        return [p for p in STAR_PARTS if not self.star[p].present]

    @property
    def no_answer(self) -> bool:
        """Nothing was left to grade: the answer was empty once passages addressed to the grader were dropped."""
        return self.word_count == 0


class Judgement(BaseModel):
    """An LLM's second opinion on one answer, in the shape the judge prompt asks for (`prompts/judge.yaml`)."""

    star: dict[StarName, list[str]] = Field(default_factory=dict)
    """STAR part -> sentences quoted verbatim from the answer that show it; a part with no quote is absent."""
    key_points_covered: list[str] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    overall: int = Field(ge=1, le=5)
    reasons: list[str] = Field(default_factory=list)
    """Why this grade: one short line per point gained or lost."""


class SecondOpinion(BaseModel):
    """A checked `Judgement` beside the offline grade of record, with what produced it."""

    judgement: Judgement
    """Quotes already checked: every quote left is in the answer."""
    rejected_quotes: list[str] = Field(default_factory=list)
    """Quotes the model gave that are not in the answer (dropped from `judgement`)."""
    offline_overall: int
    disagrees: bool
    """True when the two grades differ by more than one point: shown with both reasons, never averaged."""
    model: str
    prompt: str
    """The judge prompt's version, e.g. "judge@1"."""


class Usage(BaseModel):
    """Tokens sent to and received from the LLM (counted with tiktoken) and their estimated cost."""

    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    """None when the model has no known price."""
    model: str | None = None
    encoding: str | None = None
    """The tiktoken encoding used to count (exact for OpenAI models, an estimate for others)."""


TurnRole = Literal["question", "follow_up"]


# Delivery of a spoken answer (measured by `delivery.py`), kept on the turn it answered.


class Norm(BaseModel):
    """The range a delivery figure is held against, and where that range comes from."""

    low: float | None
    high: float | None
    unit: str
    source: str


class Measure(BaseModel):
    """One delivery figure, the norm it is held against, and what that means for the candidate."""

    value: float
    unit: str
    verdict: Verdict
    message: str
    norm: Norm


class Pause(BaseModel):
    start: float
    end: float
    seconds: float
    after: str
    """The word spoken just before the silence."""


class Delivery(BaseModel):
    words: int
    speaking_s: float
    """From the first word's start to the last word's end: leading and trailing silence do not count."""
    pace: Measure
    fillers: dict[str, int] = Field(default_factory=dict)
    """Count per filler kind, e.g. {"um": 3, "you know": 1}."""
    filler_rate: Measure
    pauses: list[Pause] = Field(default_factory=list)
    long_pauses: Measure
    length: Measure
    filler_note: str


class Turn(BaseModel):
    """One thing the interviewer asked and what the candidate answered."""

    question_id: str
    role: TurnRole
    prompt: str
    """What the interviewer said when asking."""
    answer: str | None = None
    grade: Grade | None = None
    gap: str | None = None
    """For a follow-up: the gap it probes, e.g. "result", "numbers", "key_point:<text>"."""
    skipped: bool = False
    second_opinion: SecondOpinion | None = None
    """The LLM judge's checked opinion on the answer so far, when an LLM is configured and answered."""
    phrased_by: str | None = None
    """The model that worded `prompt`; None when the offline wording was used."""
    delivery: Delivery | None = None
    """Pace, fillers, pauses and length when the answer was spoken; None for a typed answer."""
    asked_at: datetime = Field(default_factory=utcnow)
    answered_at: datetime | None = None


class Session(BaseModel):
    id: str
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    plan: list[str]
    """Question ids to ask, in order."""
    turns: list[Turn] = Field(default_factory=list)
    finished: bool = False
    settings: dict[str, str | int | list[str] | None] = Field(default_factory=dict)
    """What the session was started with (number of questions, categories, seed, model)."""
    usage: Usage | None = None
    """LLM tokens and cost so far; None when no LLM was used."""
