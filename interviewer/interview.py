"""The interview engine: plans a session, asks, records and grades answers, follows up, closes.

`Interview` turns each candidate message into a list of `Event`s for a front end to show or speak. It keeps
all state in the `Session` it owns and hands that session to `on_change` after every change (an answer is
handed over before it is graded, so nothing is lost if grading fails).

It does no I/O of its own: no printing, no files, no database (that is `on_change`'s job), no UI. Grading comes
through the narrow `GradeFn` protocol, follow-up decisions from `followup`, wording from `prompts` (phrased by
an optional `LLM`, with the offline wording as fallback).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

from interviewer import prompts
from interviewer.followup import Gap, choose_followup, is_decline
from interviewer.llm import LLM, LLMError
from interviewer.models import Grade, Guide, Question, Session, Turn, utcnow
from interviewer.sessions import new_session_id

log = logging.getLogger(__name__)

EventKind = Literal["say", "question", "follow_up", "grade", "reference", "scorecard", "note", "end"]
COMMANDS_HELP = (
    "Commands: /skip (move on to the next question), /repeat (hear the question again), "
    "/model (the guide's reference answer, once you have tried this question), /end (finish now)."
)
# Keeps LLM prompts within a small local model's context; the grader always sees the whole answer.
MAX_ANSWER_CHARS_FOR_LLM = 4000


@dataclass
class Event:
    """One thing the interviewer says or shows."""

    kind: EventKind
    text: str
    grade: Grade | None = None


class GradeFn(Protocol):
    def grade(self, question_id: str, answer: str) -> Grade: ...


def _note(text: str) -> Event:
    return Event("note", text)


def plan_questions(guide: Guide, n_questions: int, categories: list[str] | None, seed: int) -> list[str]:
    """`n_questions` distinct question ids from `categories` (all when None), drawn by `seed`.

    A category matches ignoring case, by its full name or a part of it ("behavioral" matches
    "Behavioral & Leadership"). Asking for more questions than there are gives all of them.
    """
    if n_questions < 1:
        raise ValueError(f"n_questions must be at least 1, not {n_questions}")
    chosen = _match_categories(guide, categories or [])
    pool = [q for q in guide.questions if not chosen or q.category in chosen]
    pool = list({q.id: q for q in pool}.values())
    if not pool:
        raise ValueError(f"the guide {guide.source} has no questions")
    return [q.id for q in random.Random(seed).sample(pool, min(n_questions, len(pool)))]


def _match_categories(guide: Guide, wanted: list[str]) -> set[str]:
    matched: set[str] = set()
    for name in wanted:
        key = name.strip().lower()
        exact = [c for c in guide.categories if c.lower() == key]
        hits = exact or [c for c in guide.categories if key and key in c.lower()]
        if not hits:
            raise ValueError(f"unknown category {name!r}; choose from: {', '.join(guide.categories)}")
        matched.update(hits)
    return matched


class Interview:
    """A running interview. Create with `new` or `resume`, then `start()` once and `respond()` per message."""

    def __init__(
        self,
        session: Session,
        guide: Guide,
        grader: GradeFn,
        *,
        llm: LLM | None = None,
        on_change: Callable[[Session], None] | None = None,
    ) -> None:
        self.session = session
        self.guide = guide
        self.grader = grader
        self.llm = llm
        self.on_change = on_change
        self._seed = int(session.settings.get("seed") or 0)  # type: ignore[arg-type]

    @classmethod
    def new(
        cls,
        guide: Guide,
        grader: GradeFn,
        *,
        llm: LLM | None = None,
        n_questions: int = 5,
        categories: list[str] | None = None,
        seed: int | None = None,
        on_change: Callable[[Session], None] | None = None,
    ) -> Interview:
        """A fresh session. Without a seed one is drawn and recorded, so the session can be replayed."""
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        plan = plan_questions(guide, n_questions, categories, seed)
        matched = _match_categories(guide, categories or [])
        settings: dict[str, str | int | list[str] | None] = {
            "n_questions": len(plan),
            "categories": [c for c in guide.categories if c in matched] or None,
            "seed": seed,
            "model": llm.name if llm is not None else None,
            "prompts": [prompts.version("interviewer"), prompts.version("followup")],
        }
        session = Session(id=new_session_id(), plan=plan, settings=settings)
        return cls(session, guide, grader, llm=llm, on_change=on_change)

    @classmethod
    def resume(
        cls,
        session: Session,
        guide: Guide,
        grader: GradeFn,
        *,
        llm: LLM | None = None,
        on_change: Callable[[Session], None] | None = None,
    ) -> Interview:
        """Continue a saved session; `start()` then welcomes the candidate back."""
        known = {q.id for q in guide.questions}
        unknown = [qid for qid in session.plan if qid not in known]
        if unknown:
            raise ValueError(
                f"session {session.id} asks {', '.join(unknown)}, which the guide {guide.source} does not have; "
                "resume it with the guide it was started with"
            )
        return cls(session, guide, grader, llm=llm, on_change=on_change)

    @property
    def finished(self) -> bool:
        return self.session.finished

    @property
    def current(self) -> Turn | None:
        """The turn waiting for an answer, or None."""
        turns = self.session.turns
        if self.finished or not turns or turns[-1].answer is not None or turns[-1].skipped:
            return None
        return turns[-1]

    # --- the two entry points -------------------------------------------------------------------------

    def start(self) -> list[Event]:
        """The opening and the first question; for a resumed session, a welcome back and the open question."""
        if self.finished:
            return [_note("This interview is already finished; start a new one to practise again."),
                    Event("end", "Interview finished.")]
        if not self.session.turns:
            n, cats = len(self.session.plan), self.session.settings.get("categories")
            text, notes = self._say("interviewer", "opening", "default", n_questions=n,
                                    categories=" and ".join(cats) if isinstance(cats, list) else "")
            return [*notes, Event("say", text), *self._advance()]
        return self._welcome_back()

    def respond(self, text: str) -> list[Event]:
        """Handle one message from the candidate: an answer or a /command."""
        if self.finished:
            return [_note("The interview is over; start a new one to practise again.")]
        if not self.session.turns:
            raise RuntimeError("call start() before respond()")
        text = text.strip()
        if text.startswith("/"):
            return self._command(text)
        if self.current is None:
            # Only reachable when saving failed half-way through the last answer: ask the next thing.
            return [_note("Let's pick up where we left off."), *self._advance()]
        if not text:
            return [_note("I didn't get an answer. Type your answer, or /skip to move on.")]
        return self._answer(text)

    # --- answers --------------------------------------------------------------------------------------

    def _answer(self, text: str) -> list[Event]:
        turn = self.current
        assert turn is not None
        turn.answer, turn.answered_at = text, utcnow()
        self._changed()
        events: list[Event] = []
        grade = self._grade(turn, events)
        question = self.guide.question(turn.question_id)
        events += self._react(question, text, grade)
        gap = self._gap(question, grade, text) if grade is not None else None
        return events + (self._follow_up(question, gap) if gap else self._advance())

    def _grade(self, turn: Turn, events: list[Event]) -> Grade | None:
        try:
            grade = self.grader.grade(turn.question_id, self._answer_so_far(turn.question_id))
        except Exception as e:  # a grading bug must not lose the answer or stop the interview
            log.exception("grading %s failed", turn.question_id)
            events.append(_note(f"Grading this answer failed ({type(e).__name__}: {e}). "
                                "Your answer is saved; let's carry on."))
            return None
        turn.grade = grade
        self._changed()
        events.append(Event("grade", f"{turn.question_id}: {grade.overall}/5", grade))
        return grade

    def _answer_so_far(self, question_id: str) -> str:
        # A follow-up answer completes the first one, so the question is graded on everything said so far.
        return "\n\n".join(t.answer for t in self._turns_of(question_id) if t.answer and not t.skipped)

    def _turns_of(self, question_id: str) -> list[Turn]:
        return [t for t in self.session.turns if t.question_id == question_id]

    def _gap(self, question: Question, grade: Grade, answer: str) -> Gap | None:
        turns = self._turns_of(question.id)
        asked = [t.gap for t in turns if t.gap]
        n_followups = sum(t.role == "follow_up" for t in turns)
        return choose_followup(question, grade, asked, n_followups, answer)

    def _react(self, question: Question, answer: str, grade: Grade | None) -> list[Event]:
        situation = _reaction_situation(answer, grade)
        strengths, weaknesses = _strengths_and_weaknesses(grade)
        text, notes = self._say(
            "interviewer", "reaction", situation, question=question.text, answer=_clip(answer),
            overall=grade.overall if grade else None, strengths=strengths, weaknesses=weaknesses,
        )
        return [*notes, Event("say", text)]

    # --- asking ---------------------------------------------------------------------------------------

    def _follow_up(self, question: Question, gap: Gap) -> list[Event]:
        text, notes = self._say("followup", "ask", gap.kind, gap=gap.kind, question=question.text,
                                answer=_clip(self._answer_so_far(question.id)), key_point=gap.key_point)
        self._add_turn(Turn(question_id=question.id, role="follow_up", prompt=text, gap=gap.id))
        return [*notes, Event("follow_up", text)]

    def _advance(self) -> list[Event]:
        """Ask the next planned question, or close when the plan is done."""
        number = self._questions_asked() + 1
        total = len(self.session.plan)
        if number > total:
            return self._close(ended_early=False)
        question = self.guide.question(self.session.plan[number - 1])
        situation = "first" if number == 1 else "last" if number == total else "next"
        text, notes = self._say("interviewer", "question", situation, question=question.text,
                                number=number, total=total)
        self._add_turn(Turn(question_id=question.id, role="question", prompt=text))
        return [*notes, Event("question", text)]

    def _questions_asked(self) -> int:
        return sum(t.role == "question" for t in self.session.turns)

    def _welcome_back(self) -> list[Event]:
        pending, total = self.current, len(self.session.plan)
        if pending is None and self._questions_asked() >= total:
            return self._close(ended_early=False)
        number = self._questions_asked() + (0 if pending else 1)
        text, notes = self._say("interviewer", "resume", "pending" if pending else "next",
                                number=number, total=total)
        events = [*notes, Event("say", text)]
        if pending is None:
            return events + self._advance()
        return events + [Event(pending.role, pending.prompt)]

    def _close(self, *, ended_early: bool) -> list[Event]:
        main = [t for t in self.session.turns if t.role == "question"]
        answered = sum(t.answer is not None and not t.skipped for t in main)
        skipped = sum(t.skipped for t in main)
        situation = "nothing_answered" if not answered else "ended_early" if ended_early else "done"
        text, notes = self._say("interviewer", "closing", situation, answered=answered, skipped=skipped,
                                total=len(self.session.plan))
        self.session.finished = True
        self._changed()
        return [*notes, Event("say", text), Event("scorecard", _summary(main)), Event("end", "Interview finished.")]

    # --- commands -------------------------------------------------------------------------------------

    def _command(self, text: str) -> list[Event]:
        command = text.split()[0].lower()
        if command == "/skip":
            return self._skip()
        if command == "/repeat":
            turn = self.current
            return [Event(turn.role, turn.prompt)] if turn else [_note("There is no open question to repeat.")]
        if command == "/model":
            return self._reference()
        if command == "/end":
            return self._close(ended_early=True)
        return [_note(f"Unknown command {command}. {COMMANDS_HELP}")]

    def _skip(self) -> list[Event]:
        turn = self.current
        if turn is None:  # only after a save failed half-way: nothing to skip, so just go on
            return self._advance()
        turn.skipped = True
        self._changed()
        text, notes = self._say("interviewer", "skip", "default")
        return [*notes, Event("say", text), *self._advance()]

    def _reference(self) -> list[Event]:
        turn = self.current or self.session.turns[-1]
        if not any(t.answer is not None and not t.skipped for t in self._turns_of(turn.question_id)):
            return [_note("Give this question a try first: the reference answer is shown once you have "
                          "answered it.")]
        question = self.guide.question(turn.question_id)
        events = [Event("reference", f"{question.id}: {question.text}\n\n{question.answer}")]
        if self.current is not None:
            events.append(_note("The question above is still open: answer it, or /skip to move on."))
        return events

    # --- wording and saving ---------------------------------------------------------------------------

    def _say(self, role: str, part: str, situation: str, **variables: object) -> tuple[str, list[Event]]:
        """What to say, phrased by the LLM when there is one, else the offline wording for `situation`."""
        variables.setdefault("situation", situation)
        if self.llm is not None and prompts.has_llm_template(role, part):
            try:
                text = self.llm.complete(prompts.messages(role, part, **variables)).strip().strip('"')
                if text:
                    return text, []
                raise LLMError("empty reply")
            except LLMError as e:
                log.warning("LLM %s failed, using offline wording: %s", self.llm.name, e)
                name, self.llm = self.llm.name, None  # don't wait on a dead endpoint at every turn
                note = _note(f"The language model ({name}) failed: {e}. "
                             "Using the built-in wording for the rest of this interview.")
                return self._offline(role, part, situation, variables), [note]
        return self._offline(role, part, situation, variables), []

    def _offline(self, role: str, part: str, situation: str, variables: dict[str, object]) -> str:
        return prompts.offline(role, part, situation, seed=self._seed, index=len(self.session.turns), **variables)

    def _add_turn(self, turn: Turn) -> None:
        self.session.turns.append(turn)
        self._changed()

    def _changed(self) -> None:
        self.session.updated_at = utcnow()
        if self.on_change is not None:
            self.on_change(self.session)


def _reaction_situation(answer: str, grade: Grade | None) -> str:
    if is_decline(answer):
        return "declined"
    if grade is None:
        return "ungraded"
    if not grade.on_topic:
        return "off_topic"
    return "strong" if grade.overall >= 4 else "solid" if grade.overall == 3 else "weak"


def _strengths_and_weaknesses(grade: Grade | None) -> tuple[str, str]:
    """Plain-words summary of a grade for the LLM's reaction (never the reference's key points)."""
    if grade is None:
        return "", ""
    good = [f"the {p}" for p, part in grade.star.items() if part.present]
    bad = [f"no clear {p}" for p in grade.missing_parts]
    if grade.specificity.measured_result:
        good.append("a measured result")
    bad += [f"red flag: {flag.replace('_', ' ')}" for flag in grade.red_flags]
    return ", ".join(good), ", ".join(bad)


def _clip(text: str) -> str:
    return text if len(text) <= MAX_ANSWER_CHARS_FOR_LLM else text[:MAX_ANSWER_CHARS_FOR_LLM] + " […]"


def _summary(main_turns: list[Turn]) -> str:
    """A one-line-per-question tally; the full scorecard is `scorecard.build_scorecard`'s job."""
    lines, scores = [], []
    for t in main_turns:
        if t.skipped:
            lines.append(f"- {t.question_id}: skipped")
        elif t.grade is not None:
            scores.append(t.grade.overall)
            lines.append(f"- {t.question_id}: {t.grade.overall}/5")
        else:
            lines.append(f"- {t.question_id}: {'not graded' if t.answer else 'not answered'}")
    average = f"{sum(scores) / len(scores):.1f}/5" if scores else "no graded answers"
    return "\n".join([f"Scorecard: {average} on average", *lines])
