"""The interview engine: plans a session (`planning`), asks, records and grades answers, follows up, closes.

`Interview` turns each candidate message into a list of `Event`s for a front end to show or speak. It keeps
all state in the `Session` it owns and hands that session to `on_change` after every change (an answer is
handed over before it is graded, so nothing is lost if grading fails).

It does no I/O of its own: no printing, no files, no database (that is `on_change`'s job), no UI. Grading comes
through the narrow `GradeFn` protocol, follow-up decisions from `followup`, wording from `phrasing` (an optional
`LLM`, streamed into `sink` as it is generated, with the offline wording as fallback), and with an LLM a second
opinion on each grade from `judge` (shown, stored, never the grade of record). Tokens of every LLM call are
counted into `session.usage`.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol, TypedDict, Unpack

from interviewer import judge, prompts
from interviewer.followup import Gap, choose_followup
from interviewer.llm import LLM, LLMError
from interviewer.models import Delivery, Grade, Guide, Question, Session, Turn, Usage, utcnow
from interviewer.phrasing import Phraser, Said, TokenSink, clip, reaction_situation, strengths_and_weaknesses
from interviewer.planning import match_categories, plan_questions
from interviewer.sessions import new_session_id
from interviewer.tokens import Metered, encoding_name

log = logging.getLogger(__name__)

EventKind = Literal["say", "question", "follow_up", "grade", "second_opinion", "reference", "scorecard", "note",
                    "end"]
COMMANDS_HELP = (
    "Commands: /skip (move on to the next question), /repeat (hear the question again), "
    "/model (the guide's reference answer, once you have tried this question), /end (finish now)."
)


@dataclass
class Event:
    """One thing the interviewer says or shows."""

    kind: EventKind
    text: str
    grade: Grade | None = None
    live: bool = False
    """Already shown through the interview's `sink` as it happened (streamed word by word, or shown before
    the words that followed it): a front end that uses a sink need not show it again."""
    answers: int = 1
    """For a grade: how many of the candidate's answers it covers (the first and its follow-ups, graded together)."""


class Options(TypedDict, total=False):
    """What `Interview.new` and `Interview.resume` pass on to the constructor."""

    llm: LLM | None
    on_change: Callable[[Session], None] | None
    second_opinion: bool
    context_tokens: int


class GradeFn(Protocol):
    def grade(self, question_id: str, answer: str) -> Grade: ...


def _note(text: str) -> Event:
    return Event("note", text)


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
        second_opinion: bool = True,
        context_tokens: int = 3000,
    ) -> None:
        self.session = session
        self.guide = guide
        self.grader = grader
        self.on_change = on_change
        if llm is not None:
            session.usage = session.usage or Usage(model=llm.name, encoding=encoding_name(llm.name))
            llm = Metered(llm, session.usage)
        self.llm = llm
        self.second_opinion = second_opinion and llm is not None
        self._seed = int(session.settings.get("seed") or 0)  # type: ignore[arg-type]
        self.phraser = Phraser(llm, session, seed=self._seed, budget=context_tokens)
        # What the interviewer must never recite: the reference answers of every question in the plan.
        known = {q.id for q in guide.questions}
        self._secret = "\n".join(guide.question(q).answer for q in session.plan if q in known)

    @property
    def sink(self) -> TokenSink | None:  # where the LLM's words stream as generated; set by a live front end
        return self.phraser.sink

    @sink.setter
    def sink(self, value: TokenSink | None) -> None:
        self.phraser.sink = value

    @classmethod
    def new(
        cls,
        guide: Guide,
        grader: GradeFn,
        *,
        n_questions: int = 5,
        categories: list[str] | None = None,
        seed: int | None = None,
        **options: Unpack[Options],
    ) -> Interview:
        """A fresh session. Without a seed one is drawn and recorded, so the session can be replayed."""
        if seed is None:
            seed = random.SystemRandom().randrange(2**31)
        plan = plan_questions(guide, n_questions, categories, seed)
        matched = match_categories(guide, categories or [])
        settings: dict[str, str | int | list[str] | None] = {
            "n_questions": len(plan),
            "categories": [c for c in guide.categories if c in matched] or None,
            "seed": seed,
            "model": llm.name if (llm := options.get("llm")) is not None else None,
            "prompts": [prompts.version("interviewer"), prompts.version("followup")]
            + ([prompts.version(judge.ROLE)] if llm is not None and options.get("second_opinion", True) else []),
        }
        session = Session(id=new_session_id(), plan=plan, settings=settings)
        return cls(session, guide, grader, **options)

    @classmethod
    def resume(cls, session: Session, guide: Guide, grader: GradeFn, **options: Unpack[Options]) -> Interview:
        """Continue a saved session; `start()` then welcomes the candidate back."""
        known = {q.id for q in guide.questions}
        unknown = [qid for qid in session.plan if qid not in known]
        if unknown:
            raise ValueError(
                f"session {session.id} asks {', '.join(unknown)}, which the guide {guide.source} does not have; "
                "resume it with the guide it was started with"
            )
        return cls(session, guide, grader, **options)

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
            said = self.phraser.say("interviewer", "opening", "default", n_questions=n,
                             categories=" and ".join(cats) if isinstance(cats, list) else "")
            return [*self._events("say", said), *self._advance()]
        return self._welcome_back()

    def respond(self, text: str, delivery: Delivery | None = None) -> list[Event]:
        """Handle one message from the candidate: an answer or a /command.

        `delivery` is how a spoken answer was said (pace, fillers, pauses); it is kept on the turn the text
        answers and saved with it. A /command ignores it.
        """
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
        return self._answer(text, delivery)

    # --- answers --------------------------------------------------------------------------------------

    def _answer(self, text: str, delivery: Delivery | None) -> list[Event]:
        turn = self.current
        assert turn is not None
        turn.answer, turn.answered_at, turn.delivery = text, utcnow(), delivery
        self._changed()
        events: list[Event] = []
        grade = self._grade(turn, events)
        question = self.guide.question(turn.question_id)
        if grade is not None and self.second_opinion and self.phraser.llm is not None:  # not once it gave up
            events += self._second_opinion(turn, question, grade)
        self._show_live(events)
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
        answers = sum(1 for t in self._turns_of(turn.question_id) if t.answer and not t.skipped)
        events.append(Event("grade", f"{turn.question_id}: {grade.overall}/5", grade, answers=answers))
        return grade

    def _second_opinion(self, turn: Turn, question: Question, grade: Grade) -> list[Event]:
        assert self.llm is not None
        try:
            opinion = judge.second_opinion(self.llm, question, self._answer_so_far(question.id), grade)
        except LLMError as e:
            log.warning("second opinion from %s failed: %s", self.llm.name, e)
            return [_note(f"No second opinion on this grade: the language model failed ({e}). "
                          "The offline grade stands.")]
        turn.second_opinion = opinion
        self._changed()
        return [Event("second_opinion", judge.describe(opinion, grade))]

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
        situation = reaction_situation(answer, grade)
        strengths, weaknesses = strengths_and_weaknesses(grade)
        said = self.phraser.say(
            "interviewer", "reaction", situation, question=question.text, answer=clip(answer),
            overall=grade.overall if grade else None, strengths=strengths, weaknesses=weaknesses,
            secret=self._secret, allowed=question.text,
        )
        return self._events("say", said)

    # --- asking ---------------------------------------------------------------------------------------

    def _follow_up(self, question: Question, gap: Gap) -> list[Event]:
        said = self.phraser.say("followup", "ask", gap.kind, kind="follow_up", gap=gap.kind, question=question.text,
                         answer=clip(self._answer_so_far(question.id)), key_point=gap.key_point,
                         secret=self._secret, allowed=question.text + " " + gap.key_point)
        self._add_turn(Turn(question_id=question.id, role="follow_up", prompt=said.text, gap=gap.id,
                            phrased_by=said.model))
        return self._events("follow_up", said)

    def _advance(self) -> list[Event]:
        """Ask the next planned question, or close when the plan is done."""
        number = self._questions_asked() + 1
        total = len(self.session.plan)
        if number > total:
            return self._close(ended_early=False)
        question = self.guide.question(self.session.plan[number - 1])
        situation = "first" if number == 1 else "last" if number == total else "next"
        said = self.phraser.say("interviewer", "question", situation, kind="question", question=question.text,
                         number=number, total=total, secret=self._secret, allowed=question.text)
        self._add_turn(Turn(question_id=question.id, role="question", prompt=said.text, phrased_by=said.model))
        return self._events("question", said)

    def _questions_asked(self) -> int:
        return sum(t.role == "question" for t in self.session.turns)

    def _welcome_back(self) -> list[Event]:
        pending, total = self.current, len(self.session.plan)
        if pending is None and self._questions_asked() >= total:
            return self._close(ended_early=False)
        number = self._questions_asked() + (0 if pending else 1)
        said = self.phraser.say("interviewer", "resume", "pending" if pending else "next", number=number, total=total)
        events = self._events("say", said)
        if pending is None:
            return events + self._advance()
        return events + [Event(pending.role, pending.prompt)]

    def _close(self, *, ended_early: bool) -> list[Event]:
        main = [t for t in self.session.turns if t.role == "question"]
        answered = sum(t.answer is not None and not t.skipped for t in main)
        skipped = sum(t.skipped for t in main)
        situation = "nothing_answered" if not answered else "ended_early" if ended_early else "done"
        said = self.phraser.say("interviewer", "closing", situation, answered=answered, skipped=skipped,
                         total=len(self.session.plan))
        self.session.finished = True
        self._changed()
        return [*self._events("say", said), Event("scorecard", _summary(main, self.session.turns)),
                Event("end", "Interview finished.")]

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
        return [*self._events("say", self.phraser.say("interviewer", "skip", "default")), *self._advance()]

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

    def _events(self, kind: EventKind, said: Said) -> list[Event]:
        return [*([_note(said.note)] if said.note else []), Event(kind, said.text, live=said.streamed)]

    def _show_live(self, events: list[Event]) -> None:
        """Show `events` through the sink now, so they come before the words streamed after them."""
        if self.sink is not None and self.llm is not None:
            for event in events:
                self.sink.show(event)
                event.live = True

    def _add_turn(self, turn: Turn) -> None:
        self.session.turns.append(turn)
        self._changed()

    def _changed(self) -> None:
        self.session.updated_at = utcnow()
        if self.on_change is not None:
            self.on_change(self.session)


def _summary(main_turns: list[Turn], turns: list[Turn]) -> str:
    """A one-line-per-question tally; the full scorecard is `scorecard.build_scorecard`'s job. The first answer's
    grade is the grade of record; where a follow-up was answered, the grade of the answer with it follows."""
    lines, scores = [], []
    for t in main_turns:
        later = [f.grade.overall for f in turns if f.role == "follow_up" and f.question_id == t.question_id
                 and f.grade is not None and not f.skipped]
        if t.skipped:
            lines.append(f"- {t.question_id}: skipped")
        elif t.grade is not None:
            scores.append(t.grade.overall)
            lines.append(f"- {t.question_id}: {t.grade.overall}/5"
                         + (f" ({later[-1]}/5 with the follow-up)" if later else ""))
        else:
            lines.append(f"- {t.question_id}: {'not graded' if t.answer else 'not answered'}")
    average = f"{sum(scores) / len(scores):.1f}/5" if scores else "no graded answers"
    return "\n".join([f"Scorecard: {average} on average", *lines])
